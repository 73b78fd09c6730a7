"""Jinja filters for money, areas, dates and percentages in Chinese conventions."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from qifutong.web.i18n import term
from qifutong.web.units import MoneyUnit, money, money_unit, unit, with_unit


def area(value: float | None) -> str:
    return "—" if value is None else f"{float(value):,.0f} " + unit("㎡")


def number(value: float | int | None, digits: int = 0) -> str:
    return "—" if value is None else f"{float(value):,.{digits}f}"


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{float(value) * 100:.{digits}f}%"


def ymd(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def in_unit(value: float | None, column: MoneyUnit) -> str:
    """An amount in its column's unit, the unit itself in the heading."""
    return column.number(value)


def register(app: Flask) -> None:
    app.add_template_global(money_unit)
    app.add_template_filter(in_unit)
    app.add_template_filter(money)
    app.add_template_filter(area)
    app.add_template_filter(number)
    app.add_template_filter(percent)
    app.add_template_filter(ymd)
    app.add_template_filter(unit)
    app.add_template_filter(term)
    app.add_template_filter(with_unit)
