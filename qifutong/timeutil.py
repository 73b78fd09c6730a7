"""The street's clock (QIFUTONG_TIMEZONE, Asia/Shanghai by default), whatever the server's zone.

Times are stored as naive UTC; dates and wall-clock times a person reads are the street's.
Everything that needs "today in the street" or converts between the two calls these."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


def street_zone(tz: str | None = None) -> ZoneInfo:
    """The street's time zone: `tz` if given, else the app's setting (Asia/Shanghai outside)."""
    if tz is None:
        tz = current_app.config["QIFUTONG_TIMEZONE"] if has_app_context() else DEFAULT_ZONE
    return ZoneInfo(tz)


def street_today(now: datetime | None = None) -> date:
    """Today's date in the street; `now` (an aware datetime) stands in for the clock in tests."""
    zone = street_zone()
    moment = now if now is not None else datetime.now(zone)
    return moment.astimezone(zone).date()


def street_now() -> datetime:
    """The street's wall-clock time now, naive (as activities keep their times)."""
    return datetime.now(street_zone()).replace(tzinfo=None)


def street_time(utc_naive: datetime, tz: str | None = None) -> datetime:
    """A stored (naive UTC) time in the street's zone, aware."""
    return utc_naive.replace(tzinfo=UTC).astimezone(street_zone(tz))


def to_local(utc_naive: datetime, tz: str | None = None) -> datetime:
    """A stored (naive UTC) time as the street's local wall-clock time, naive."""
    return street_time(utc_naive, tz).replace(tzinfo=None)


def to_utc(local_naive: datetime, tz: str | None = None) -> datetime:
    """A local wall-clock time as naive UTC, the way times are stored."""
    return local_naive.replace(tzinfo=street_zone(tz)).astimezone(UTC).replace(tzinfo=None)
