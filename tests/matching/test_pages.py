"""The firm's pages: inbox, dismissal that stays gone, find with typos, applying from an item;
vacant units reaching the firms that need space."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from buildings.models import Lease, Unit
from policies.models import FundingProduct, Policy
from qifutong import events
from qifutong.extensions import db
from qifutong.inbox import pushes
from qifutong.inbox.models import Notification, Push
from qifutong.matching.queries import explain_pushes
from qifutong.matching.services import full_match
from qifutong.timeutil import street_today

HEADCOUNT_50 = [{"field": "headcount", "op": "gte", "value": 50, "kind": "must"}]


def publish(title: str, criteria: list, **kw) -> Policy:
    policy = Policy(title=title, criteria=criteria, tags=[], status="published", **kw)
    db.session.add(policy)
    db.session.flush()
    events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
    db.session.commit()
    return policy


def test_inbox_shows_reasons_and_a_dismissal_stays_gone(app, client, login, make_firm, make_user):
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    keep = publish("高新企业奖励", HEADCOUNT_50)
    drop = publish("稳岗补贴", HEADCOUNT_50)
    login(user)
    page = client.get("/firm/").get_data(as_text=True)
    assert "高新企业奖励" in page and "稳岗补贴" in page
    assert "员工人数 80 人，要求 ≥ 50 人" in page
    assert {p.state for p in db.session.scalars(select(Push))} == {"seen"}

    item = db.session.scalar(select(Push).where(Push.offer_id == drop.id))
    refused = client.post(
        f"/firm/pushes/{item.id}/dismiss", data={"reason": ""}, follow_redirects=True
    )
    assert "请说明忽略的原因" in refused.get_data(as_text=True)
    done = client.post(
        f"/firm/pushes/{item.id}/dismiss",
        data={"reason": "暂时不需要", "note": "明年再说"},
        follow_redirects=True,
    )
    text = done.get_data(as_text=True)
    assert "不会再向您推送" in text
    db.session.expire_all()
    item = db.session.get(Push, item.id)
    assert item.state == "dismissed" and item.dismissed_reason == "暂时不需要：明年再说"

    # Matching again, on later days, never brings it back.
    full_match()
    for days in (1, 2):
        pushes.deliver(street_today() + timedelta(days=days))
    db.session.commit()
    page = client.get("/firm/").get_data(as_text=True)
    assert "稳岗补贴" not in page and "高新企业奖励" in page
    assert db.session.scalar(select(Push.id).where(Push.offer_id == keep.id)) is not None
    assert len(db.session.scalars(select(Push).where(Push.offer_id == drop.id)).all()) == 1

    # Someone else's push cannot be dismissed.
    other = make_firm(headcount=90)
    publish("另一政策", HEADCOUNT_50)
    theirs = db.session.scalar(select(Push).where(Push.enterprise_id == other.id))
    assert client.post(f"/firm/pushes/{theirs.id}/dismiss", data={"reason": "x"}).status_code == 404


def test_open_then_apply_on_the_prefilled_form(app, client, login, make_firm, make_user):
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    official = make_user("street")
    policy = publish("高新企业奖励", HEADCOUNT_50)
    login(user)
    page = client.get(f"/firm/offers/policy/{policy.id}").get_data(as_text=True)
    assert "为什么推荐给您" in page and "员工人数 80 人，要求 ≥ 50 人" in page
    item = db.session.scalar(select(Push))
    assert item.state == "clicked"
    # "立即申报" opens the application form; submitting it is the application.
    form_url = f"/firm/applications/new/policy/{policy.id}"
    assert client.post(f"/firm/offers/policy/{policy.id}/apply").headers["Location"] == form_url
    client.post(form_url)
    db.session.expire_all()
    item = db.session.scalar(select(Push))
    assert item.state == "applied" and item.applied_at is not None
    note = db.session.scalar(select(Notification).where(Notification.user_id == official.id))
    assert note is not None and "高新企业奖励" in note.title
    again = client.get(form_url, follow_redirects=True)
    assert "已经申报过该项目" in again.get_data(as_text=True)


def test_applying_to_what_the_firm_found_itself(app, client, login, make_firm, make_user):
    firm = make_firm(headcount=60)
    user = make_user("firm", enterprise_id=firm.id)
    product = FundingProduct(
        provider="杭州银行", kind="loan", title="科技贷", criteria=HEADCOUNT_50
    )
    db.session.add(product)
    db.session.commit()
    login(user)
    found = client.get("/firm/funding").get_data(as_text=True)
    assert "科技贷" in found and "员工人数 60 人，要求 ≥ 50 人" in found
    assert f'href="/firm/applications/new/funding/{product.id}"' in found
    client.post(f"/firm/applications/new/funding/{product.id}")
    item = db.session.scalar(select(Push))
    assert (item.channel, item.state, item.offer_kind) == ("search", "applied", "funding")


def test_find_tolerates_typos_and_filters(app, client, login, make_firm, make_user):
    firm = make_firm(headcount=80, qualifications=["hightech"])
    user = make_user("firm", enterprise_id=firm.id)
    publish(
        "高新技术企业认定奖励",
        [{"field": "qualifications", "op": "has", "value": "hightech"}],
        payout_mode="auto",
        issuer_level="city",
    )
    publish(
        "小微企业房租补贴",
        [
            {"field": "size_class", "op": "in", "value": ["small", "micro"]},
            {"field": "headcount", "op": "lte", "value": 100},
        ],
        payout_mode="apply",
        issuer_level="district",
    )
    login(user)
    typo = client.get("/firm/policies?q=高薪技术").get_data(as_text=True)
    assert "高新技术企业认定奖励" in typo and "小微企业房租补贴" not in typo
    assert "房租补贴" in client.get("/firm/policies?q=房祖补贴").get_data(as_text=True)
    fits = client.get("/firm/policies?fit=eligible").get_data(as_text=True)
    assert "高新技术企业认定奖励" in fits and "小微企业房租补贴" not in fits
    near = client.get("/firm/policies?fit=near_miss").get_data(as_text=True)
    assert "小微企业房租补贴" in near and "企业规模 暂无数据" in near
    by_mode = client.get("/firm/policies?f_兑现方式=免申即享").get_data(as_text=True)
    assert "高新技术企业认定奖励" in by_mode and "小微企业房租补贴" not in by_mode


def test_firm_pages_are_for_firms(app, client, login, make_user):
    login(make_user("street"))
    assert client.get("/firm/policies").status_code == 403
    assert client.get("/firm/").status_code == 403


def test_a_vacated_unit_reaches_firms_that_need_space(app, make_building, make_firm):
    building = make_building(name="西溪天堂")
    unit = Unit(building_id=building.id, floor="12", room="1203", area=300.0)
    db.session.add(unit)
    db.session.flush()
    lease = Lease(
        unit_id=unit.id,
        tenant_name="旧租户",
        start_on=street_today() - timedelta(days=700),
        end_on=street_today() + timedelta(days=20),
        area=300.0,
        status="active",
    )
    db.session.add(lease)
    db.session.commit()
    needs = make_firm(area_need=280.0, stage="growth")
    too_small = make_firm(area_need=100.0)
    nothing = make_firm(area_need=None)
    lease.status = "ended"
    events.emit(events.UNIT_VACATED, unit_id=unit.id)
    db.session.commit()
    got = db.session.scalars(select(Push).where(Push.offer_kind == "space")).all()
    assert [(p.enterprise_id, p.offer_id) for p in got] == [(needs.id, unit.id)]
    assert got[0].title == "西溪天堂 12层 1203（300 ㎡）"
    reasons = explain_pushes(got)[got[0].id].reasons  # rendered when read
    assert "场地需求面积 280 ㎡，要求介于 214 ㎡ 至 429 ㎡" in reasons
    assert "发展阶段 成长期，要求为 初创期、成长期之一" in reasons
    assert not {too_small.id, nothing.id} & {p.enterprise_id for p in got}


def test_stating_a_space_need_matches_spaces_at_once(
    app, client, login, make_building, make_firm, make_user
):
    building = make_building(name="欧美中心")
    unit = Unit(building_id=building.id, floor="8", room="801", area=200.0)
    db.session.add(unit)
    db.session.commit()
    firm = make_firm(area_need=None)
    login(make_user("firm", enterprise_id=firm.id))
    page = client.get("/firm/spaces").get_data(as_text=True)
    assert "欧美中心 8层 801" in page and "场地需求面积 暂无数据" in page
    bad = client.post("/firm/space-need", data={"area_need": "lots"}, follow_redirects=True)
    assert "需求面积应为" in bad.get_data(as_text=True)
    done = client.post("/firm/space-need", data={"area_need": "180"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "已更新场地需求" in text and "场地需求面积 180 ㎡" in text
    pushed = db.session.scalars(select(Push).where(Push.enterprise_id == firm.id)).all()
    assert [(p.offer_kind, p.offer_id) for p in pushed] == [("space", unit.id)]
