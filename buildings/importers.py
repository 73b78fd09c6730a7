"""Lease spreadsheets → typed rows and the problems found, row by row (no database here).

Reading the file is one small function, `read_table`, over the shared readers in
qifutong/imports/; the rest works on (row number, cells)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from buildings.fields import FieldError, folded, parse_choice, parse_date, parse_number, text
from buildings.models import INTENTS
from qifutong.enterprises.roster.messages import uscc_phrase
from qifutong.errors import QifutongError
from qifutong.imports.batches import Problem
from qifutong.spreadsheets import sheets
from qifutong.spreadsheets.sheets import (
    Sheet,
    Unreadable,
    header_lookup,
    read_sheets,
    sheet_with_header,
)
from qifutong.uscc import normalise as normalise_uscc
from qifutong.uscc import problem as uscc_problem
from qifutong.web.i18n import N_, Message, Phrase, message_of

# Canonical column → the headers a street's lease sheets use for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("合同编号", "租约编号", "合同号", "租赁合同编号", "lease_key", "lease_code", "code"),
    "building": (
        "楼宇编码",
        "楼宇代码",
        "楼宇",
        "楼宇名称",
        "所在楼宇",
        "大厦",
        "大厦名称",
        "building_code",
        "building",
        "building_name",
    ),
    "floor": ("楼层", "层", "所在楼层", "floor"),
    "room": ("房号", "房间号", "单元", "单元号", "房间", "room", "unit"),
    "tenant_uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "tenant_uscc", "uscc"),
    "tenant_name": (
        "租户",
        "租户名称",
        "承租方",
        "承租人",
        "承租单位",
        "企业名称",
        "tenant_name",
        "tenant",
    ),
    "start_on": (
        "起租日",
        "起租日期",
        "租赁开始日期",
        "开始日期",
        "start_on",
        "start_date",
        "start",
    ),
    "end_on": ("到期日", "到期日期", "租赁结束日期", "结束日期", "end_on", "end_date", "end"),
    "area": ("面积", "租赁面积", "建筑面积", "area"),
    "rent_per_m2_day": ("租金", "租金单价", "日租金", "rent_per_m2_day", "rent"),
    "status": ("状态", "租约状态", "合同状态", "status"),
    "intent": ("意向", "续租意向", "租户意向", "intent"),
    "intent_note": ("备注", "意向说明", "意向备注", "intent_note", "note"),
}
REQUIRED = ("building", "floor", "room", "tenant_name", "start_on", "end_on", "area")
LABELS = {
    "code": "合同编号",
    "building": "楼宇编码",
    "floor": "楼层",
    "room": "房号",
    "tenant_uscc": "统一社会信用代码",
    "tenant_name": "租户名称",
    "start_on": "起租日期",
    "end_on": "到期日期",
    "area": "面积",
    "rent_per_m2_day": "租金（元/㎡·天）",
    "status": "状态",
    "intent": "意向",
    "intent_note": "备注",
}
STATUS_WORDS = {
    "active": N_("在租"),
    "renewed": N_("已续签"),
    "ended": N_("已到期退租"),
    "closed": N_("已关闭"),
}
STATUS_SYNONYMS = {"有效": "active", "执行中": "active", "已退租": "ended", "到期退租": "ended"}
HEADER_SCAN_ROWS = 10


class UnreadableFile(QifutongError, ValueError):
    """The file cannot be read as a table at all (not xlsx/csv, or no header row)."""

    status = 422
    code = "unreadable_file"


Table = Sheet
_LOOKUP = header_lookup(COLUMNS)


def read_table(path: Path, file_name: str | None = None) -> Table:
    """The cells of a lease sheet (the shared readers: xlsx, xls, csv in UTF-8/GBK); of a
    workbook, the first sheet with a lease header is taken."""
    name = file_name or path.name
    try:
        sheets = read_sheets(path.read_bytes(), name)
    except Unreadable as exc:
        raise UnreadableFile(message_of(exc)) from exc
    table = sheet_with_header(sheets, _LOOKUP, 3, HEADER_SCAN_ROWS)
    return Table(name, table.rows)


@dataclass
class LeaseRow:
    row: int
    values: dict[str, Any]
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class Parsed:
    file_name: str
    header_row: int
    headers: dict[str, str]  # canonical column → header as in the file
    rows: list[LeaseRow]
    problems: list[Problem]

    def label(self, column: str) -> str:
        return self.headers.get(column, LABELS.get(column, column))


def find_header(rows: Iterable[tuple[int, list[Any]]]) -> tuple[int, dict[str, int], list[str]]:
    """The header row: the first of the top rows naming three or more known columns."""
    header = sheets.find_header(rows, _LOOKUP, 3, HEADER_SCAN_ROWS)
    if header is not None:
        return header.row, header.index, header.names
    raise UnreadableFile(
        Phrase(
            "前 10 行中找不到表头"
            "（应含 楼宇编码、楼层、房号、租户名称、起租日期、到期日期、面积 等列）"
        )
    )


def parse_leases(table: Table) -> Parsed:
    """Every data row checked field by field; a row with any problem yields no record."""
    header_row, index, names = find_header(table.rows)
    headers = {col: names[i] or LABELS[col] for col, i in index.items()}
    parsed = Parsed(table.file_name, header_row, headers, [], [])
    missing = [c for c in REQUIRED if c not in index]
    for col in missing:
        parsed.problems.append(Problem(header_row, LABELS[col], Phrase("缺少该列")))
    if missing:
        return parsed
    for n, cells in table.rows:
        if n <= header_row or all(text(c) == "" for c in cells):
            continue
        cell = {col: (cells[i] if i < len(cells) else None) for col, i in index.items()}
        row, problems = _parse_row(n, cell, parsed)
        parsed.problems.extend(problems)
        if not problems:
            parsed.rows.append(row)
    _check_codes_unique(parsed)
    return parsed


def _parse_row(n: int, cell: dict[str, Any], parsed: Parsed) -> tuple[LeaseRow, list[Problem]]:
    problems: list[Problem] = []
    raw = {col: text(v) for col, v in cell.items()}
    values: dict[str, Any] = {}

    def fail(col: str, reason: Message) -> None:
        problems.append(Problem(n, parsed.label(col), reason, raw.get(col, "")))

    raw["floor"], raw["room"] = folded(cell.get("floor")), folded(cell.get("room"))
    for col in ("building", "floor", "room", "tenant_name"):
        values[col] = raw.get(col, "")
        if not values[col]:
            fail(col, Phrase("不能为空"))
    values["code"] = raw.get("code") or None
    uscc = normalise_uscc(raw.get("tenant_uscc", ""))
    if uscc and (reason := uscc_problem(uscc)):
        fail("tenant_uscc", uscc_phrase(reason))
    values["tenant_uscc"] = uscc
    for col, parse in (
        ("start_on", lambda v: parse_date("start_on", v)),
        ("end_on", lambda v: parse_date("end_on", v)),
        ("area", lambda v: parse_number("area", v, positive=True)),
        ("rent_per_m2_day", lambda v: parse_number("rent_per_m2_day", v, False, minimum=0)),
        ("status", lambda v: _status(v)),
        ("intent", lambda v: parse_choice("intent", v, INTENTS, "unknown")),
    ):
        try:
            values[col] = parse(cell.get(col))
        except FieldError as exc:
            fail(col, exc.message)
    start, end = values.get("start_on"), values.get("end_on")
    if start and end and end < start:
        fail("end_on", Phrase("到期日期 {end} 早于起租日期 {start}", {"end": end, "start": start}))
    values["intent_note"] = raw.get("intent_note") or None
    return LeaseRow(n, values, raw), problems


def _status(value: object) -> str:
    raw = text(value)
    if raw in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[raw]
    return parse_choice("status", raw, STATUS_WORDS, "active")


def _check_codes_unique(parsed: Parsed) -> None:
    first: dict[str, int] = {}
    keep = []
    for row in parsed.rows:
        code = row.values.get("code")
        if code and code in first:
            parsed.problems.append(
                Problem(
                    row.row,
                    parsed.label("code"),
                    Phrase("与第 {row} 行的合同编号重复", {"row": first[code]}),
                    code,
                )
            )
            continue
        if code:
            first[code] = row.row
        keep.append(row)
    parsed.rows = keep
