"""Lease expiry warnings (DESIGN §5): the one rule that decides a lease's level.

Everything that shows a level (board, API, digest, cockpit, map, exports) calls
`lease_warning_level`; queries select by `window_end` and `red_from`; nothing else compares
days with thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from buildings.models import OPEN

LEVELS = ("red", "amber", "blue")
LEVEL_LABELS = {"red": "红色预警", "amber": "黄色预警", "blue": "蓝色预警"}
LEVEL_COLORS = {"red": "#d93025", "amber": "#f29900", "blue": "#1a73e8"}


@dataclass(frozen=True)
class Thresholds:
    """Upper bounds (inclusive) of days left for each level; settings QIFUTONG_LEASE_*_DAYS."""

    red: int = 30
    amber: int = 60
    blue: int = 90


def days_left(end_on: date, today: date) -> int:
    """Days from today to the lease end; 0 on the last day, negative once it has passed."""
    return (end_on - today).days


def window_end(today: date, days: int) -> date:
    """The last lease end with at most `days` days left: days_left ≤ days, for a query."""
    return today + timedelta(days=days)


def red_from(end_on: date, thresholds: Thresholds) -> date:
    """The first day a lease ending on end_on is red (its days left reach the red bound)."""
    return end_on - timedelta(days=thresholds.red)


def lease_warning_level(
    days: int, status: str = "active", thresholds: Thresholds = Thresholds()
) -> str | None:
    """red ≤ 30 days (and expired leases still open), amber 31–60, blue 61–90, else None."""
    if status != OPEN:  # renewed, ended and closed leases raise no warning
        return None
    if days <= thresholds.red:
        return "red"
    if days <= thresholds.amber:
        return "amber"
    if days <= thresholds.blue:
        return "blue"
    return None


def worst_level(levels: list[str | None]) -> str | None:
    """The most urgent of several levels (red before amber before blue)."""
    for level in LEVELS:
        if level in levels:
            return level
    return None


def thresholds_from(config: Mapping[str, object]) -> Thresholds:
    """The thresholds from the app settings."""
    return Thresholds(
        int(config.get("QIFUTONG_LEASE_RED_DAYS", 30)),  # type: ignore[call-overload]
        int(config.get("QIFUTONG_LEASE_AMBER_DAYS", 60)),  # type: ignore[call-overload]
        int(config.get("QIFUTONG_LEASE_BLUE_DAYS", 90)),  # type: ignore[call-overload]
    )
