"""The map view (地图化): buildings by position, sized and coloured by one indicator, each
marker labelled with its value in one unit for the whole map."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dashboards.calc_space import building_table
from dashboards.compute import Context
from dashboards.figures import format_value
from dashboards.indicator import Indicator
from qifutong.maps import Legend, Listing, MapPoint, TileService, listing, street_map
from qifutong.web.i18n import translate
from qifutong.web.units import money_unit

STOPS = ((255, 224, 130), (245, 124, 0), (183, 28, 28))  # pale yellow → orange → brand red
MISSING = "#b0b7c3"
SMALL, LARGE = 12.0, 38.0  # marker diameters (px) of the lowest and the highest value


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


def value_writer(values: Sequence[float], unit: str) -> Callable[[float | None], str]:
    """How every marker of the map writes its value: yuan in one unit (万元 or 亿元) chosen
    from all the buildings' values, other units as the cockpit's tiles write them."""
    if unit == "元":
        chosen = money_unit(values)

        def money(v: float | None) -> str:
            return "—" if v is None else f"{chosen.number(v)} {chosen.label()}"

        return money
    return lambda v: format_value(v, unit)


def summary_of(unit: str, write: Callable[[float | None], str]) -> Callable[..., str]:
    """Merged buildings' value: the sum of amounts and counts, the mean of rates and prices."""
    averaged = unit == "%" or "/" in unit

    def summary(members: Sequence[MapPoint]) -> str:
        known = [m.value for m in members if m.value is not None]
        if not known:
            return ""
        if averaged:
            return translate("平均 {value}", value=write(sum(known) / len(known)))
        return translate("合计 {value}", value=write(sum(known)))

    return summary


def points_for(
    table: pd.DataFrame, column: str, write: Callable[[float | None], str]
) -> tuple[list[MapPoint], Legend]:
    lo, hi = scale(table[column])
    span = hi - lo
    points = []
    for r in table.itertuples():
        if r.lat is None or r.lon is None or pd.isna(r.lat) or pd.isna(r.lon):
            continue
        v = getattr(r, column)
        value = None if v is None or pd.isna(v) else float(v)
        t = 0.0 if value is None or span == 0 else (value - lo) / span
        size = 10.0 if value is None else SMALL + (LARGE - SMALL) * math.sqrt(t if span else 0.5)
        points.append(
            MapPoint(
                key=str(r.id),
                name=str(r.name),
                lat=float(r.lat),
                lon=float(r.lon),
                color=MISSING if value is None else colour(t),
                size=size,
                hover=f"<b>{r.name}</b><br>{write(value)}",
                label=write(value),
                value=value,
            )
        )
    legend = Legend(
        colours=[
            (write(lo), colour(0.0)),
            (write((lo + hi) / 2), colour(0.5)),
            (write(hi), colour(1.0)),
            (translate("无数据"), MISSING),
        ],
        size=translate("数值越大，圆点越大"),
        sizes=[(write(lo), SMALL), (write(hi), LARGE)],
    )
    return points, legend


def map_figure(
    indicator: Indicator, ctx: Context, tiles: TileService | None = None
) -> tuple[dict[str, Any], Legend, Listing]:
    """The street map as a JSON-ready figure (each marker's customdata is its building id),
    its legend, and its buildings as a list (amounts in one unit, named in the heading)."""
    assert indicator.map_column is not None
    table = building_table(ctx)
    if indicator.map_column not in table:
        raise KeyError(indicator.map_column)
    unit, column = indicator.chart_unit, indicator.map_column
    write = value_writer([float(v) for v in table[column].dropna()], unit)
    points, legend = points_for(table, column, write)
    name = translate(indicator.name_zh)
    if unit == "元":
        chosen = money_unit(p.value for p in points)
        buildings = listing(points, chosen.header(name), lambda p: chosen.number(p.value))
    else:
        buildings = listing(points, name)
    return street_map(points, tiles, summary_of(unit, write)), legend, buildings
