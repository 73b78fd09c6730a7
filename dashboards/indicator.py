"""What an indicator is: its fields, the six groups, what its as-of date means, the kinds of
records behind it and the charts it may be drawn as. The 52 definitions (definitions/) are
made of these; the registry (registry.py) hands them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.compute import Context, Value
from qifutong.web.i18n import N_

GROUPS: dict[str, tuple[str, str]] = {
    "A": (N_("财政与宏观"), "Fiscal and macro"),
    "B": (N_("企业主体"), "Firm base"),
    "C": (N_("税源结构"), "Tax structure"),
    "D": (N_("楼宇经济"), "Buildings"),
    "E": ("租约", "Leases"),
    "F": (N_("服务成效"), "Service performance"),
}

# What an indicator's as-of date means.
AS_OF_MONTH = N_("所选期间内最新一个有经济数据的月份（月末）")
AS_OF_TODAY = N_("今日（台账实时数据）")
AS_OF_PERIOD_END = N_("所选期间末日（不晚于今日）")
AS_OF_IMPORTED = N_("统计局数据所属月份（所选期间内最新一期）")

DRILL_KINDS = {
    "firms": "企业",
    "buildings": "楼宇",
    "leases": "租约",
    "demands": "诉求",
    "visits": "走访",
    "pushes": "推送",
    "macro": "统计数据",
}
CHARTS = ("trend", "compare", "bar", "hbar", "pie", "funnel", "line", "level")


@dataclass(frozen=True)
class Drill:
    """The records behind an indicator: their kind and, for firms and leases, which set."""

    kind: str
    population: str = ""


@dataclass(frozen=True)
class Indicator:
    key: str
    name_zh: str
    name_en: str
    group: str
    unit: str
    scope: str  # 口径: which firms, buildings or records it counts
    formula: str
    source: str
    as_of: str  # what the as-of date means
    drill: Drill
    chart: str
    compute: Callable[[Context], Value]
    building_role: bool = False  # also shown to building and property users, for their buildings
    map_column: str | None = None  # per-building column the map can size and colour by
    finance: bool = False  # reads firms' tax or revenue
    item_unit: str | None = None  # the chart's unit where it differs from the value's
    datasets: tuple[str, ...] = ()  # the data sets of the catalogue it is computed from

    @property
    def chart_unit(self) -> str:
        return self.item_unit or self.unit

    @property
    def group_name(self) -> str:
        return GROUPS[self.group][0]
