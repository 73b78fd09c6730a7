"""Plotly figures (as plain JSON-ready dicts for the local plotly.js) and value formatting.

Every trace carries each point's segment in `customdata`, so a click opens the records behind
exactly that bar or slice."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dashboards.compute import Item, Value
from dashboards.english import label_text, month_label
from dashboards.indicator import Indicator
from qifutong.web.i18n import current_locale, translate
from qifutong.web.units import english_money, money_unit, with_unit
from qifutong.web.units import unit as unit_word

PALETTE = [
    "#1d4ed8",
    "#b71c1c",
    "#f29900",
    "#188038",
    "#7b1fa2",
    "#00838f",
    "#6d4c41",
    "#c2185b",
    "#5c6bc0",
    "#9e9d24",
    "#546e7a",
    "#ef6c00",
]
LEVEL_COLOURS = {"red": "#d93025", "amber": "#f29900", "blue": "#1a73e8"}
STATUS_COLOURS = {"billion": "#b71c1c", "watch": "#f29900", "": "#1d4ed8"}
FONT = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"WenQuanYi Micro Hei", sans-serif'
)
MAX_BARS = 15
MONEY = ("元", "万元", "亿元")


@dataclass(frozen=True)
class Axis:
    """A chart's value axis: one unit for all its values (yuan in 万元 or 亿元 by their size)."""

    unit: str  # the unit the values are shown in, in Chinese
    factor: float = 1.0  # source units per shown unit

    def scale(self, value: float | None) -> float | None:
        return None if value is None else value / self.factor

    def word(self) -> str:
        return unit_word(self.unit)

    def layout(self) -> dict[str, Any]:
        """Ticks as full numbers with separators ("15,000", never "15k"); money ticks read
        "1.5 亿元" in Chinese, other units (and English money) name the unit in the title."""
        axis: dict[str, Any] = {"tickformat": ",", "automargin": True}
        if self.unit in MONEY and current_locale() != "en":
            axis["ticksuffix"] = f" {self.unit}"
            return axis
        axis["title"] = {"text": self.word()}
        return axis


def value_axis(values: list[float | None], unit: str) -> Axis:
    """The axis for these values in `unit`: yuan get the one unit that suits them all."""
    if unit != "元":
        return Axis(unit)
    chosen = money_unit(values)
    return Axis(chosen.name, chosen.factor)


def format_value(value: float | None, unit: str) -> str:
    """The tile's big number: 1.23亿元, 456.7万元, 83.2%, 5,012家."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    v = float(value)
    if current_locale() == "en":
        return _english_value(v, unit)
    if unit == "元":
        if abs(v) >= 1e8:
            return f"{v / 1e8:,.2f} 亿元"
        if abs(v) >= 1e4:
            return f"{v / 1e4:,.1f} 万元"
        return f"{v:,.0f} 元"
    if unit == "%":
        return f"{v:,.1f}%"
    if unit in ("元/㎡·天",):
        return f"{v:,.2f} {unit}"
    if unit in ("元/人", "元/㎡", "㎡"):
        return f"{v:,.0f} {unit}"
    if unit in ("万美元", "亿元"):
        return f"{v:,.2f} {unit}"
    return f"{v:,.0f} {unit}"


def _english_value(v: float, unit: str) -> str:
    if unit in ("元", "亿元"):
        return english_money(v * (1e8 if unit == "亿元" else 1))
    if unit == "万美元":
        return f"{v / 100:,.2f}M USD"
    if unit == "%":
        return f"{v:,.1f}%"
    digits = 2 if unit == "元/㎡·天" else 0
    return with_unit(f"{v:,.{digits}f}", unit)


def format_growth(g: float | None) -> str:
    if g is None:
        return ""
    return f"{'+' if g >= 0 else ''}{g:.1f}%"


def _layout(unit: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": 260,
        "margin": {"l": 50, "r": 12, "t": 12, "b": 40},
        "font": {"family": FONT, "size": 11},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "hovermode": "closest",
    }
    layout.update(extra)
    return layout


def short(label: str, width: int = 14) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _items(
    items: list[Item], axis: Axis, limit: int = MAX_BARS
) -> tuple[list[str], list[Any], list[str]]:
    shown = items[:limit]
    values = [axis.scale(i.value) for i in shown]
    return [short(label_text(i.label)) for i in shown], values, [i.segment for i in shown]


def _bar(
    items: list[Item], unit: str, horizontal: bool, colours: list[str] | None = None
) -> dict[str, Any]:
    axis = value_axis([i.value for i in items[:MAX_BARS]], unit)
    labels, values, segs = _items(items, axis)
    shown_unit = axis.word()
    trace: dict[str, Any] = {
        "type": "bar",
        "customdata": segs,
        "marker": {"color": colours or PALETTE[0]},
        "hovertemplate": "%{"
        + ("y" if horizontal else "x")
        + "}: %{"
        + ("x" if horizontal else "y")
        + ":,.2f} "
        + shown_unit
        + "<extra></extra>",
    }
    if horizontal:
        trace.update(x=values[::-1], y=labels[::-1], orientation="h", customdata=segs[::-1])
        if colours:
            trace["marker"] = {"color": colours[::-1]}
        height = max(220, 26 * len(labels) + 50)
        layout = _layout(
            unit,
            height=height,
            margin={"l": 150, "r": 12, "t": 8, "b": 30},
            xaxis=axis.layout(),
            yaxis={"automargin": True},
        )
    else:
        trace.update(x=labels, y=values)
        layout = _layout(unit, yaxis=axis.layout(), xaxis={"automargin": True})
    return {"data": [trace], "layout": layout}


def _pie(items: list[Item], unit: str) -> dict[str, Any]:
    shown = [i for i in items if i.value]
    labels, values, segs = _items(shown, value_axis([i.value for i in shown[:12]], unit), limit=12)
    trace = {
        "type": "pie",
        "labels": labels,
        "values": values,
        "customdata": segs,
        "hole": 0.45,
        "sort": False,
        "marker": {"colors": PALETTE},
        "textinfo": "percent",
        "textposition": "inside",
        "hovertemplate": "%{label}: %{value:,.2f}<extra></extra>",
    }
    return {
        "data": [trace],
        "layout": _layout(unit, showlegend=True, legend={"font": {"size": 10}}),
    }


def _trend(value: Value, unit: str) -> dict[str, Any]:
    s = value.series or {"months": [], "current": [], "previous": [], "labels": ["", ""]}
    axis = value_axis([*s["current"], *s["previous"]], unit)
    cur = [axis.scale(v) for v in s["current"]]
    prev = [axis.scale(v) for v in s["previous"]]
    blank = [""] * len(s["months"])
    data = [
        {
            "type": "bar",
            "name": label_text(s["labels"][1]),
            "x": [month_label(m) for m in s["months"]],
            "y": prev,
            "customdata": blank,
            "marker": {"color": "#c5cae9"},
        },
        {
            "type": "bar",
            "name": label_text(s["labels"][0]),
            "x": [month_label(m) for m in s["months"]],
            "y": cur,
            "customdata": blank,
            "marker": {"color": PALETTE[1]},
        },
    ]
    return {
        "data": data,
        "layout": _layout(
            unit,
            barmode="group",
            showlegend=True,
            legend={"orientation": "h", "y": 1.12},
            yaxis=axis.layout(),
        ),
    }


def _line(items: list[Item], unit: str) -> dict[str, Any]:
    axis = value_axis([i.value for i in items], unit)
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [label_text(i.label) for i in items],
        "y": [axis.scale(i.value) for i in items],
        "customdata": [i.segment for i in items],
        "line": {"color": PALETTE[0]},
        "hovertemplate": "%{x}: %{y:,.2f} " + axis.word() + "<extra></extra>",
    }
    layout = _layout(unit, yaxis=axis.layout())
    layout["margin"] = {"l": 50, "r": 30, "t": 12, "b": 48}
    return {"data": [trace], "layout": layout}


def _funnel(items: list[Item], unit: str) -> dict[str, Any]:
    trace = {
        "type": "funnel",
        "y": [label_text(i.label) for i in items],
        "x": [i.value for i in items],
        "customdata": [i.segment for i in items],
        "marker": {"color": PALETTE[: len(items)]},
        "textinfo": "value+percent initial",
    }
    return {"data": [trace], "layout": _layout(unit, margin={"l": 60, "r": 12, "t": 8, "b": 20})}


def _compare(items: list[Item], unit: str) -> dict[str, Any]:
    return _bar(items, unit, horizontal=False, colours=["#c5cae9", PALETTE[1]])


def figure(indicator: Indicator, value: Value) -> dict[str, Any]:
    """The indicator's chart; an empty chart with a note where there is nothing to draw."""
    unit, items, kind = indicator.chart_unit, value.items, indicator.chart
    if kind == "trend" and value.series and value.series["months"]:
        return _trend(value, unit)
    if not items:
        note = translate(value.reason or "暂无数据")
        return {
            "data": [{"type": "bar", "x": [], "y": [], "customdata": []}],
            "layout": _layout(
                unit,
                xaxis={"visible": False},
                yaxis={"visible": False},
                annotations=[
                    {
                        "text": note,
                        "showarrow": False,
                        "x": 0.5,
                        "y": 0.5,
                        "xref": "paper",
                        "yref": "paper",
                        "font": {"size": 13, "color": "#66788a"},
                    }
                ],
            ),
        }
    if kind == "compare":
        return _compare(items, unit)
    if kind == "pie":
        return _pie(items, unit)
    if kind == "line":
        return _line(items, unit)
    if kind == "funnel":
        return _funnel(items, unit)
    if kind == "level":
        colours = [LEVEL_COLOURS.get(str(i.extra.get("level")), PALETTE[0]) for i in items]
        return _bar(items, unit, horizontal=False, colours=colours)
    if kind == "hbar":
        status = [str(i.extra.get("status", "")) for i in items[:MAX_BARS]]
        by_status = [STATUS_COLOURS[s] for s in status] if any(status) else None
        return _bar(items, unit, horizontal=True, colours=by_status)
    return _bar(items, unit, horizontal=False)
