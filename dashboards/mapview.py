"""The map view (地图化): buildings by position, sized and coloured by one indicator."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from dashboards.calc_space import building_table
from dashboards.compute import Context
from dashboards.figures import format_value
from dashboards.registry import Indicator
from qifutong.maps import MapPoint, street_map

STOPS = ((255, 224, 130), (245, 124, 0), (183, 28, 28))  # pale yellow → orange → brand red
MISSING = "#b0b7c3"


def colour(t: float) -> str:
    """A colour on the yellow–orange–red scale, t from 0 (lowest) to 1 (highest)."""
    t = min(max(t, 0.0), 1.0) * (len(STOPS) - 1)
    i = min(int(t), len(STOPS) - 2)
    f = t - i
    r, g, b = (round(a + (z - a) * f) for a, z in zip(STOPS[i], STOPS[i + 1], strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def scale(values: pd.Series) -> tuple[float, float]:
    known = values.dropna()
    if known.empty:
        return 0.0, 0.0
    return float(known.min()), float(known.max())


def points_for(
    table: pd.DataFrame, column: str, unit: str
) -> tuple[list[MapPoint], list[tuple[str, str]]]:
    lo, hi = scale(table[column])
    span = hi - lo
    points = []
    for r in table.itertuples():
        if r.lat is None or r.lon is None or pd.isna(r.lat) or pd.isna(r.lon):
            continue
        v = getattr(r, column)
        missing = v is None or pd.isna(v)
        t = 0.0 if missing or span == 0 else (float(v) - lo) / span
        size = 10.0 if missing else 12.0 + 26.0 * math.sqrt(t if span else 0.5)
        points.append(
            MapPoint(
                key=str(r.id),
                name=str(r.name),
                lat=float(r.lat),
                lon=float(r.lon),
                color=MISSING if missing else colour(t),
                size=size,
                hover=f"{r.name}<br>{format_value(None if missing else float(v), unit)}",
            )
        )
    legend = [
        (f"最低 {format_value(lo, unit)}", colour(0.0)),
        (f"最高 {format_value(hi, unit)}", colour(1.0)),
        ("无数据", MISSING),
    ]
    return points, legend


def map_figure(indicator: Indicator, ctx: Context) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The street map as a JSON-ready figure; each marker's customdata is its building id."""
    assert indicator.map_column is not None
    table = building_table(ctx)
    if indicator.map_column not in table:
        raise KeyError(indicator.map_column)
    points, legend = points_for(table, indicator.map_column, indicator.chart_unit)
    fig = street_map(points, legend=legend)
    return json.loads(fig.to_json()), legend
