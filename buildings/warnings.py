"""Lease expiry warnings (DESIGN §5): the one rule that decides a lease's level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

LEVELS = ("red", "amber", "blue")
LEVEL_LABELS = {"red": "红色预警", "amber": "黄色预警", "blue": "蓝色预警"}
OPEN_STATUSES = ("active",)  # renewed, ended and closed leases raise no warning


@dataclass(frozen=True)
class Thresholds:
    red: int = 30
    amber: int = 60
    blue: int = 90


def today_in(tz: str = "Asia/Shanghai") -> date:
    """Today's date where the street is, whatever the server's clock zone."""
    return datetime.now(ZoneInfo(tz)).date()


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


def thresholds_from(config: dict[str, object]) -> Thresholds:
    return Thresholds(
        int(config.get("QIFUTONG_LEASE_RED_DAYS", 30)),  # type: ignore[call-overload]
        int(config.get("QIFUTONG_LEASE_AMBER_DAYS", 60)),  # type: ignore[call-overload]
        int(config.get("QIFUTONG_LEASE_BLUE_DAYS", 90)),  # type: ignore[call-overload]
    )
