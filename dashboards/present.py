"""Turning computed indicators into API objects and page tiles (no database access)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from dashboards.compute import Value
from dashboards.english import cockpit_text
from dashboards.figures import figure, format_growth, format_value
from dashboards.indicator import GROUPS, Indicator
from qifutong.catalogue import DataSetState
from qifutong.web.i18n import term, translate


def _num(v: float | None) -> float | None:
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return None
    return round(float(v), 6)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def dataset_notes(
    ind: Indicator, states: Mapping[str, DataSetState] | None
) -> list[dict[str, Any]]:
    """The data sets an indicator is computed from, and whether each is overdue."""
    out = []
    for key in ind.datasets:
        s = (states or {}).get(key)
        if s is not None:
            last = s.last_update.isoformat() + "Z" if s.last_update else None
            out.append(
                {"key": key, "name": s.dataset.name, "overdue": s.overdue, "last_update": last}
            )
    return out


def indicator_json(
    ind: Indicator, val: Value, states: Mapping[str, DataSetState] | None = None
) -> dict[str, Any]:
    """The API object of DESIGN §7, plus formula, growth, reason, the chart's breakdown and
    the data sets it uses."""
    value = _num(val.value)
    reason = val.reason
    if value is None and not reason:
        reason = "无可计算的数据"
    return {
        "key": ind.key,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "group": ind.group,
        "group_name_zh": GROUPS[ind.group][0],
        "group_name_en": GROUPS[ind.group][1],
        "unit": ind.unit,
        "value": value,
        "reason": reason,
        "as_of": _iso(val.as_of),
        "scope": ind.scope,
        "source": val.source or ind.source,
        "formula": ind.formula,
        "as_of_rule": ind.as_of,
        "growth": _num(val.growth),
        "extra": {k: _num(v) for k, v in val.extra.items()},
        "breakdown": [
            {"label": i.label, "value": _num(i.value), "segment": i.segment} for i in val.items
        ],
        "drilldown": ind.drill.kind,
        "datasets": dataset_notes(ind, states),
    }


def extra_lines(ind: Indicator, val: Value) -> list[str]:
    """Secondary figures a tile shows under its number."""
    e = val.extra
    lines = []
    if e.get("coverage") is not None:
        lines.append(translate("重点企业覆盖率 {rate}%", rate=format(e["coverage"], ".1f")))
    if "on_time_rate" in e and e["on_time_rate"] is not None:
        lines.append(translate("按期办结率 {rate}%", rate=format(e["on_time_rate"], ".1f")))
    if "satisfaction" in e and e["satisfaction"] is not None:
        lines.append(translate("满意率 {rate}%", rate=format(e["satisfaction"], ".1f")))
    if e.get("amount"):
        lines.append(translate("获批金额 {amount}", amount=format_value(e["amount"], "元")))
    if ind.key == "expiring_leases":
        lines += [
            translate(
                "{level} {n} 份 · {area} ㎡",
                level=term(i.label),
                n=f"{i.value:.0f}",
                area=f"{i.extra.get('area', 0):,.0f}",
            )
            for i in val.items
        ]
    return lines


def tile(
    ind: Indicator, val: Value, states: Mapping[str, DataSetState] | None = None
) -> dict[str, Any]:
    notes = dataset_notes(ind, states)
    return {
        "datasets": notes,
        "overdue": [n["name"] for n in notes if n["overdue"]],
        "ind": ind,
        "value": val,
        "text": format_value(val.value, ind.unit),
        "growth": format_growth(val.growth),
        "growth_up": (val.growth or 0) >= 0,
        "as_of": val.as_of,
        "source": cockpit_text(val.source or ind.source),
        "source_short": cockpit_text((val.source or ind.source).split("（")[0].split("；")[0]),
        "lines": extra_lines(ind, val),
        "figure": figure(ind, val),
    }
