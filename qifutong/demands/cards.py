"""Demand, visit and key-firm figures on the street's home page.

"待走访企业" counts firms with a red lease or a tax swing still to visit (the plan's top)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select

from qifutong.demands.queries import demand_counts
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.timeutil import street_today
from qifutong.visits.plan import visit_plan
from qifutong.web.i18n import N_
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    counts = demand_counts(user)
    cfg = current_app.config
    plan = visit_plan(
        street_today(), cfg["QIFUTONG_VISIT_GAP_DAYS"], cfg["QIFUTONG_LEASE_RED_DAYS"]
    )
    pressing = sum(1 for e in plan if any(r.reason != "not_visited" for r in e.reasons))
    key = db.session.scalar(
        select(func.count(Enterprise.id)).where(Enterprise.is_key_firm, Enterprise.is_active)
    )
    return [
        Card(N_("待办诉求"), f"{counts['open']:,}", "demands.index", args=(("status", "open"),)),
        Card(
            "超期诉求",
            f"{counts['overdue']:,}",
            "demands.index",
            tone="red" if counts["overdue"] else "green",
            args=(("overdue", "1"),),
        ),
        Card(N_("待走访企业"), f"{pressing:,}", "visits.plan_page", tone="amber"),
        Card("重点企业", f"{key or 0:,}", "keyfirms.index"),
    ]
