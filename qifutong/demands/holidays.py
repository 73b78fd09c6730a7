"""The State Council's holiday notice, loaded by the street for years the package does not know.

Each December the State Council publishes next year's public holidays and the weekend days
worked in exchange (调休). The `chinesecalendar` package follows the notice with a release some
time later; until then the street loads the notice as a small sheet — one row a day, 日期 and
类型 (休 or 班), optionally 说明 — and working-day deadlines follow it at once. A year's sheet
replaces what was loaded for that year; a loaded day overrides the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
from flask import Flask, g, has_app_context
from sqlalchemy import delete, inspect, or_, select

from qifutong.demands.models import HolidayNoticeDay
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.spreadsheets import values
from qifutong.spreadsheets.readers import EXCEL_SUFFIXES, Grid, read_csv_grid, read_workbook_grids
from qifutong.spreadsheets.report import ReportLine, write_report
from qifutong.web.i18n import N_, translate

KIND = "calendar"
MAX_ROWS = 400
_DAY_HEADERS = ("日期", "date", "day")
_KIND_HEADERS = ("类型", "安排", "kind", "type")
_NOTE_HEADERS = ("说明", "备注", "节日", "note")
OFF = frozenset({"休", "休息", "放假", "假", "节假日", "off", "holiday"})
WORK = frozenset({"班", "上班", "补班", "工作日", "work", "workday"})
# Warn this many days ahead that next year's notice is missing.
LOOKAHEAD_DAYS = 45


@dataclass(frozen=True)
class Notices:
    """The loaded notice days (True: a working day) and the years they cover."""

    days: dict[date, bool] = field(default_factory=dict)
    years: frozenset[int] = frozenset()


def loaded() -> Notices:
    """The loaded notice days, read once per request or command."""
    if not has_app_context():
        return Notices()
    cached = g.get("_holiday_notices")
    if cached is None:
        rows = db.session.execute(select(HolidayNoticeDay.day, HolidayNoticeDay.working)).all()
        days = {day: working for day, working in rows}
        cached = g._holiday_notices = Notices(days, frozenset(d.year for d in days))
    return cached


def forget() -> None:
    """Read the notices again on the next use (after a load)."""
    if has_app_context():
        g.pop("_holiday_notices", None)


def calendar_covers(day: date) -> bool:
    """Whether the holidays of this day's year are known (from the package or a notice)."""
    if day.year in loaded().years:
        return True
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def missing_years(today: date) -> list[int]:
    """This year, and next year within LOOKAHEAD_DAYS of its start, where neither the package
    nor a loaded notice knows the holidays."""
    years = sorted({today.year, (today + timedelta(days=LOOKAHEAD_DAYS)).year})
    return [y for y in years if not calendar_covers(date(y, 1, 1))]


MISSING = N_(
    "{years}的法定节假日安排尚未载入，办理时限暂按周一至周五计算。"
    "请在「工作日历」中导入国务院办公厅的放假安排通知。"
)


def missing_warning(today: date) -> str | None:
    """The sentence shown where deadlines are worked out, or None when the calendar is known."""
    from qifutong.web.i18n import current_locale, translate

    years = missing_years(today)
    if not years:
        return None
    if current_locale() == "en":
        return translate(MISSING, years=", ".join(str(y) for y in years))
    return translate(MISSING, years="、".join(f"{y}年" for y in years))


@dataclass
class NoticeImport:
    file_name: str
    status: str = "done"  # done / refused / dry_run
    rows: int = 0
    years: list[int] = field(default_factory=list)
    holidays: int = 0
    working_weekends: int = 0
    problems: list[ReportLine] = field(default_factory=list)
    report_path: str | None = None
    batch_id: int | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "status": self.status,
            "rows": self.rows,
            "years": self.years,
            "holidays": self.holidays,
            "working_weekends": self.working_weekends,
            "rejected": len({p.row for p in self.problems}),
        }


def _grids(data: bytes, file_name: str) -> list[Grid]:
    if Path(file_name).suffix.lower() in EXCEL_SUFFIXES or data[:2] == b"PK":
        return read_workbook_grids(data, file_name)
    return [read_csv_grid(data, file_name)]


def _find(headers: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, h in enumerate(headers) if h.lower() in names), None)


NoticeDays = list[tuple[date, bool, str]]  # day, working, note


def parse_notice(
    data: bytes, file_name: str
) -> tuple[list[tuple[date, bool, str]], list[ReportLine]]:
    """The notice's days from a sheet; every problem named by row and field."""

    def problem(row: int, fld: str, value: Any, expected: str) -> ReportLine:
        shown = "" if value is None else str(value)
        return ReportLine(file_name, row, fld, shown, expected, "rejected")

    try:
        grids = _grids(data, file_name)
    except ValueError as exc:
        return [], [problem(1, "文件", "", str(exc))]
    for grid in grids:
        for i in range(min(10, len(grid.row_numbers))):
            headers = [values.compact(c) if c is not None else "" for c in grid.cells[i]]
            col_day, col_kind = _find(headers, _DAY_HEADERS), _find(headers, _KIND_HEADERS)
            if col_day is None or col_kind is None:
                continue
            return _rows(grid, i, col_day, col_kind, _find(headers, _NOTE_HEADERS), problem)
    expected = translate("一行列名，含“日期”和“类型”（休/班），可有“说明”")
    return [], [problem(1, "表头", "", expected)]


def _rows(
    grid: Grid, header: int, col_day: int, col_kind: int, col_note: int | None, problem: Any
) -> tuple[NoticeDays, list[ReportLine]]:
    days: NoticeDays = []
    problems: list[ReportLine] = []
    seen: dict[date, int] = {}
    body = grid.cells[header + 1 :]
    if len(body) > MAX_ROWS:
        return [], [problem(1, "文件", len(body), translate("一年的通知不超过 {n} 行", n=MAX_ROWS))]
    for cells, row in zip(body, grid.row_numbers[header + 1 :], strict=True):
        row = int(row)
        raw_day, raw_kind = cells[col_day], cells[col_kind]
        if values.is_empty(raw_day) and values.is_empty(raw_kind):
            continue
        try:
            day = values.a_date(raw_day)
        except values.Invalid as exc:
            problems.append(problem(row, "日期", raw_day, str(exc)))
            continue
        if not 2000 <= day.year <= 2100:
            problems.append(problem(row, "日期", raw_day, translate("2000 至 2100 年间的日期")))
            continue
        kind = values.compact(raw_kind).lower() if not values.is_empty(raw_kind) else ""
        if kind not in OFF and kind not in WORK:
            problems.append(
                problem(row, "类型", raw_kind, translate("休（放假）或 班（调休上班）"))
            )
            continue
        if day in seen:
            problems.append(
                problem(
                    row,
                    "日期",
                    raw_day,
                    translate("每天一行（第 {row} 行已有此日）", row=seen[day]),
                )
            )
            continue
        seen[day] = row
        raw_note = cells[col_note] if col_note is not None else None
        note = "" if values.is_empty(raw_note) else values.text(raw_note)[:60]
        days.append((day, kind in WORK, note))
    if not days and not problems:
        problems.append(problem(1, "文件", "", translate("至少一天的安排")))
    return days, problems


def load_notice(
    data: bytes,
    file_name: str,
    upload_dir: Path,
    report_dir: Path,
    user_id: int | None = None,
    dry_run: bool = False,
) -> NoticeImport:
    """Load a holiday notice: all its rows or none; each year in it replaces that year's days."""
    from qifutong.enterprises.roster.services import store_upload

    digest, stored = store_upload(data, file_name, upload_dir, kind=KIND)
    days, problems = parse_notice(data, file_name)
    result = NoticeImport(file_name, "dry_run" if dry_run else "done", rows=len(days))
    result.years = sorted({d.year for d, _, _ in days})
    result.holidays = sum(1 for _, working, _ in days if not working)
    result.working_weekends = sum(1 for _, working, _ in days if working)
    if problems:
        result.status, result.problems = "refused", problems
        name = f"calendar-{digest[:8]}.report.xlsx"
        result.report_path = str(write_report(report_dir / name, problems))
    if dry_run:
        return result
    batch = ImportBatch(
        kind=KIND,
        file_name=file_name,
        stored_path=str(stored),
        sha256=digest,
        status=result.status,
        report_path=result.report_path,
        user_id=user_id,
    )
    db.session.add(batch)
    db.session.flush()
    if not problems:
        years = [HolidayNoticeDay.day.between(date(y, 1, 1), date(y, 12, 31)) for y in result.years]
        db.session.execute(delete(HolidayNoticeDay).where(or_(*years)))
        db.session.add_all(
            HolidayNoticeDay(day=d, working=w, note=n, batch_id=batch.id) for d, w, n in days
        )
    batch.summary = result.summary()
    db.session.flush()
    result.batch_id = batch.id
    forget()
    return result


@dataclass(frozen=True)
class LoadedYear:
    year: int
    holidays: int
    working_weekends: int
    batch: ImportBatch | None


def loaded_years() -> list[LoadedYear]:
    """Each loaded year with its counts and the load that brought it."""
    rows = db.session.execute(
        select(HolidayNoticeDay.day, HolidayNoticeDay.working, HolidayNoticeDay.batch_id)
    ).all()
    by_year: dict[int, list[Any]] = {}
    for day, working, batch_id in rows:
        by_year.setdefault(day.year, []).append((working, batch_id))
    out = []
    for year, items in sorted(by_year.items()):
        batch_id = max((b for _, b in items if b is not None), default=None)
        out.append(
            LoadedYear(
                year,
                sum(1 for w, _ in items if not w),
                sum(1 for w, _ in items if w),
                db.session.get(ImportBatch, batch_id) if batch_id else None,
            )
        )
    return out


def warn_at_start(app: Flask) -> str | None:
    """Log (and return) the missing-calendar warning when a server starts; never fails."""
    from qifutong.timeutil import street_today

    try:
        with app.app_context():
            if not inspect(db.engine).has_table(HolidayNoticeDay.__tablename__):
                return None
            message = missing_warning(street_today())
            db.session.remove()
    except Exception:  # a start-up check must not stop the server
        return None
    if message:
        app.logger.warning("working-day calendar: %s", message)
    return message
