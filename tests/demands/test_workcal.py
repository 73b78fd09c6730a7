"""Working time on the Chinese calendar: holidays, adjusted working weekends, deadlines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar
import pytest

from qifutong.demands import workflow
from qifutong.demands.holidays import calendar_covers
from qifutong.demands.workcal import WorkingHours, add_working_time, is_working_day
from qifutong.timeutil import to_local, to_utc

HOURS = WorkingHours(time(9, 0), time(17, 30))
SETTINGS = {
    "QIFUTONG_DEMAND_URGENT_ASSIGN_HOURS": 2,
    "QIFUTONG_DEMAND_URGENT_RESOLVE_DAYS": 1,
    "QIFUTONG_DEMAND_NORMAL_ASSIGN_DAYS": 1,
    "QIFUTONG_DEMAND_NORMAL_RESOLVE_DAYS": 5,
}
# The weekend days of 2026 that are working days (调休上班), as the holiday package has them.
ADJUSTED_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def deadlines(urgency: str, start: datetime) -> tuple[datetime, datetime]:
    return workflow.deadlines(start, workflow.sla_for(urgency, SETTINGS, HOURS), HOURS)


def test_the_holiday_package_knows_2026s_adjusted_working_weekend_days():
    day, found = date(2026, 1, 1), []
    while day.year == 2026:
        if day.weekday() >= 5 and chinese_calendar.is_workday(day):
            found.append(day)
        day += timedelta(days=1)
    assert found == ADJUSTED_2026
    assert all(is_working_day(d) for d in ADJUSTED_2026)


def test_national_day_2026_is_seven_days_off_and_the_weekend_after_is_split():
    for n in range(1, 8):
        assert not is_working_day(date(2026, 10, n)), f"2026-10-0{n} is a holiday"
    assert is_working_day(date(2026, 9, 30))
    assert is_working_day(date(2026, 10, 8))
    assert is_working_day(date(2026, 10, 10))  # Saturday, adjusted working day
    assert not is_working_day(date(2026, 10, 11))  # Sunday


def test_normal_demand_before_national_day_is_due_after_the_holiday_on_the_working_saturday():
    start = datetime(2026, 9, 30, 10, 0)  # Wednesday, the last working day before the holiday
    assign_by, resolve_by = deadlines("normal", start)
    # One working day: the holiday 10-01…10-07 does not count.
    assert assign_by == datetime(2026, 10, 8, 10, 0)
    # Five working days: 10-08, 10-09, Saturday 10-10 (adjusted), Monday 10-12, 10-13.
    assert resolve_by == datetime(2026, 10, 13, 10, 0)


def test_urgent_demand_in_the_last_hour_before_the_holiday():
    assign_by, resolve_by = deadlines("urgent", datetime(2026, 9, 30, 16, 30))
    assert assign_by == datetime(2026, 10, 8, 10, 0)  # 1 h on 09-30, 1 h on 10-08
    assert resolve_by == datetime(2026, 10, 8, 16, 30)  # 1 h + 7.5 h


def test_urgent_demand_on_friday_evening_is_due_on_the_adjusted_working_saturday():
    assign_by, resolve_by = deadlines("urgent", datetime(2026, 10, 9, 17, 0))
    assert assign_by == datetime(2026, 10, 10, 10, 30)
    assert resolve_by == datetime(2026, 10, 10, 17, 0)


def test_adjusted_working_sunday_before_mid_autumn_counts():
    # Friday 2026-09-18 16:00 + 1 working day: 1.5 h Friday, then Sunday 09-20 is a working day.
    _, resolve_by = deadlines("urgent", datetime(2026, 9, 18, 16, 0))
    assert resolve_by == datetime(2026, 9, 20, 16, 0)


def test_outside_office_hours_the_clock_starts_next_working_morning():
    assign_by, resolve_by = deadlines("normal", datetime(2026, 10, 7, 20, 0))  # holiday evening
    assert assign_by == datetime(2026, 10, 8, 17, 30)
    assert resolve_by == datetime(2026, 10, 13, 17, 30)  # 10-08, 09, 10 (Sat), 12, 13


def test_working_time_from_the_exact_end_of_day():
    end = datetime(2026, 11, 20, 17, 30)  # Friday
    assert add_working_time(end, timedelta(hours=1), HOURS) == datetime(2026, 11, 23, 10, 0)


def test_a_year_the_package_does_not_know_falls_back_to_weekdays():
    later = date(2099, 1, 5)
    assert not calendar_covers(later)
    assert calendar_covers(date(2026, 1, 1))
    assert is_working_day(later) is (later.weekday() < 5)
    assert not is_working_day(date(2099, 1, 3))  # a Saturday


def test_stored_times_are_utc_and_shown_in_shanghai():
    local = datetime(2026, 10, 13, 10, 0)
    stored = to_utc(local, "Asia/Shanghai")
    assert stored == datetime(2026, 10, 13, 2, 0)
    assert to_local(stored, "Asia/Shanghai") == local


@pytest.mark.parametrize(
    ("state", "to", "actors", "allowed"),
    [
        ("submitted", "assigned", {"street"}, True),
        ("submitted", "assigned", {"firm"}, False),
        ("assigned", "accepted", {"owner"}, True),
        ("in_progress", "replied", {"firm"}, False),
        ("replied", "closed", {"firm"}, True),
        ("closed", "rated", {"firm"}, True),
        ("closed", "rated", {"street", "owner"}, False),
        ("replied", "in_progress", {"street", "owner"}, False),
        ("replied", "in_progress", {"firm"}, True),
        ("submitted", "replied", {"street"}, False),
    ],
)
def test_who_may_move_a_demand(state, to, actors, allowed):
    assert (to in workflow.allowed_targets(state, actors, overdue=False)) is allowed


def test_escalation_is_offered_only_when_overdue_and_open():
    assert "escalated" in workflow.allowed_targets("accepted", {"street"}, overdue=True)
    assert "escalated" not in workflow.allowed_targets("accepted", {"street"}, overdue=False)
    assert "escalated" not in workflow.allowed_targets("replied", {"street"}, overdue=True)
    assert "escalated" not in workflow.allowed_targets("accepted", {"firm"}, overdue=True)
