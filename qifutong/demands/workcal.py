"""Working time on the Chinese calendar: public holidays and adjusted working days (调休).

The holidays and the weekend days that are working days come from the `chinesecalendar`
package, which follows the State Council's yearly notice, and from the notice itself where the
street has loaded it (holidays.py): a loaded day overrides the package. For a year neither
knows, Monday to Friday count as working days and `holidays.calendar_covers` says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import chinese_calendar

from qifutong.demands.holidays import loaded


@dataclass(frozen=True)
class WorkingHours:
    """The street's office hours on a working day (local time)."""

    start: time = time(9, 0)
    end: time = time(17, 30)

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)


def parse_clock(text: str) -> time:
    """'09:00' → time(9, 0); a clear error for anything else."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"expected a clock time like 09:00, got {text!r}") from exc


def working_hours_from(config: Any) -> WorkingHours:
    hours = WorkingHours(
        parse_clock(config.get("QIFUTONG_WORK_START", "09:00")),
        parse_clock(config.get("QIFUTONG_WORK_END", "17:30")),
    )
    if hours.day_length <= timedelta(0):
        raise ValueError("QIFUTONG_WORK_END must be later than QIFUTONG_WORK_START")
    return hours


def is_working_day(day: date) -> bool:
    """A working day: not a public holiday, and a weekday or an adjusted working weekend day."""
    notice = loaded().days.get(day)
    if notice is not None:
        return notice
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def next_working_start(moment: datetime, hours: WorkingHours) -> datetime:
    """The first working moment at or after `moment`."""
    day = moment.date()
    if is_working_day(day):
        if moment.time() < hours.start:
            return datetime.combine(day, hours.start)
        if moment.time() < hours.end:
            return moment
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, hours.start)


def add_working_time(start: datetime, amount: timedelta, hours: WorkingHours) -> datetime:
    """The local moment when `amount` of working time has passed after `start`.

    Outside office hours the clock stands still, so one working day (one `day_length`) from
    10:00 ends at 10:00 on the next working day, and from the evening at 17:30 the next one."""
    if amount <= timedelta(0):
        return start
    remaining = amount
    cursor = next_working_start(start, hours)
    while True:
        day_end = datetime.combine(cursor.date(), hours.end)
        available = day_end - cursor
        if remaining <= available:
            return cursor + remaining
        remaining -= available
        cursor = next_working_start(day_end, hours)


def working_days(n: float, hours: WorkingHours) -> timedelta:
    return hours.day_length * n
