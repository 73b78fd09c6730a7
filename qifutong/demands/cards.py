"""Demand figures on the street's home page."""

from __future__ import annotations

from typing import Any

from qifutong.demands.queries import demand_counts
from qifutong.web.i18n import N_
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    counts = demand_counts(user)
    return [
        Card(N_("待办诉求"), f"{counts['open']:,}", "demands.index", args=(("status", "open"),)),
        Card(
            "超期诉求",
            f"{counts['overdue']:,}",
            "demands.index",
            tone="red" if counts["overdue"] else "green",
            args=(("overdue", "1"),),
        ),
    ]
