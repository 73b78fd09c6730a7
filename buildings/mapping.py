"""The street's buildings on a tile-free map, coloured by lease warnings or by occupancy."""

from __future__ import annotations

import math
from datetime import date

import plotly.graph_objects as go

from buildings.models import Building
from buildings.queries import building_levels, occupancy
from buildings.warnings import LEVEL_COLORS, LEVEL_LABELS, Thresholds
from qifutong.maps import MapPoint, street_map

NO_WARNING = ("无预警", "#188038")
OCCUPANCY_BANDS = (  # (lower bound of the rate, label, colour)
    (0.9, "出租率 ≥ 90%", "#188038"),
    (0.75, "75%–90%", "#1a73e8"),
    (0.5, "50%–75%", "#f29900"),
    (0.0, "< 50%", "#d93025"),
)
NO_DATA = ("无数据", "#9aa5b1")
LABEL_LIMIT = 12  # name the buildings on the map when they are few (a manager's own)
LABEL_LIFT = 0.0012  # degrees of latitude (~130 m): the name sits above its marker


def occupancy_colour(rate: float | None) -> str:
    if rate is None:
        return NO_DATA[1]
    for lower, _, colour in OCCUPANCY_BANDS:
        if rate >= lower:
            return colour
    return OCCUPANCY_BANDS[-1][2]


def _size(area: float) -> float:
    return max(10.0, min(34.0, 8.0 + math.sqrt(max(area, 0.0)) / 9.0))


def building_map(
    buildings: list[Building], colour: str, today: date, thresholds: Thresholds
) -> go.Figure:
    """One marker per building with coordinates; its key is the building id (for clicks)."""
    ids = {b.id for b in buildings}
    occ = occupancy(ids)
    levels = building_levels(ids, today, thresholds)
    points = []
    for b in buildings:
        if b.lat is None or b.lon is None:
            continue
        o = occ.get(b.id, {})
        lv = levels.get(b.id, {"red": 0, "amber": 0, "blue": 0, "area": 0.0, "worst": None})
        rate = o.get("rate")
        rate_text = "—" if rate is None else f"{rate * 100:.1f}%"
        hover = (
            f"<b>{b.name}</b><br>出租率 {rate_text}，空置 {o.get('vacant', 0):,.0f} ㎡"
            f"<br>预警：红 {lv['red']} · 黄 {lv['amber']} · 蓝 {lv['blue']}"
        )
        if colour == "occupancy":
            fill = occupancy_colour(rate)
            size = _size(o.get("leasable", 0.0))
        else:
            # The most urgent level colours the building; the area under warning sizes it.
            fill = LEVEL_COLORS[lv["worst"]] if lv["worst"] else NO_WARNING[1]
            size = max(10.0, min(40.0, 10.0 + math.sqrt(lv.get("area", 0.0)) / 4.0))
            hover += f"<br>预警面积 {lv.get('area', 0.0):,.0f} ㎡"
        points.append(MapPoint(str(b.id), b.name, b.lat, b.lon, fill, size, hover))
    if colour == "occupancy":
        legend = [(label, c) for _, label, c in OCCUPANCY_BANDS] + [NO_DATA]
    else:
        legend = [(LEVEL_LABELS[lv], c) for lv, c in LEVEL_COLORS.items()] + [NO_WARNING]
    fig = street_map(points, legend=legend)
    if len(points) <= LABEL_LIMIT:
        fig.add_trace(
            go.Scatter(
                x=[p.lon for p in points],
                y=[p.lat + LABEL_LIFT for p in points],
                mode="text",
                text=[p.name for p in points],
                textposition="top center",
                textfont={"size": 11, "color": "#1f2933"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    return fig
