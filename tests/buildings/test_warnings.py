"""The one rule (DESIGN §5): levels by days left in Asia/Shanghai, thresholds as settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from buildings.warnings import (
    Thresholds,
    days_left,
    lease_warning_level,
    thresholds_from,
    worst_level,
)
from qifutong.enterprises.models import Enterprise
from qifutong.timeutil import street_today


@pytest.mark.parametrize(
    ("days", "level"),
    [
        (0, "red"),
        (30, "red"),
        (31, "amber"),
        (60, "amber"),
        (61, "blue"),
        (90, "blue"),
        (91, None),
        (400, None),
    ],
)
def test_boundaries(days: int, level: str | None) -> None:
    assert lease_warning_level(days) == level


@pytest.mark.parametrize("days", [-1, -40, -3650])
def test_expired_and_unclosed_is_red(days: int) -> None:
    assert lease_warning_level(days, "active") == "red"


@pytest.mark.parametrize("status", ["ended", "closed"])
@pytest.mark.parametrize("days", [-40, -1, 0, 15])
def test_expired_and_closed_raises_nothing(status: str, days: int) -> None:
    assert lease_warning_level(days, status) is None


def test_a_renewed_lease_raises_nothing_and_its_successor_is_judged_by_its_own_end() -> None:
    assert lease_warning_level(5, "renewed") is None
    assert lease_warning_level(-5, "renewed") is None
    today = date(2025, 3, 1)
    successor_end = today + timedelta(days=75)
    assert lease_warning_level(days_left(successor_end, today), "active") == "blue"
    assert lease_warning_level(days_left(today + timedelta(days=1096), today)) is None


def test_days_left_counts_today_as_zero_on_the_last_day() -> None:
    assert days_left(date(2025, 6, 30), date(2025, 6, 30)) == 0
    assert days_left(date(2025, 6, 30), date(2025, 5, 31)) == 30
    assert days_left(date(2025, 6, 30), date(2025, 7, 2)) == -2


def test_thresholds_are_settings() -> None:
    t = thresholds_from(
        {
            "QIFUTONG_LEASE_RED_DAYS": 14,
            "QIFUTONG_LEASE_AMBER_DAYS": 45,
            "QIFUTONG_LEASE_BLUE_DAYS": 120,
        }
    )
    assert t == Thresholds(14, 45, 120)
    assert lease_warning_level(14, thresholds=t) == "red"
    assert lease_warning_level(15, thresholds=t) == "amber"
    assert lease_warning_level(46, thresholds=t) == "blue"
    assert lease_warning_level(120, thresholds=t) == "blue"
    assert lease_warning_level(121, thresholds=t) is None
    assert thresholds_from({}) == Thresholds(30, 60, 90)


def test_the_day_is_shanghai_s_day_not_the_server_s() -> None:
    """A server in UTC at 23:30 on 31 May is already 1 June (07:30) in Shanghai."""
    server_clock = datetime(2025, 5, 31, 23, 30, tzinfo=UTC)
    assert server_clock.date() == date(2025, 5, 31)
    today = street_today(now=server_clock)
    assert today == date(2025, 6, 1)
    # A lease ending 1 July is 30 days away in Shanghai (red), 31 by the server's date (amber).
    end = date(2025, 7, 1)
    assert lease_warning_level(days_left(end, today)) == "red"
    assert lease_warning_level(days_left(end, server_clock.date())) == "amber"
    # And a lease ending 31 May has passed in Shanghai: expired, still open → red, −1 day.
    assert days_left(date(2025, 5, 31), today) == -1


def test_a_server_clock_in_another_zone_gives_the_same_day() -> None:
    new_york = timezone(timedelta(hours=-4))
    clock = datetime(2025, 5, 31, 19, 30, tzinfo=new_york)  # = 23:30 UTC
    assert street_today(now=clock) == date(2025, 6, 1)
    assert street_today(now=datetime(2025, 5, 31, 15, 59, tzinfo=UTC)) == date(2025, 5, 31)


def test_worst_level_and_key_firms() -> None:
    assert worst_level(["blue", None, "amber"]) == "amber"
    assert worst_level([None]) is None
    assert all(Enterprise(grade=g).is_key_firm for g in ("A", "B", "C"))
    assert not Enterprise(grade=None, tax_12m=9e7).is_key_firm
