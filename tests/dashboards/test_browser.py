"""The cockpit in headless Chromium over the demo street: all 52 charts render, in Chinese; a
click on a chart opens its records; the map and a building user's view. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

from dashboards.indicator import GROUPS
from dashboards.registry import in_group
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "guodang-demo"


def _wait_for_charts(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.chart[data-rendered]').length === {count}", timeout=30_000
    )


def _click_biggest_point(page, key: str) -> None:
    """Click the middle of the chart's biggest bar the way a person would."""
    page.locator(f"#chart-{key}").scroll_into_view_if_needed()
    bars = page.locator(f"#chart-{key} g.point path")
    boxes = [b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b]
    assert boxes, f"no bar drawn in {key}"
    box = max(boxes, key=lambda b: b["width"] * b["height"])
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_cockpit_renders_all_52_charts_and_opens_records(
    demo_sqlite_app, live_server, page, screenshot
):
    base = live_server(demo_sqlite_app)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    browser_login(page, base, "jiedao", PASSWORD)
    rendered = 0
    for group in GROUPS:
        page.goto(f"{base}/cockpit/{group}")
        expected = len(in_group(group))
        _wait_for_charts(page, expected)
        assert page.locator(".tile").count() == expected
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert "经济数据驾驶舱" in page.title()
        for ind in in_group(group):
            assert page.locator(f"#tile-{ind.key} h3").inner_text() == ind.name_zh
        rendered += page.locator(".chart[data-rendered]").count()
        screenshot(page, f"cockpit_{group}_{GROUPS[group][1].lower().replace(' ', '_')}")
    assert rendered == 52
    assert errors == []

    # A click on a bar of the tax-band chart opens the firms of that band.
    page.goto(f"{base}/cockpit/C")
    _wait_for_charts(page, len(in_group("C")))
    with page.expect_navigation(timeout=60_000):
        _click_biggest_point(page, "tax_bands")
    assert re.search(r"/cockpit/records/tax_bands\?.*segment=band", page.url)
    assert "税收分档企业数" in page.locator("h1").inner_text()
    assert page.locator("#records-table tbody tr").count() > 0
    screenshot(page, "cockpit_records_tax_bands")

    # The lease warnings chart opens the leases of that colour.
    page.goto(f"{base}/cockpit/E")
    _wait_for_charts(page, len(in_group("E")))
    with page.expect_navigation(timeout=60_000):
        _click_biggest_point(page, "expiring_leases")
    assert "segment=level" in page.url
    assert page.locator("#records-table tbody tr").count() > 0
    screenshot(page, "cockpit_records_expiring_leases")

    # The headline number itself opens the firms behind it: one click.
    page.goto(f"{base}/cockpit/B")
    with page.expect_navigation(timeout=60_000):
        page.locator("#tile-firms_total a.tile-number").click()
    assert "/cockpit/records/firms_total" in page.url
    assert page.locator("#records-table tbody tr").count() > 0


def test_the_map_and_a_building_users_cockpit(demo_sqlite_app, live_server, page, screenshot):
    base = live_server(demo_sqlite_app)
    browser_login(page, base, "jiedao", PASSWORD)
    # The first map load, with nothing cached, transfers at most 1.5 MB (as the browser counts
    # it: headers and compressed bodies).
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    received: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.update({e["requestId"]: e["encodedDataLength"]}),
    )
    page.goto(f"{base}/cockpit/map?indicator=building_tax")
    page.wait_for_selector("#street-map[data-rendered]")
    page.wait_for_load_state("networkidle")
    assert 0 < sum(received.values()) <= 1_500_000, received
    finest = page.evaluate(
        "() => { const f = JSON.parse(document.getElementById('street-map-figure').textContent);"
        " return f.data[f.map.levels[f.map.levels.length - 1].single].customdata.length; }"
    )
    assert finest >= 30  # every building, shown one by one when zoomed in
    assert page.locator("#street-map .scatterlayer path.point").count() >= 5
    screenshot(page, "cockpit_map_building_tax")

    page.context.clear_cookies()
    browser_login(page, base, "louyu", PASSWORD)
    page.goto(f"{base}/cockpit/")
    _wait_for_charts(page, page.locator(".chart").count())
    assert page.url.endswith("/cockpit/D")
    assert "税" not in page.locator("main").inner_text()
    screenshot(page, "cockpit_building_user")
