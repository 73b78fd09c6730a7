"""Lease expiry warnings (DESIGN §5): the one rule that decides a lease's level.

Everything that shows a level (board, API, digest, cockpit, map, exports) calls
`lease_warning_level`; nothing else compares days with thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

LEVELS = ("red", "amber", "blue")
LEVEL_LABELS = {"red": "红色预警", "amber": "黄色预警", "blue": "蓝色预警"}
LEVEL_COLORS = {"red": "#d93025", "amber": "#f29900", "blue": "#1a73e8"}
OPEN_STATUSES = ("active",)  # renewed, ended and closed leases raise no warning


@dataclass(frozen=True)
class Thresholds:
    """Upper bounds (inclusive) of days left for each level; settings QIFUTONG_LEASE_*_DAYS."""

    red: int = 30
    amber: int = 60
    blue: int = 90


def today_in(tz: str = "Asia/Shanghai", now: datetime | None = None) -> date:
    """Today's date where the street is, whatever the server's clock zone.

    `now` (an aware datetime) stands in for the clock in tests."""
    moment = now if now is not None else datetime.now(ZoneInfo(tz))
    return moment.astimezone(ZoneInfo(tz)).date()


def days_left(end_on: date, today: date) -> int:
    """Days from today to the lease end; 0 on the last day, negative once it has passed."""
    return (end_on - today).days


def lease_warning_level(
    days: int, status: str = "active", thresholds: Thresholds = Thresholds()
) -> str | None:
    """red ≤ 30 days (and expired leases still open), amber 31–60, blue 61–90, else None."""
    if status not in OPEN_STATUSES:
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


def is_key_firm(grade: str | None, tax_12m: float | None, tax_threshold: float | None) -> bool:
    """A key firm (重点企业): grade A or B, or last-12-month tax in the street's top share."""
    if grade in ("A", "B"):
        return True
    return tax_threshold is not None and tax_12m is not None and tax_12m >= tax_threshold
