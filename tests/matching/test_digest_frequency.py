"""The digest per user: daily, weekly (on QIFUTONG_DIGEST_WEEKDAY) or off, set on the account
page; an item pushed weeks ago whose window now closes soon rises in the inbox and comes in
the digest once. The street's today is given to each call."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from qifutong.extensions import db
from qifutong.inbox.digest import send_all_digests, send_digests
from qifutong.inbox.models import Notification, Push
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today
from tests.matching.test_pages import HEADCOUNT_50, publish


def _digests(user_id: int) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.user_id == user_id, Notification.kind == "push_digest"
            )
        )
    )


def test_each_user_gets_the_digest_as_often_as_chosen(app, make_firm, make_user, smtp_sink):
    today = street_today()
    app.config["QIFUTONG_DIGEST_WEEKDAY"] = (today.weekday() + 1) % 7  # not today
    daily = make_user("firm", enterprise_id=make_firm(headcount=80).id, email="d@x.example")
    weekly_firm = make_firm(headcount=80, email="boss@w.example")
    weekly = make_user("firm", enterprise_id=weekly_firm.id, email="w@x.example")
    off = make_user("firm", enterprise_id=make_firm(headcount=80).id, email="o@x.example")
    weekly.digest_frequency, off.digest_frequency = "weekly", "off"
    db.session.commit()
    publish("人才引进补贴", HEADCOUNT_50)

    assert send_digests(today) == {"notifications": 1, "emails": 1}
    db.session.commit()
    assert [len(_digests(u.id)) for u in (daily, weekly, off)] == [1, 0, 0]
    assert [sorted(rcpt) for rcpt, _ in smtp_sink] == [["d@x.example"]]

    app.config["QIFUTONG_DIGEST_WEEKDAY"] = today.weekday()  # the weekly digest's day
    assert send_digests(today) == {"notifications": 1, "emails": 1}
    db.session.commit()
    (note,) = _digests(weekly.id)
    assert note.title == "本周为您推荐 1 项" and "人才引进补贴" in note.body
    assert sorted(smtp_sink[-1][0]) == ["boss@w.example", "w@x.example"]
    assert _digests(off.id) == []


def test_saved_searches_wait_for_the_users_digest(app, client, login, make_firm, make_user):
    today = street_today()
    user = make_user("firm", enterprise_id=make_firm(headcount=80).id)
    user.digest_frequency = "off"
    db.session.commit()
    login(user)
    client.post("/firm/searches", data={"kind": "policy", "q": "人才", "fit": ""})
    publish("人才公寓租金补贴", HEADCOUNT_50)
    assert send_all_digests(today)["saved_searches"] == 0
    user.digest_frequency = "daily"
    db.session.commit()
    assert send_all_digests(today)["saved_searches"] == 1


def test_the_account_page_sets_the_frequency(app, client, login, make_firm, make_user):
    user = make_user("firm", enterprise_id=make_firm().id)
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert 'name="frequency" value="daily" checked' in page and "每周摘要在每周一送达。" in page
    done = client.post("/account/digest", data={"frequency": "weekly"}, follow_redirects=True)
    assert "摘要频率已改为：每周。" in done.get_data(as_text=True)
    assert user.digest_frequency == "weekly"
    bad = client.post("/account/digest", data={"frequency": "hourly"}, follow_redirects=True)
    assert "摘要频率应为 每日、每周 或 不接收" in bad.get_data(as_text=True)
    assert user.digest_frequency == "weekly"
    official = make_user("street")
    login(official)
    assert "消息摘要" not in client.get("/account").get_data(as_text=True)
    assert client.post("/account/digest", data={"frequency": "off"}).status_code == 403


def test_an_item_pushed_weeks_ago_closing_soon_rises_and_comes_in_the_digest_once(
    app, client, login, make_firm, make_user
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    publish("研发投入补助", HEADCOUNT_50)
    closing = publish("稳岗扩岗奖励", HEADCOUNT_50, closes_on=today + timedelta(days=4))
    for p in db.session.scalars(select(Push)):
        p.pushed_at = utcnow() - timedelta(days=21)  # pushed three weeks ago
    db.session.commit()

    login(user)
    page = client.get("/firm/").get_data(as_text=True)
    first = page.index('<article class="item push"')
    assert page.index("稳岗扩岗奖励", first) < page.index("研发投入补助", first)
    assert "即将截止：还剩 4 天" in page

    assert send_digests(today) == {"notifications": 1, "emails": 0}
    db.session.commit()
    (note,) = _digests(user.id)
    assert note.title == "今日提醒 1 项：即将截止与关注动态"
    assert note.body.splitlines()[-2:] == [
        "即将截止（此前推荐给您、尚未申报）：",
        "· 稳岗扩岗奖励【即将截止：还剩 4 天】",
    ]
    push = db.session.scalar(select(Push).where(Push.offer_id == closing.id))
    assert push.closing_noted_on == closing.closes_on

    db.session.delete(note)  # as if on another day: the reminder is not repeated
    db.session.commit()
    assert send_digests(today) == {"notifications": 0, "emails": 0}


def test_a_followed_item_closing_soon_is_told_once_as_followed_news(
    app, client, login, make_firm, make_user
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    policy = publish("稳岗扩岗奖励", HEADCOUNT_50, closes_on=today + timedelta(days=4))
    for p in db.session.scalars(select(Push)):
        p.pushed_at = utcnow() - timedelta(days=21)
    db.session.commit()
    login(user)
    client.post(f"/firm/offers/policy/{policy.id}/follow")
    assert send_all_digests(today)["follow_news"] == 1
    db.session.commit()
    (note,) = _digests(user.id)
    assert "即将截止（此前推荐给您、尚未申报）：" not in note.body
    assert note.body.splitlines()[-1] == (
        f"· 您关注的“稳岗扩岗奖励”即将截止：还剩 4 天（{policy.closes_on}）"
    )


def test_the_daily_command_respects_each_users_frequency(app, make_firm, make_user):
    today = street_today()
    app.config["QIFUTONG_DIGEST_WEEKDAY"] = (today.weekday() + 3) % 7  # not today
    weekly = make_user("firm", enterprise_id=make_firm(headcount=80).id)
    weekly.digest_frequency = "weekly"
    db.session.commit()
    publish("人才引进补贴", HEADCOUNT_50)
    result = app.test_cli_runner().invoke(args=["match", "push"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert (out["notifications"], out["follow_news"], out["saved_searches"]) == (0, 0, 0)
    assert _digests(weekly.id) == []
