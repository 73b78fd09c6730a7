"""GCJ-02 ↔ WGS-84 against published reference points, and the tiles' Web Mercator."""

from __future__ import annotations

import pytest

from qifutong.geo import from_gcj02, gcj02_to_wgs84, latitude, mercator_y, wgs84_to_gcj02

# (WGS-84 lat, lon, GCJ-02 lat, lon): the reference points of the eviltransform projects
# (Shanghai, Shenzhen, Beijing) and of coordtransform (Beijing, 116.404, 39.915).
REFERENCE = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    (39.915, 116.404, 39.91640428150164, 116.41024449916938),
]
MM = 1e-8  # degrees: about a millimetre


@pytest.mark.parametrize(("w_lat", "w_lon", "g_lat", "g_lon"), REFERENCE)
def test_wgs84_to_gcj02_matches_the_reference_points(w_lat, w_lon, g_lat, g_lon):
    lat, lon = wgs84_to_gcj02(w_lat, w_lon)
    assert lat == pytest.approx(g_lat, abs=MM) and lon == pytest.approx(g_lon, abs=MM)


@pytest.mark.parametrize(("w_lat", "w_lon", "g_lat", "g_lon"), REFERENCE)
def test_gcj02_to_wgs84_inverts_it(w_lat, w_lon, g_lat, g_lon):
    lat, lon = gcj02_to_wgs84(g_lat, g_lon)
    assert lat == pytest.approx(w_lat, abs=MM) and lon == pytest.approx(w_lon, abs=MM)


def test_the_street_moves_by_the_known_few_hundred_metres():
    # In Hangzhou GCJ-02 draws a point about 250 m south and 470 m east of where GPS puts it.
    lat, lon = gcj02_to_wgs84(30.270031, 120.101198)
    assert 0.002 < lat - 30.270031 < 0.003 and 0.004 < 120.101198 - lon < 0.005


def test_points_outside_china_are_left_alone_and_crs_is_checked():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert from_gcj02(30.27, 120.1, "gcj02") == (30.27, 120.1)
    with pytest.raises(ValueError, match="wgs84"):
        from_gcj02(30.27, 120.1, "bd09")


def test_mercator_northing_round_trips():
    assert mercator_y(0.0) == pytest.approx(0.0)
    assert latitude(mercator_y(30.27)) == pytest.approx(30.27)
    assert mercator_y(85.0511287798) == pytest.approx(180.0, abs=1e-6)
