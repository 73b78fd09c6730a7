"""The board, a building's page, the editing pages, the export and the map."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from openpyxl import load_workbook

from buildings.models import Building, Lease, LeaseEvent, Unit
from qifutong.extensions import db
from qifutong.web.fragments import _contents


def test_board_counts_area_and_filters(
    client, login, make_building, make_unit, make_lease, make_user
):
    b = make_building(name="甲大厦")
    make_lease(make_unit(b, floor="3", area=120.0), days=3)
    make_lease(make_unit(b, floor="3", area=80.0), days=-5)
    make_lease(make_unit(b, floor="5", area=200.0), days=45)
    make_lease(make_unit(b, floor="5", area=50.0), days=80)
    make_lease(make_unit(b, floor="5", area=50.0), days=200)
    login(make_user("building", building_ids=[b.id]))
    html = client.get("/building/").get_data(as_text=True)
    cards = re.findall(
        r'data-level="(\w+)">\s*<span class="card-value">(\d+)</span>\s*'
        r'<span class="card-label">[^<]*· ([\d,]+) ㎡',
        html,
    )
    assert cards == [("red", "2", "200"), ("amber", "1", "200"), ("blue", "1", "50")]
    rows = re.findall(r'<tr class="level-(\w+)" data-lease="\d+"', html)
    assert rows == ["red", "red", "amber", "blue"]
    assert "已过期 5 天" in html
    floor5 = client.get(f"/building/?building={b.id}&floor=5").get_data(as_text=True)
    assert re.findall(r'<tr class="level-(\w+)"', floor5) == ["amber", "blue"]


def test_one_click_intent_and_a_renewal_change_the_board(
    client, login, make_building, make_unit, make_lease, make_user, street_today
):
    b = make_building()
    lease = make_lease(make_unit(b), days=10)
    login(make_user("building", building_ids=[b.id]))
    client.get("/building/")
    hits = _contents.hits
    assert "迁往未来科技城" not in client.get("/building/").get_data(as_text=True)
    assert _contents.hits == hits + 1  # unchanged: the board's content was kept
    res = client.post(
        f"/leases/{lease.id}/intent",
        data={"intent": "leave", "note": "迁往未来科技城", "next": "/building/?floor="},
    )
    assert res.status_code == 302 and res.headers["Location"].endswith("/building/?floor=")
    html = client.get("/building/").get_data(as_text=True)
    assert "迁往未来科技城" in html and "intent-leave current" in html
    new_end = street_today + timedelta(days=70)
    client.post(
        f"/leases/{lease.id}/renew", data={"new_end": new_end.isoformat(), "next": "/building/"}
    )
    html = client.get("/building/").get_data(as_text=True)
    assert re.findall(r'<tr class="level-(\w+)"', html) == ["blue"]
    client.post(f"/leases/{lease.id}/renew", data={"new_end": "2099-01-01"})  # already renewed
    successor = db.session.scalar(db.select(Lease).where(Lease.renewed_from_id == lease.id))
    assert successor is not None and successor.end_on == new_end
    client.post(
        f"/leases/{successor.id}/intent",
        data={
            "intent": "renew",
            "note": "再续三年",
            "new_end": (new_end + timedelta(days=1095)).isoformat(),
        },
    )
    assert "三个月内没有到期的租约" in client.get("/building/").get_data(as_text=True)
    page = client.get(f"/leases/{successor.id}").get_data(as_text=True)
    assert "迁往未来科技城" in page and "续签自租约" in page and "再续三年" in page


def test_editing_stays_within_scope(client, login, make_building, make_unit, make_user):
    mine, other = make_building(), make_building()
    unit = make_unit(mine, floor="2", room="201")
    foreign = make_unit(other)
    login(make_user("building", building_ids=[mine.id]))
    ok = client.post(
        f"/buildings/{mine.id}/edit", data={"name": "甲大厦（新）", "leasable_area": "8000"}
    )
    assert ok.status_code == 302 and db.session.get(Building, mine.id).name == "甲大厦（新）"
    assert client.post(f"/buildings/{other.id}/edit", data={"name": "x"}).status_code == 403
    assert client.post(f"/buildings/{other.id}/units/new", data={}).status_code == 403
    assert client.post(f"/units/{foreign.id}/edit", data={}).status_code == 403
    assert client.get("/buildings/new").status_code == 403  # only the street adds buildings
    made = client.post(
        f"/buildings/{mine.id}/units/new", data={"floor": "2", "room": "202", "area": "88.5"}
    )
    assert made.status_code == 302
    dup = client.post(
        f"/buildings/{mine.id}/units/new", data={"floor": "2", "room": "201", "area": "1"}
    )
    assert "已存在" in dup.get_data(as_text=True)
    res = client.post(
        f"/units/{unit.id}/leases/new",
        data={
            "tenant_name": "杭州新租户科技有限公司",
            "start_on": "2024-01-01",
            "end_on": "2023-01-01",
            "area": "50",
        },
    )
    assert "早于起租日" in res.get_data(as_text=True)
    res = client.post(
        f"/units/{unit.id}/leases/new",
        data={
            "tenant_name": "杭州新租户科技有限公司",
            "start_on": "2024-01-01",
            "end_on": "2027-12-31",
            "area": "50",
        },
    )
    lease = db.session.scalar(db.select(Lease).where(Lease.unit_id == unit.id))
    assert res.status_code == 302 and lease is not None and lease.end_on.year == 2027
    kinds = db.session.scalars(
        db.select(LeaseEvent.kind).where(LeaseEvent.lease_id == lease.id)
    ).all()
    assert kinds == ["create"]
    assert db.session.scalar(db.select(Unit).where(Unit.room == "202")).area == 88.5


def test_street_adds_a_building_and_sees_tenants_tax(
    client, login, make_user, make_building, make_unit, make_lease, make_firm
):
    login(make_user("street"))
    res = client.post(
        "/buildings/new", data={"code": "GD99", "name": "新建大厦", "lat": "30.28", "lon": "120.1"}
    )
    assert res.status_code == 302
    b = db.session.scalar(db.select(Building).where(Building.code == "GD99"))
    firm = make_firm(tax_12m=8_888_888.0)
    make_lease(make_unit(b, floor="9"), days=500, enterprise_id=firm.id, tenant_name=firm.name)
    page = client.get(f"/buildings/{b.id}").get_data(as_text=True)
    assert "近12个月税收（万元）" in page and "888.89<" in page
    assert "9层" in page and firm.name in page


def test_building_page_shows_floors_occupancy_and_history(
    client, login, make_building, make_unit, make_lease, make_user, street_today
):
    b = make_building(leasable_area=None)
    u1, u2 = make_unit(b, floor="B1", area=100.0), make_unit(b, floor="12", area=300.0)
    make_unit(b, floor="12", area=100.0)
    make_lease(u1, days=-400, status="ended", tenant_name="旧租户")
    make_lease(u2, days=20, tenant_name="现租户")
    login(make_user("property", building_ids=[b.id]))
    html = client.get(f"/buildings/{b.id}").get_data(as_text=True)
    assert html.index("12层") < html.index("B1层")  # top floor first
    assert "出租率 75.0%" in html and "60.0%" in html  # floor 12 and the building
    assert "旧租户" in html and "已到期退租" in html and "现租户" in html
    assert "红色预警" in html
    # Every link on the page opens for a property user, 本楼到期预警 on their own board.
    links = set(re.findall(r'href="(/[^"#]*)"', html.replace("&amp;", "&")))
    assert f"/property/?building={b.id}" in links
    refused = {
        link: status
        for link in sorted(links)
        if "/static/" not in link
        and not link.endswith(".xlsx")
        and (status := client.get(link).status_code) >= 400
    }
    assert refused == {}


def test_export_is_an_xlsx_of_the_filtered_board(
    client, login, make_building, make_unit, make_lease, make_user
):
    b = make_building()
    make_lease(make_unit(b, floor="4"), days=7, tenant_name="甲租户")
    make_lease(make_unit(b, floor="6"), days=70, tenant_name="乙租户")
    login(make_user("street"))
    res = client.get(f"/building/warnings.xlsx?building={b.id}&floor=4")
    assert res.status_code == 200
    ws = load_workbook(io.BytesIO(res.data)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert (
        len(rows) == 1 and rows[0][0] == "红色预警" and rows[0][1] == 7 and rows[0][2] == "甲租户"
    )


def test_map_colours_buildings_and_links_them(
    client, login, make_building, make_unit, make_lease, make_user
):
    red = make_building(name="红楼", lat=30.27, lon=120.10)
    calm = make_building(name="静楼", lat=30.28, lon=120.11)
    make_building(name="无坐标楼")
    make_lease(make_unit(red), days=5)
    login(make_user("street"))
    html = client.get("/building/map").get_data(as_text=True)
    assert "/vendor/plotly-basic.min.js" in html and "cdn" not in html.lower()
    fig = json.loads(re.search(r'id="street-map-figure">(.*?)</script>', html, re.S).group(1))
    markers = fig["data"][fig["map"]["levels"][-1]["single"]]  # each building on its own
    colours = dict(zip(markers["customdata"], markers["marker"]["color"], strict=True))
    assert colours == {str(red.id): "#d93025", str(calm.id): "#188038"}
    labels = dict(zip(markers["customdata"], markers["text"], strict=True))
    assert labels == {str(red.id): "红楼<br>红 1", str(calm.id): "静楼<br>无预警"}
    assert "红色预警" in html.split('id="map-legend"', 1)[1] and "预警面积越大" in html
    listed = html.split('id="map-list"', 1)[1]
    assert f'<a href="/buildings/{red.id}">红楼</a></td><td class="num">红 1</td>' in listed
    occ = client.get("/building/map?color=occupancy").get_data(as_text=True)
    assert "按出租率" in occ


def test_the_street_board_names_each_warning_s_owner(
    client, login, make_building, make_unit, make_lease, make_user
):
    b = make_building()
    make_lease(make_unit(b), days=12)
    make_user("building", building_ids=[b.id], display_name="李楼长")
    login(make_user("street"))
    html = client.get("/building/").get_data(as_text=True)
    assert re.search(r"<td class=\"owner\"[^>]*>李楼长</td>", html)


def test_the_level_cards_and_the_month_filter_the_board(
    client, login, make_building, make_unit, make_lease, make_user, street_today
):
    b = make_building(name="乙大厦")
    red = make_lease(make_unit(b, area=120.0), days=3)
    amber = make_lease(make_unit(b, area=200.0), days=45)
    blue = make_lease(make_unit(b, area=50.0), days=80)
    login(make_user("building", building_ids=[b.id]))
    html = client.get("/building/").get_data(as_text=True)
    links = dict(re.findall(r'href="([^"]+)"[^>]*data-level="(\w+)">', html))
    by_level = {level: link.replace("&amp;", "&") for link, level in links.items()}
    assert set(by_level) == {"red", "amber", "blue"}

    amber_page = client.get(by_level["amber"]).get_data(as_text=True)
    assert re.findall(r'data-lease="(\d+)"', amber_page) == [str(amber.id)]
    assert 'aria-current="true"' in amber_page  # the chosen card; a second click shows all
    # The cards still count every level, so the others stay one click away.
    assert re.findall(r'data-level="(\w+)">\s*<span class="card-value">(\d+)', amber_page) == [
        ("red", "1"),
        ("amber", "1"),
        ("blue", "1"),
    ]

    month = blue.end_on.strftime("%Y-%m")
    in_month = client.get(f"/building/?month={month}").get_data(as_text=True)
    expected = [str(w.id) for w in (red, amber, blue) if w.end_on.strftime("%Y-%m") == month]
    assert re.findall(r'data-lease="(\d+)"', in_month) == expected
    assert f'<option value="{month}" selected>' in in_month
    # Nonsense filters are ignored, never an error.
    assert client.get("/building/?level=purple&month=2026-13").status_code == 200
    export = client.get(f"/building/warnings.xlsx?level=red&building={b.id}")
    rows = list(
        load_workbook(io.BytesIO(export.data)).active.iter_rows(min_row=3, values_only=True)
    )
    assert [r[0] for r in rows] == ["红色预警"]


def test_a_property_user_lists_the_vacant_units_of_its_buildings(
    client, login, make_building, make_unit, make_lease, make_user, make_firm, street_today
):
    from qifutong.matching.services import full_match

    mine = make_building(name="丙大厦")
    other = make_building(name="丁大厦")
    leased = make_unit(mine, floor="2", room="201")
    make_lease(leased, days=200)
    left = make_unit(mine, floor="10", room="1001", area=300.0)
    make_lease(left, days=-40, status="ended")
    never = make_unit(mine, floor="B1", room="B101", area=80.0)
    make_unit(other, floor="3", room="301")
    make_firm(area_need=280.0)  # fits 300 ㎡ (70–140 % of the need)
    full_match()
    db.session.commit()
    login(make_user("property", building_ids=[mine.id]))
    html = client.get("/property/vacancies").get_data(as_text=True)
    assert re.findall(r'data-unit="(\d+)"', html) == [str(never.id), str(left.id)]  # B1, then 10
    assert "丁大厦" not in html and "空置房源" in html
    assert "共 2 套，合计 380 ㎡" in html
    row = html[html.index(f'data-unit="{left.id}"') :]
    since = street_today - timedelta(days=40)
    assert since.isoformat() in row[:800] and ">40<" in row[:800]
    assert re.search(r'class="num seekers"[^>]*>1<', row)
    assert "无租约记录" in html
    assert client.get(f"/property/vacancies?building={other.id}").status_code == 403
