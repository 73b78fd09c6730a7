"""The street's buildings on the map, coloured by lease warnings or by occupancy; each marker
says its count of warnings or its occupancy rate."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from buildings.models import Building
from buildings.queries import building_levels, occupancy
from buildings.warnings import LEVEL_COLORS, LEVEL_LABELS, Thresholds
from qifutong.maps import Legend, Listing, MapPoint, TileService, listing, street_map
from qifutong.web.i18n import N_, translate
from qifutong.web.units import unit

NO_WARNING = (N_("无预警"), "#188038")
OCCUPANCY_BANDS = (  # (lower bound of the rate, label, colour)
    (0.9, N_("出租率 ≥ 90%"), "#188038"),
    (0.75, "75%–90%", "#1a73e8"),
    (0.5, "50%–75%", "#f29900"),
    (0.0, "< 50%", "#d93025"),
)
NO_DATA = (N_("无数据"), "#9aa5b1")
LEVEL_SHORT = {"red": N_("红"), "amber": N_("黄"), "blue": N_("蓝")}


def occupancy_colour(rate: float | None) -> str:
    if rate is None:
        return NO_DATA[1]
    for lower, _, colour in OCCUPANCY_BANDS:
        if rate >= lower:
            return colour
    return OCCUPANCY_BANDS[-1][2]


def _area(value: float) -> str:
    return f"{value:,.0f} {unit('㎡')}"


def _leasable_size(area: float) -> float:
    return max(10.0, min(34.0, 8.0 + math.sqrt(max(area, 0.0)) / 9.0))


def _warned_size(area: float) -> float:
    return max(10.0, min(40.0, 10.0 + math.sqrt(max(area, 0.0)) / 4.0))


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def warning_counts(counts: dict[str, Any]) -> str:
    """ "红 2 · 黄 1" for the levels present, "无预警" when none."""
    parts = [f"{translate(LEVEL_SHORT[lv])} {counts[lv]}" for lv in LEVEL_SHORT if counts.get(lv)]
    return " · ".join(parts) if parts else translate(NO_WARNING[0])


def _occupancy_summary(members: Sequence[MapPoint]) -> str:
    known = [m.value for m in members if m.value is not None]
    if not known:
        return ""
    return translate("平均出租率 {rate}", rate=_rate(sum(known) / len(known)))


def building_map(
    buildings: list[Building],
    colour: str,
    today: date,
    thresholds: Thresholds,
    tiles: TileService | None = None,
) -> tuple[dict[str, Any], Legend, Listing]:
    """One marker per building with coordinates (its key is the building id, for clicks), the
    legend, and the buildings as a list."""
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
        warnings = warning_counts(lv)
        occupied = translate("出租率 {rate}", rate=_rate(rate))
        vacant = translate("空置 {area}", area=_area(o.get("vacant", 0.0)))
        hover = f"<b>{b.name}</b><br>{occupied}，{vacant}<br>{warnings}"
        if colour == "occupancy":
            fill, size = occupancy_colour(rate), _leasable_size(o.get("leasable", 0.0))
            label = _rate(rate)
        else:
            # The most urgent level colours the building; the area under warning sizes it.
            fill = LEVEL_COLORS[lv["worst"]] if lv["worst"] else NO_WARNING[1]
            size, label = _warned_size(lv.get("area", 0.0)), warnings
            hover += "<br>" + translate("预警面积 {area}", area=_area(lv.get("area", 0.0)))
        points.append(MapPoint(str(b.id), b.name, b.lat, b.lon, fill, size, hover, label, rate))
    if colour == "occupancy":
        legend = Legend(
            colours=[(translate(label), c) for _, label, c in OCCUPANCY_BANDS]
            + [(translate(NO_DATA[0]), NO_DATA[1])],
            size=translate("可租面积越大，圆点越大"),
            sizes=[(_area(a), _leasable_size(a)) for a in (5_000.0, 50_000.0)],
        )
        listed = listing(points, translate("出租率"))
        return street_map(points, tiles, _occupancy_summary), legend, listed

    def warnings_summary(members: Sequence[MapPoint]) -> str:
        counts = [levels.get(int(m.key), {}) for m in members]
        return warning_counts({lv: sum(c.get(lv, 0) for c in counts) for lv in LEVEL_SHORT})

    legend = Legend(
        colours=[(translate(LEVEL_LABELS[lv]), c) for lv, c in LEVEL_COLORS.items()]
        + [(translate(NO_WARNING[0]), NO_WARNING[1])],
        size=translate("预警面积越大，圆点越大"),
        sizes=[(_area(a), _warned_size(a)) for a in (100.0, 2_000.0)],
    )
    listed = listing(points, translate("到期预警"))
    return street_map(points, tiles, warnings_summary), legend, listed
