"""Demand, visit and key-firm figures on the street's home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from qifutong.demands.models import VisitTask
from qifutong.demands.queries import demand_counts
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    counts = demand_counts(user)
    tasks = db.session.scalar(select(func.count(VisitTask.id)).where(VisitTask.status == "open"))
    key = db.session.scalar(
        select(func.count(Enterprise.id)).where(
            Enterprise.grade.is_not(None), Enterprise.status == "active"
        )
    )
    return [
        Card("待办诉求", f"{counts['open']:,}", "demands.index", args=(("status", "open"),)),
        Card(
            "超期诉求",
            f"{counts['overdue']:,}",
            "demands.index",
            tone="red" if counts["overdue"] else "green",
            args=(("overdue", "1"),),
        ),
        Card("待走访任务", f"{tasks or 0:,}", "visits.plan_page", tone="amber"),
        Card("重点企业", f"{key or 0:,}", "keyfirms.index"),
    ]
