"""The visits due, on the street's home page.

"待走访企业" counts firms with a red lease or a tax swing still to visit (the plan's top)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from qifutong.timeutil import street_today
from qifutong.visits.plan import visit_plan
from qifutong.web.i18n import N_
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    del user  # the plan is the whole street's
    cfg = current_app.config
    plan = visit_plan(
        street_today(), cfg["QIFUTONG_VISIT_GAP_DAYS"], cfg["QIFUTONG_LEASE_RED_DAYS"]
    )
    pressing = sum(1 for e in plan if any(r.reason != "not_visited" for r in e.reasons))
    return [Card(N_("待走访企业"), f"{pressing:,}", "visits.plan_page", tone="amber")]
