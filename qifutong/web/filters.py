"""Jinja filters for money, areas, dates and percentages in Chinese conventions."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask


def money(value: float | None) -> str:
    """Yuan shown in 万元 or 亿元 as officials read them."""
    if value is None:
        return "—"
    v = float(value)
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f} 亿元"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.1f} 万元"
    return f"{v:,.0f} 元"


def area(value: float | None) -> str:
    return "—" if value is None else f"{float(value):,.0f} ㎡"


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


def register(app: Flask) -> None:
    app.add_template_filter(money)
    app.add_template_filter(area)
    app.add_template_filter(number)
    app.add_template_filter(percent)
    app.add_template_filter(ymd)
