"""Coordinates: GCJ-02 (what Chinese map services publish, and what buildings are stored in)
and WGS-84 (GPS, 天地图's CGCS2000 within centimetres), and the Web Mercator of map tiles."""

from __future__ import annotations

import math

# The published GCJ-02 parameters: the Krasovsky ellipsoid's semi-major axis and eccentricity².
A = 6378245.0
EE = 0.00669342162296594323
CRS = ("gcj02", "wgs84")  # the coordinate systems a tile service may use


def out_of_china(lat: float, lon: float) -> bool:
    """GCJ-02 shifts points in mainland China only; elsewhere it equals WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift(x: float, y: float) -> tuple[float, float]:
    """The standard offset polynomial, in metres-like units, of (lon - 105, lat - 35)."""
    base = 20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)
    lat = base + 20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)
    lon = base + 20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)
    lat += 160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)
    lon += 150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)
    lat = lat * 2.0 / 3.0 - 100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
    lon = lon * 2.0 / 3.0 + 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y
    lat += 0.2 * math.sqrt(abs(x))
    lon += 0.1 * math.sqrt(abs(x))
    return lat, lon


def _delta(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees."""
    d_lat, d_lon = _shift(lon - 105.0, lat - 35.0)
    rad = math.radians(lat)
    magic = 1 - EE * math.sin(rad) ** 2
    d_lat = d_lat * 180.0 / ((A * (1 - EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """A WGS-84 point as Chinese map services draw it."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _delta(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """A GCJ-02 point back in WGS-84, to a millimetre (the offset is solved by iteration)."""
    if out_of_china(lat, lon):
        return lat, lon
    w_lat, w_lon = lat, lon
    for _ in range(30):
        g_lat, g_lon = wgs84_to_gcj02(w_lat, w_lon)
        e_lat, e_lon = g_lat - lat, g_lon - lon
        w_lat, w_lon = w_lat - e_lat, w_lon - e_lon
        if max(abs(e_lat), abs(e_lon)) < 1e-9:
            break
    return w_lat, w_lon


def from_gcj02(lat: float, lon: float, crs: str) -> tuple[float, float]:
    """A stored (GCJ-02) point in the coordinate system `crs` of a tile service."""
    if crs == "wgs84":
        return gcj02_to_wgs84(lat, lon)
    if crs == "gcj02":
        return lat, lon
    raise ValueError(f"unknown coordinate system {crs!r}: use one of {', '.join(CRS)}")


def mercator_y(lat: float) -> float:
    """Web Mercator northing in degrees: with x = longitude, map tiles line up exactly and
    east and north keep their true proportions at every latitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def latitude(y: float) -> float:
    """The latitude of a Web Mercator northing given in degrees (the inverse of mercator_y)."""
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)
