"""The cockpit pages, the records behind a figure (sorted, exported), the map, and who sees what."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook

from dashboards.registry import in_group, visible


def _period(street) -> str:
    return f"period=custom&from={street.months[0]:%Y-%m}&to={street.months[-1]:%Y-%m}"


def _figures(html: str) -> dict:
    found = re.search(r"window\.COCKPIT_FIGURES = (\{.*?\});\n", html, re.S)
    assert found, "no figures on the page"
    return json.loads(found.group(1))


def test_street_users_get_all_six_groups(client, login, make_user, street):
    login(make_user("street"))
    assert client.get("/cockpit/").headers["Location"].endswith("/cockpit/A")
    total = 0
    for group in "ABCDEF":
        resp = client.get(f"/cockpit/{group}?{_period(street)}")
        assert resp.status_code == 200, group
        html = resp.get_data(as_text=True)
        figures = _figures(html)
        keys = [i.key for i in in_group(group)]
        assert sorted(figures) == sorted(keys)
        for key in keys:
            assert f'id="chart-{key}"' in html
            assert f"/cockpit/records/{key}?" in html  # every chart opens its records
        total += len(figures)
    assert total == 52
    a = client.get(f"/cockpit/A?{_period(street)}").get_data(as_text=True)
    assert "税收总额" in a and "口径" in a and "来源" in a and "截至" in a


def test_each_bar_carries_its_segment(client, login, make_user, street):
    login(make_user("street"))
    html = client.get(f"/cockpit/C?{_period(street)}").get_data(as_text=True)
    bands = _figures(html)["tax_bands"]["data"][0]
    assert "band:1e6_1e7" in bands["customdata"]


def test_records_are_sorted_narrowed_and_exported(client, login, make_user, street):
    login(make_user("street"))
    base = f"/cockpit/records/firms_total?{_period(street)}"
    html = client.get(base + "&sort=name&dir=asc").get_data(as_text=True)
    names = [street.firms[k].name for k in ("f1", "f2", "f3", "f4")]
    positions = [html.index(n) for n in sorted(names)]
    assert positions == sorted(positions)
    assert "共 4 条记录" in html
    narrowed = client.get(
        f"/cockpit/records/tax_bands?{_period(street)}&segment=band:1e5_1e6"
    ).get_data(as_text=True)
    assert "共 2 条记录" in narrowed and "10万–100万元" in narrowed
    assert "其中 2 条" in narrowed  # the segment's count beside its filter, under the total
    xlsx = client.get(f"/cockpit/records/tax_bands.xlsx?{_period(street)}&sort=tax_cur&dir=desc")
    assert xlsx.status_code == 200
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "企业名称" and "本期税收（元）" in rows[0]
    assert len(rows) == 1 + 5
    assert rows[1][0] == street.firms["f1"].name  # the largest taxpayer first


def _map(html: str) -> dict:
    found = re.search(r'id="street-map-figure">(.*?)</script>', html, re.S)
    assert found, "no map on the page"
    return json.loads(found.group(1))


def _buildings_trace(figure: dict) -> dict:
    """The finest zoom level's trace: every building on its own."""
    return figure["data"][figure["map"]["levels"][-1]["single"]]


def test_the_map_sizes_buildings_by_the_chosen_indicator(client, login, make_user, street):
    login(make_user("street"))
    html = client.get("/cockpit/map?indicator=leased_area").get_data(as_text=True)
    assert "出租面积" in html and "street-map" in html and "/vendor/plotly-basic.min.js" in html
    markers = _buildings_trace(_map(html))
    assert sorted(markers["customdata"]) == sorted(str(b.id) for b in street.buildings.values())
    sizes = dict(zip(markers["customdata"], markers["marker"]["size"], strict=True))
    b1, b3 = str(street.buildings["b1"].id), str(street.buildings["b3"].id)
    assert sizes[b1] > sizes[b3]  # 3,000 ㎡ leased against none


def test_each_marker_says_its_value_and_the_legend_its_scale(client, login, make_user, street):
    login(make_user("street"))
    html = client.get(f"/cockpit/map?indicator=building_tax&{_period(street)}").get_data(
        as_text=True
    )
    figure = _map(html)
    labels = _buildings_trace(figure)["text"]
    units = {re.search(r"(万元|亿元|元)$", t).group(1) for t in labels if "—" not in t}
    assert len(units) == 1  # one unit on the whole map
    assert all("<br>" in t for t in labels)  # the name, then the value
    legend = html.split('id="map-legend"', 1)[1].split("</script>", 1)[0]
    assert "颜色" in legend and "圆点大小" in legend and "无数据" in legend
    assert "底图：示意道路（离线）" in legend
    assert figure["map"]["tiles"] == "" and "roads" not in figure["map"]
    assert any(t.get("mode") == "lines+text" for t in figure["data"])  # the schematic roads
    # Under the map, the buildings as a list: the amounts' one unit in the heading.
    listed = html.split('id="map-list"', 1)[1].split("</details>", 1)[0]
    assert re.search(r"楼宇税收（(万元|亿元)）", listed)
    assert "万元</td>" not in listed and "亿元</td>" not in listed
    for b in street.buildings.values():
        assert f'href="/buildings/{b.id}"' in listed


def test_a_building_user_sees_their_space_and_leases_but_no_tax(client, login, make_user, street):
    b1 = street.buildings["b1"]
    login(make_user("building", building_ids=[b1.id]))
    assert client.get("/cockpit/").headers["Location"].endswith("/cockpit/D")
    page = client.get("/cockpit/D").get_data(as_text=True)
    assert sorted(_figures(page)) == sorted(i.key for i in visible("building") if i.group == "D")
    assert "出租率" in page and "税" not in page and "营业收入" not in page
    assert "乙大厦" not in page  # another building
    leases = client.get("/cockpit/E").get_data(as_text=True)
    assert "3个月内到期租约" in leases and "税" not in leases
    for url in (
        "/cockpit/A",
        "/cockpit/C",
        "/cockpit/records/building_tax",
        "/cockpit/records/tax_total.xlsx",
        f"/cockpit/D?building={street.buildings['b2'].id}",
    ):
        assert client.get(url).status_code == 403, url
    records = client.get("/cockpit/records/leased_area").get_data(as_text=True)
    assert "共 2 条记录" in records and "税" not in records
    map_page = client.get("/cockpit/map?indicator=building_tax").get_data(as_text=True)
    assert "楼宇税收" not in map_page and "税" not in map_page


def test_firm_users_have_no_cockpit(client, login, make_user, street):
    login(make_user("firm", enterprise_id=street.firms["f1"].id))
    assert client.get("/cockpit/").status_code == 403
    assert client.get("/cockpit/records/firms_total").status_code == 403


def test_the_cockpit_speaks_english_on_request(client, login, make_user, street):
    login(make_user("street"))
    client.get("/locale/en")
    page = client.get("/cockpit/A").get_data(as_text=True)
    assert "total tax" in page and "Fiscal and macro" in page


def test_the_street_home_shows_cockpit_cards(client, login, make_user, street):
    login(make_user("street"))
    home = client.get("/street/").get_data(as_text=True)
    assert "税收总额" in home and "/cockpit/records/tax_total" in home
    # The growth has a line of its own under the figure.
    assert '<span class="card-growth">同比 ' in home


def test_a_money_column_has_one_unit_named_in_its_heading(client, login, make_user, street):
    login(make_user("street"))
    html = client.get(f"/cockpit/records/tax_bands?{_period(street)}").get_data(as_text=True)
    table = html.split('id="records-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"本期税收（(万元|亿元)）", table)
    body = table.split("<tbody>", 1)[1]
    assert "万元" not in body and "亿元" not in body  # the cells carry numbers only


def test_a_bad_month_in_the_address_is_explained_in_the_reader_s_language(
    app, client, login, make_user
):
    login(make_user("street"))
    page = client.get("/cockpit/A?period=custom&from=2026-13").get_data(as_text=True)
    assert "“2026-13”不是月份，应写作 2026-03 这样的年-月" in page and "not a month" not in page
    client.get("/locale/en")
    page = client.get("/cockpit/A?period=custom&from=abc").get_data(as_text=True)
    assert "“abc” is not a month; write it as year-month, such as 2026-03" in page
