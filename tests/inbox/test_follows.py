"""Following an item (关注): told when its window opens, when its deadline is near and when its
text is amended, in the app and in the digest; unfollowing. Dates are set from the street's
today, which each call is given."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from policies.services import update_policy
from qifutong.extensions import db
from qifutong.inbox.digest import send_all_digests
from qifutong.inbox.follows import follow_news
from qifutong.inbox.models import Notification, OfferFollow
from qifutong.timeutil import street_today
from tests.matching.test_pages import HEADCOUNT_50, publish


def _notes(user_id: int, kind: str = "follow") -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.title)
            .where(Notification.user_id == user_id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def test_a_follower_is_told_once_when_the_window_opens_and_the_deadline_nears(
    app, client, login, make_firm, make_user
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    colleague = make_user("firm", enterprise_id=firm.id)
    opens, closes = today + timedelta(days=3), today + timedelta(days=20)
    policy = publish("稳岗扩岗奖励", HEADCOUNT_50, opens_on=opens, closes_on=closes,
                     batch="2027年第一批")  # fmt: skip
    login(user)
    page = client.get(f"/firm/offers/policy/{policy.id}").get_data(as_text=True)
    assert 'id="follow"' in page and str(opens) in page
    followed = client.post(f"/firm/offers/policy/{policy.id}/follow", follow_redirects=True)
    text = followed.get_data(as_text=True)
    assert "已关注：申报开始、临近截止或内容修订时" in text and 'id="unfollow"' in text
    client.post(f"/firm/offers/policy/{policy.id}/follow")  # twice: still one follow
    assert db.session.scalars(select(OfferFollow)).one().user_id == user.id

    assert follow_news(today) == 0  # not open yet
    assert follow_news(opens) == 2  # each user of the firm
    assert follow_news(opens) == 0  # once
    expected = f"您关注的“稳岗扩岗奖励”（2027年第一批）开始申报，{closes} 截止"
    assert _notes(user.id) == _notes(colleague.id) == [expected]
    assert follow_news(closes - timedelta(days=5)) == 2
    assert follow_news(closes - timedelta(days=4)) == 0
    assert _notes(user.id)[-1] == f"您关注的“稳岗扩岗奖励”即将截止：还剩 5 天（{closes}）"
    note = db.session.scalars(select(Notification).where(Notification.kind == "follow")).first()
    assert note.link == f"/firm/offers/policy/{policy.id}"


def test_an_amendment_is_told_at_once_and_the_news_comes_in_the_digest(
    app, client, login, make_firm, make_user
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    stranger = make_user("firm", enterprise_id=make_firm(headcount=80).id)
    policy = publish("研发投入补助", HEADCOUNT_50, opens_on=today + timedelta(days=10))
    send_all_digests(today)  # today's push comes in today's digest
    db.session.commit()
    login(user)
    client.post(f"/firm/offers/policy/{policy.id}/follow")

    update_policy(policy, {"full_text": "补助比例调整为 10%", "opens_on": today})
    db.session.commit()
    assert _notes(user.id) == ["您关注的“研发投入补助”已修订：正文、申报时间"]
    assert _notes(stranger.id) == []  # it does not follow the policy

    db.session.execute(db.delete(Notification).where(Notification.kind == "push_digest"))
    out = send_all_digests(today)  # the window opened today: told, and both are in the digest
    db.session.commit()
    assert out["follow_news"] == 1
    digest = db.session.scalars(
        select(Notification).where(
            Notification.user_id == user.id, Notification.kind == "push_digest"
        )
    ).one()
    assert digest.title == "今日为您推荐 1 项"
    lines = digest.body.splitlines()
    at = lines.index("您关注的项目：")
    assert lines[at + 1 :] == [
        "· 您关注的“研发投入补助”已修订：正文、申报时间",
        "· 您关注的“研发投入补助”开始申报",
    ]


def test_unfollow_and_only_ones_own_follow(app, client, login, make_firm, make_user):
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    other = make_user("firm", enterprise_id=make_firm(headcount=80).id)
    policy = publish("人才引进补贴", HEADCOUNT_50)
    login(user)
    client.post(f"/firm/offers/policy/{policy.id}/follow")
    login(other)
    assert client.post(f"/firm/offers/policy/{policy.id}/unfollow").status_code == 404
    assert client.post("/firm/offers/policy/9999/follow").status_code == 404
    login(user)
    gone = client.post(f"/firm/offers/policy/{policy.id}/unfollow", follow_redirects=True)
    assert "已取消关注。" in gone.get_data(as_text=True)
    assert db.session.scalars(select(OfferFollow)).all() == []
    update_policy(policy, {"summary": "新摘要"})
    db.session.commit()
    assert _notes(user.id) == []
