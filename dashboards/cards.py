"""Cockpit figures on the street's home page, each opening its indicator's records."""

from __future__ import annotations

from typing import Any

from dashboards.figures import format_growth, format_value
from dashboards.period import Filters, default_preset, preset_period
from dashboards.queries import cockpit
from dashboards.registry import get
from qifutong.timeutil import street_today
from qifutong.web.nav import Card

HOME_INDICATORS = ("tax_total", "occupancy_rate", "tax_swing_alerts")


def street_cards(user: Any) -> list[Card]:
    today = street_today()
    values = cockpit(user, preset_period(default_preset(today), today), Filters(), today)
    cards = []
    for key in HOME_INDICATORS:
        ind, val = get(key), values.get(key)
        if ind is None or val is None:
            continue
        growth = format_growth(val.growth) if val.growth is not None else ""
        tone = "red" if key == "tax_swing_alerts" and val.value else ""
        cards.append(
            Card(
                ind.name_zh,
                format_value(val.value, ind.unit),
                "dashboards.records",
                tone,
                (("key", key),),
                growth,
            )
        )
    return cards
