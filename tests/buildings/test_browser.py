"""The demo building manager's board in headless Chromium: scope, colours, intent, renewal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def _count(page, level: str) -> int:
    return int(page.inner_text(f".card[data-level={level}] .card-value"))


def test_louyu_sees_their_buildings_records_an_intent_and_a_renewal(
    demo_sqlite_app, live_server, page, screenshot
):
    from buildings.models import Building
    from buildings.queries import buildings_for, warning_settings
    from qifutong.auth.models import User
    from qifutong.extensions import db

    louyu = db.session.scalar(db.select(User).where(User.username == "louyu"))
    mine = {b.name for b in buildings_for(louyu)}
    others = set(db.session.scalars(db.select(Building.name))) - mine
    today, _ = warning_settings(demo_sqlite_app.config)
    db.session.remove()

    base = live_server(demo_sqlite_app)
    browser_login(page, base, "louyu", "guodang-demo")
    assert page.url.rstrip("/").endswith("/building")
    screenshot(page, "buildings-board-louyu")

    # Only their buildings: in the filter and on every row.
    options = page.eval_on_selector_all(
        "select[name=building] option", "els => els.map(e => e.textContent)"
    )
    assert set(options[1:]) == mine and len(mine) >= 1
    rows = page.query_selector_all("table.warnings tbody tr[data-lease]")
    row_buildings = {r.query_selector("td:nth-child(4) a").inner_text() for r in rows}
    assert row_buildings <= mine
    body = page.inner_text("main")
    assert not any(name in body for name in others)
    levels = [r.get_attribute("data-level") for r in rows]
    assert {"red", "amber", "blue"} <= set(levels)
    days = [int(r.get_attribute("data-days")) for r in rows]
    assert days == sorted(days)
    red, amber = _count(page, "red"), _count(page, "amber")
    assert (red, amber, _count(page, "blue")) == tuple(
        levels.count(lv) for lv in ("red", "amber", "blue")
    )

    # One click records the tenant's intent with a note.
    row = page.query_selector("table.warnings tr[data-level=amber]")
    lease_id = row.get_attribute("data-lease")
    row.query_selector("input.note").fill("总部整合，拟迁往未来科技城")
    with page.expect_navigation():
        row.query_selector("button.intent-leave").click()
    row = page.query_selector(f"table.warnings tr[data-lease='{lease_id}']")
    assert "总部整合，拟迁往未来科技城" in row.inner_text()
    assert "current" in row.query_selector("button.intent-leave").get_attribute("class")
    assert "已登记" in page.inner_text(".flash")
    screenshot(page, "buildings-board-intent")

    # A renewal with its new end date clears the red warning.
    row = page.query_selector("table.warnings tr[data-level=red]")
    renewed_id = row.get_attribute("data-lease")
    row.query_selector("details.renew summary").click()
    row.query_selector("input[name=new_end]").fill((today + timedelta(days=3 * 365)).isoformat())
    with page.expect_navigation():
        row.query_selector("input[name=new_end]").evaluate("el => el.form.requestSubmit()")
    assert "已登记续签" in page.inner_text(".flash")
    assert page.query_selector(f"table.warnings tr[data-lease='{renewed_id}']") is None
    assert _count(page, "red") == red - 1 and _count(page, "amber") == amber
    screenshot(page, "buildings-board-renewed")

    # A short renewal moves a warning instead: red → blue.
    row = page.query_selector("table.warnings tr[data-level=red]")
    moved_id = row.get_attribute("data-lease")
    blue = _count(page, "blue")
    row.query_selector("details.renew summary").click()
    row.query_selector("input[name=new_end]").fill((today + timedelta(days=75)).isoformat())
    with page.expect_navigation():
        row.query_selector("button.primary").click()
    assert _count(page, "red") == red - 2 and _count(page, "blue") == blue + 1
    assert page.query_selector(f"table.warnings tr[data-lease='{moved_id}']") is None
    new_row = page.query_selector("table.warnings tr[data-level=blue][data-days='75']")
    assert new_row is not None

    # The map: their buildings only, a click opens the building.
    page.goto(f"{base}/building/map")
    page.wait_for_selector("#street-map[data-ready='1']")
    screenshot(page, "buildings-map-louyu")
    keys = page.evaluate(
        "() => { const f = JSON.parse(document.getElementById('street-map-figure').textContent);"
        " return f.data[f.map.levels[f.map.levels.length - 1].single].customdata; }"
    )
    assert len(keys) == len(mine)
    page.evaluate(
        "k => document.getElementById('street-map')"
        ".emit('plotly_click', {points: [{customdata: k}]})",
        keys[0],
    )
    page.wait_for_url(f"**/buildings/{keys[0]}")
    assert page.inner_text("h1").split()[0] in mine
    screenshot(page, "buildings-building-page")
