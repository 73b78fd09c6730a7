"""The maps in Chromium as a user sees them: labelled markers that never overlap, merged
buildings that open up on a click, a legend, a click on a building opening its page; offline
nothing leaves the machine, and with a tile service configured its tiles lie under the map."""

from __future__ import annotations

import math
import re
import shutil
import struct
import threading
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from buildings.models import Building
from qifutong.auth.seed import DEMO_PASSWORD
from qifutong.extensions import db
from qifutong.geo import gcj02_to_wgs84
from tests.conftest import browser_login, make_test_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VISIBLE_LABELS = """() => {
  const el = document.getElementById('street-map');
  const box = el.getBoundingClientRect();
  // Building and merged markers' labels (the schematic roads' names are not markers).
  return [...el.querySelectorAll('.scatterlayer .trace')]
    .filter(t => t.__data__[0].trace.mode !== 'lines+text')
    .flatMap(t => [...t.querySelectorAll('.textpoint text')])
    .map(t => t.getBoundingClientRect())
    .filter(r => r.width > 0 && r.right > box.left && r.left < box.right
                 && r.bottom > box.top && r.top < box.bottom)
    .map(r => [r.left, r.top, r.right, r.bottom]);
}"""


def _overlaps(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[:i])
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]


def _level(page) -> int:
    return int(page.get_attribute("#street-map", "data-level") or 0)


def _centre_of_point(page, curve: int, index: int) -> tuple[float, float]:
    """Where a marker of the figure's trace `curve` is drawn on the screen."""
    box = page.evaluate(
        """([curve, index]) => {
          const el = document.getElementById('street-map');
          const full = el._fullLayout, t = el.data[curve], r = el.getBoundingClientRect();
          return [r.left + full._size.l + full.xaxis.l2p(t.x[index]),
                  r.top + full._size.t + full.yaxis.l2p(t.y[index])];
        }""",
        [curve, index],
    )
    return box[0], box[1]


def test_the_cockpit_map_labels_merges_explains_and_opens_buildings(
    demo_sqlite_app, live_server, page, screenshot
):
    base = live_server(demo_sqlite_app)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None,
    )
    browser_login(page, base, "jiedao", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{base}/cockpit/map?indicator=building_tax")
    page.wait_for_selector("#street-map[data-rendered]")
    legend = page.inner_text("#map-legend")
    assert "颜色" in legend and "圆点大小" in legend and "合并的楼宇" in legend
    assert "亿元" in legend or "万元" in legend
    assert "示意道路（离线）" in legend
    labels = page.evaluate(VISIBLE_LABELS)
    assert len(labels) >= 5 and _overlaps(labels) == []
    screenshot(page, "map-cockpit-1366")

    # A click on merged buildings zooms in; the finer level's labels still do not overlap.
    levels = page.evaluate("() => JSON.parse(document.getElementById('street-map-figure')"
                           ".textContent).map.levels")  # fmt: skip
    before = _level(page)
    merged = levels[before]["merged"]
    assert levels[before]["bounds"], "nothing merged at the first zoom"
    page.mouse.click(*_centre_of_point(page, merged, 0))
    page.wait_for_function(f"document.getElementById('street-map').dataset.level > {before}")
    page.wait_for_timeout(300)
    assert _overlaps(page.evaluate(VISIBLE_LABELS)) == []
    screenshot(page, "map-cockpit-zoomed-1366")

    # A click on a building in view opens its page.
    single = levels[_level(page)]["single"]
    keys = page.evaluate(f"() => document.getElementById('street-map').data[{single}].customdata")
    box = page.locator("#street-map").bounding_box()
    in_view = [
        (key, x, y)
        for n, key in enumerate(keys)
        for x, y in [_centre_of_point(page, single, n)]
        if box["x"] + 20 < x < box["x"] + box["width"] - 20
        and box["y"] + 40 < y < box["y"] + box["height"] - 20
    ]
    assert in_view, "no single building in view after zooming in"
    key, x, y = in_view[0]
    # The pointer comes to the marker before it clicks, as a person's does: plotly takes the
    # point under the pointer from its hover, which the end of the zoom may not have drawn yet.
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert page.url.endswith(f"/buildings/{key}")
    assert outside == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/cockpit/map?indicator=occupancy_rate")
    page.wait_for_selector("#street-map[data-rendered]")
    assert _overlaps(page.evaluate(VISIBLE_LABELS)) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "map-cockpit-390")
    assert outside == []


def _png() -> bytes:
    """A 256×256 pale tile, so that the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xe8\xf0\xe0" * 256 for _ in range(256))
    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tile_server():
    """A stand-in for the street's GIS: another origin on this machine answering every tile."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []
    tile = _png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("localhost", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def test_a_configured_tile_service_draws_under_the_building_map(
    demo_street_sqlite: Path, tmp_path, live_server, page, screenshot, tile_server
):
    origin, asked = tile_server
    db_file = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_street_sqlite, db_file)
    app = make_test_app(
        f"sqlite:///{db_file}",
        tmp_path,
        QIFUTONG_TILE_URL=origin + "/vec_w/{z}/{x}/{y}.png?tk=KEY",
        QIFUTONG_TILE_CRS="wgs84",
        QIFUTONG_TILE_ATTRIBUTION="天地图（测试）",
    )
    base = live_server(app)
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    browser_login(page, base, "jiedao", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 800})
    response = page.goto(f"{base}/building/map")
    assert origin in response.headers["content-security-policy"]
    page.wait_for_selector("#street-map[data-ready='1']")
    page.wait_for_function(
        "[...document.querySelectorAll('.map-tiles img')].some(i => i.complete && i.naturalWidth)"
    )
    assert asked and all(p.startswith("/vec_w/") and p.endswith("tk=KEY") for p in asked)
    assert "天地图（测试）" in page.inner_text("#map-legend")
    assert refused == []
    screenshot(page, "map-buildings-tiles-1366")

    # Under each building lies the tile that holds its WGS-84 position (天地图 draws in
    # WGS-84; buildings are stored in GCJ-02, some 500 m off).
    for n in range(3):
        key, x, y = page.evaluate(WHERE_IS_BUILDING, n)
        src = page.evaluate(TILE_AT, [x, y])
        z, tx, ty = (int(v) for v in re.search(r"/vec_w/(\d+)/(\d+)/(\d+)\.png", src).groups())
        with app.app_context():
            b = db.session.get(Building, int(key))
            lat, lon = gcj02_to_wgs84(b.lat, b.lon)
        assert (tx, ty) == _tile_of(lat, lon, z), b.name


WHERE_IS_BUILDING = """n => {
  const el = document.getElementById('street-map');
  const f = JSON.parse(document.getElementById('street-map-figure').textContent);
  const t = f.data[f.map.levels[f.map.levels.length - 1].single];
  const full = el._fullLayout, r = el.getBoundingClientRect();
  return [t.customdata[n], r.left + full._size.l + full.xaxis.l2p(t.x[n]),
          r.top + full._size.t + full.yaxis.l2p(t.y[n])];
}"""
TILE_AT = """([x, y]) => {
  const img = [...document.querySelectorAll('.map-tiles img')].find(i => {
    const r = i.getBoundingClientRect();
    return r.left <= x && x < r.right && r.top <= y && y < r.bottom;
  });
  return img ? img.getAttribute('src') : '';
}"""


def _tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    """The slippy-map tile (OpenStreetMap's formula) holding a WGS-84 point."""
    n = 2**z
    row = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return math.floor((lon + 180) / 360 * n), math.floor(row)
