"""The map's settings: no tile service means no outside request and the strict CSP; a tile
service configured is checked at start-up, allowed in the CSP, and gets coordinates in its own
coordinate system."""

from __future__ import annotations

import json
import re

import pytest

from qifutong.config import ConfigError, check
from qifutong.geo import gcj02_to_wgs84, mercator_y
from qifutong.maps import MapPoint, street_map, tile_service
from tests.conftest import PASSWORD, make_test_app

TIANDITU = (
    "https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY"
)
POINT = MapPoint("7", "浙商财富中心", 30.270031, 120.101198, "#d93025", label="3.20 亿元")


def test_without_a_tile_url_the_map_is_offline():
    assert tile_service({"QIFUTONG_TILE_URL": ""}) is None
    fig = street_map([POINT])
    assert fig["map"]["tiles"] == ""
    assert any(t["mode"] == "lines+text" for t in fig["data"])  # the schematic roads
    single = fig["data"][fig["map"]["levels"][-1]["single"]]
    assert single["x"] == [120.101198] and single["y"] == [mercator_y(30.270031)]  # GCJ-02
    assert single["text"] == ["浙商财富中心<br>3.20 亿元"] and single["customdata"] == ["7"]


def test_a_wgs84_service_gets_converted_coordinates_and_no_schematic_roads():
    tiles = tile_service({"QIFUTONG_TILE_URL": TIANDITU, "QIFUTONG_TILE_CRS": "wgs84"})
    assert tiles is not None and tiles.origin == "https://t0.tianditu.gov.cn"
    fig = street_map([POINT], tiles)
    lat, lon = gcj02_to_wgs84(POINT.lat, POINT.lon)
    single = fig["data"][fig["map"]["levels"][-1]["single"]]
    assert single["x"] == [lon] and single["y"] == [mercator_y(lat)]
    assert fig["map"]["tiles"] == TIANDITU
    assert not any(t["mode"] == "lines+text" for t in fig["data"])


def test_a_gcj02_service_keeps_the_stored_coordinates():
    url = "http://gis.local/tiles/{z}/{x}/{y}.png"
    tiles = tile_service({"QIFUTONG_TILE_URL": url, "QIFUTONG_TILE_CRS": "gcj02"})
    single = street_map([POINT], tiles)["data"][0]
    assert single["x"] == [POINT.lon]


@pytest.mark.parametrize(
    ("url", "crs", "message"),
    [
        ("ftp://gis.local/{z}/{x}/{y}", "wgs84", "http"),
        ("https://gis.local/tiles/{z}/{x}.png", "wgs84", "{x}, {y} and {z}"),
        ("https://gis.local/{z}/{x}/{y}.png", "bd09", "QIFUTONG_TILE_CRS"),
    ],
)
def test_a_wrong_tile_setting_stops_start_up(tmp_path, url, crs, message):
    config = {"QIFUTONG_ENV": "development", "QIFUTONG_TILE_URL": url, "QIFUTONG_TILE_CRS": crs}
    with pytest.raises(ConfigError, match=re.escape(message)):
        check(config, tmp_path)


def test_the_csp_allows_the_tile_host_only_when_configured(db_url, tmp_path):
    offline = make_test_app(db_url, tmp_path).test_client().get("/login")
    assert "img-src 'self' data:;" in offline.headers["Content-Security-Policy"]
    online = make_test_app(db_url, tmp_path, QIFUTONG_TILE_URL=TIANDITU).test_client().get("/login")
    csp = online.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://t0.tianditu.gov.cn;" in csp
    assert "tianditu" not in csp.split("img-src")[0] + csp.split(";", 2)[2]  # images only


def test_the_building_map_page_uses_the_configured_base_map(db_url, tmp_path):
    from qifutong.auth.services import create_user
    from qifutong.extensions import db

    app = make_test_app(
        db_url, tmp_path, QIFUTONG_TILE_URL=TIANDITU, QIFUTONG_TILE_ATTRIBUTION="天地图"
    )
    with app.app_context():
        db.create_all()
        create_user("map-viewer", PASSWORD, "street")
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"username": "map-viewer", "password": PASSWORD})
        html = client.get("/building/map").get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    fig = json.loads(re.search(r'id="street-map-figure">(.*?)</script>', html, re.S).group(1))
    assert fig["map"]["tiles"] == TIANDITU and "底图：天地图" in html
