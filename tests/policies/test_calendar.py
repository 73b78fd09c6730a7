"""The firm's calendar (申报日历): open and coming windows of items it is eligible for or
follows, its applications' next steps with their deadlines, its materials that expire soon.
Dates are set from the street's today."""

from __future__ import annotations

import re
from datetime import timedelta

from policies.applications import services
from policies.applications.models import FirmMaterial
from qifutong.extensions import db
from qifutong.inbox import follows
from qifutong.matching import registry
from qifutong.timeutil import street_today
from tests.matching.test_pages import HEADCOUNT_50, publish

BIG = [{"field": "headcount", "op": "gte", "value": 500, "kind": "must"}]


def _rows(html: str, table: str) -> list[str]:
    """The items' titles of one of the calendar's tables, in order."""
    body = html.split(f'class="grid cards-on-phone {table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr[^>]*>\s*<td data-label="[^"]+"><a href="[^"]+">([^<]+)</a>', body)


def test_the_calendar_lists_windows_next_steps_and_expiring_materials(
    app, make_firm, make_user, logged_in
):
    today = street_today()
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    official = make_user("street")
    soon = publish("稳岗扩岗奖励", HEADCOUNT_50, closes_on=today + timedelta(days=5),
                   batch="2026年第二批")  # fmt: skip
    publish("研发投入补助", HEADCOUNT_50, opens_on=today + timedelta(days=10),
            closes_on=today + timedelta(days=40))  # fmt: skip
    watched = publish("上市培育奖励", BIG, closes_on=today + timedelta(days=30))
    publish("人才引进补贴", HEADCOUNT_50)  # no window: always open, not on the calendar
    publish("人才公寓补贴", HEADCOUNT_50, closes_on=today + timedelta(days=3))
    publish("规上企业奖励", HEADCOUNT_50, payout_mode="auto", closes_on=today + timedelta(days=3))
    returned = publish("技改项目补助", HEADCOUNT_50, closes_on=today + timedelta(days=60))
    item = registry.load_offer("policy", watched.id)
    assert item is not None
    follows.follow(firm.id, user, item, today)

    applied = services.submit(firm, "policy", soon.id, {}, [], user)
    back = services.submit(firm, "policy", returned.id, {}, [], user)
    services.transition(back, "returned", user=official, note="请补充财务报表")
    for kind, until in (("license", 10), ("financials", -1), ("financials", 200),
                        ("qualification", 100), ("tax", -3)):  # fmt: skip
        db.session.add(FirmMaterial(enterprise_id=firm.id, kind=kind, title=f"{kind}材料",
                                    file_name="a.pdf", stored_path="x", size=1,
                                    valid_until=today + timedelta(days=until)))  # fmt: skip
    db.session.commit()

    me = logged_in(user)
    assert 'href="/firm/calendar"' in me.get("/firm/").get_data(as_text=True)  # in the menu
    page = me.get("/firm/calendar").get_data(as_text=True)
    assert _rows(page, "windows-open") == ["人才公寓补贴", "稳岗扩岗奖励", "上市培育奖励",
                                           "技改项目补助"]  # fmt: skip
    first = page.split('data-offer="policy-', 1)[1].split("</tr>", 1)[0]
    assert "即将截止：还剩 3 天" in first and "立即申报" in first
    assert _rows(page, "windows-upcoming") == ["研发投入补助"]
    row = page.split(f'data-offer="policy-{soon.id}"', 1)[1].split("</tr>", 1)[0]
    assert "2026年第二批" in row and "已提交" in row and "还剩 5 天" in row
    assert "即将截止" not in row  # applied already: no reminder
    assert f"/applications/{applied.id}" in row and "立即申报" not in row
    followed = page.split(f'data-offer="policy-{watched.id}"', 1)[1].split("</tr>", 1)[0]
    assert "已关注" in followed and "符合条件" not in followed
    assert str(today + timedelta(days=10)) in page  # when the coming window opens

    assert _rows(page, "next-steps") == ["技改项目补助", "稳岗扩岗奖励"]  # the firm's turn first
    assert "请按要求补正后重新提交" in page and "等待街道受理" in page
    expiring = page.split('class="grid cards-on-phone expiring"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td data-label=\"材料名称\">([^<]+)</td>", expiring) == [
        "tax材料",
        "license材料",
    ]  # the expired statement was replaced by a newer one; the certificate is valid for long
    assert "已过期" in expiring and "还剩 10 天" in expiring

    followed = page.split('class="grid cards-on-phone followed"', 1)[1].split("</table>", 1)[0]
    assert "上市培育奖励" in followed and "取消关注" in followed
    gone = me.post(f"/firm/offers/policy/{watched.id}/unfollow", data={"next": "/firm/calendar"})
    assert gone.headers["Location"] == "/firm/calendar"
    again = me.get("/firm/calendar").get_data(as_text=True)
    assert "上市培育奖励" not in again  # neither followed nor eligible: off the calendar


def test_only_a_firm_sees_its_own_calendar(app, make_firm, make_user, logged_in, make_building):
    firm, other = make_firm(headcount=80), make_firm(headcount=80)
    publish("稳岗扩岗奖励", HEADCOUNT_50, closes_on=street_today() + timedelta(days=5))
    mine = make_user("firm", enterprise_id=firm.id)
    theirs = make_user("firm", enterprise_id=other.id)
    closes = street_today() + timedelta(days=9)
    policy_id = publish("技改项目补助", HEADCOUNT_50, closes_on=closes).id
    services.submit(firm, "policy", policy_id, {}, [], mine)
    db.session.commit()
    page = logged_in(theirs).get("/firm/calendar").get_data(as_text=True)
    assert "没有办理中的申报。" in page and "技改项目补助" in page  # eligible, not applied
    steps = page.split("<h2>申报的下一步</h2>", 1)[1].split("</table>", 1)[0]
    assert "/applications/" not in steps
    for role, kw in (("street", {}), ("building", {"building_ids": [make_building().id]})):
        assert logged_in(make_user(role, **kw)).get("/firm/calendar").status_code == 403
