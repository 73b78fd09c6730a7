"""Building figures on the street's home page."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from buildings.models import Building
from buildings.queries import lease_warnings
from buildings.warnings import thresholds_from
from qifutong.extensions import db
from qifutong.timeutil import street_today
from qifutong.web.i18n import N_
from qifutong.web.nav import Card


def warning_cards(user: Any) -> list[Card]:
    today = street_today()
    counts = Counter(
        w.level for w in lease_warnings(user, today, thresholds_from(current_app.config))
    )
    total = db.session.scalar(select(func.count()).select_from(Building))
    return [
        Card(N_("楼宇数"), str(total or 0), "buildings.board"),
        Card(N_("红色预警租约"), str(counts.get("red", 0)), "buildings.board", "red"),
        Card(N_("黄色预警租约"), str(counts.get("amber", 0)), "buildings.board", "amber"),
        Card(N_("蓝色预警租约"), str(counts.get("blue", 0)), "buildings.board", "blue"),
    ]
