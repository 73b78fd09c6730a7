"""The tax bureau's and statistics office's monthly sheets → one clean row per firm and month
(pure: no database).

Headers as the offices write them (统一社会信用代码/纳税人识别号, 企业名称/纳税人名称,
所属期/税款所属期/月份, 营业收入/销售额, 税收合计/纳税总额/入库税款, 地方留存/地方级收入,
从业人数/参保人数); amounts in 元, 万元 or 亿元, named in the header (营业收入（万元）), in a
"单位：万元" line above it, or in the cell (12.5万); one month or many per file. Every problem
is reported with row, column, reason and value; a file with any problem is imported not at all."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from qifutong import uscc as codes
from qifutong.imports.batches import Problem
from qifutong.names import display_name, name_key
from qifutong.spreadsheets import values as v
from qifutong.spreadsheets.columns import clean_header
from qifutong.spreadsheets.readers import is_total
from qifutong.spreadsheets.sheets import (
    Header,
    Sheet,
    cell_text,
    find_header,
    header_lookup,
    sheet_with_header,
)
from qifutong.web.i18n import translate

COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": (
        "统一社会信用代码",
        "纳税人识别号",
        "社会信用代码",
        "信用代码",
        "纳税人识别号（统一社会信用代码）",
        "税号",
        "uscc",
    ),
    "name": ("企业名称", "纳税人名称", "单位名称", "企业", "名称", "name"),
    "period": (
        "所属期",
        "税款所属期",
        "税款所属期间",
        "所属期间",
        "所属月份",
        "月份",
        "统计月份",
        "期间",
        "period",
        "month",
    ),
    "revenue": ("营业收入", "销售额", "营业收入额", "主营业务收入", "销售收入", "revenue"),
    "tax_total": ("税收合计", "纳税总额", "入库税款", "税收总额", "实缴税款", "税收", "tax_total"),
    "tax_local": ("地方留存", "地方级收入", "地方留存税收", "地方财政收入", "tax_local"),
    "headcount": ("从业人数", "参保人数", "职工人数", "从业人员", "headcount"),
}
LABELS = {col: names[0] for col, names in COLUMNS.items()}
MONEY = ("revenue", "tax_total", "tax_local")
FIGURES = (*MONEY, "headcount")
HEADER_SCAN_ROWS = 12
_LOOKUP = header_lookup(COLUMNS)
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|亿元|千元|元)")
_UNITS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_MONTH = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*(?:[-/.年]\s*(?P<m>\d{1,2})|(?P<mm>\d{2}))\s*月?$")
_DAY = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*[-/.年]?\s*(?P<m>\d{1,2})\s*[-/.月]?\s*(?P<d>\d{1,2})\s*日?$"
)
_RANGE = re.compile(r"\s*(?:至|到|~|～|—|--)\s*")


@dataclass(frozen=True)
class FigureRow:
    """One firm's figures for one month, as the file gives them (None: not given)."""

    row: int
    uscc: str  # normalised as typed; "" when the file has none
    name: str  # the firm's name as shown; "" when the file has none
    period: date  # first day of the month
    revenue: float | None = None
    tax_total: float | None = None
    tax_local: float | None = None
    headcount: int | None = None

    @property
    def identity(self) -> str:
        """The firm as the file names it: its code, else its name."""
        return f"U:{self.uscc}" if self.uscc else f"N:{name_key(self.name)}"

    def figures(self) -> dict[str, Any]:
        """The figures the file gives (the others are left as they are)."""
        return {f: getattr(self, f) for f in FIGURES if getattr(self, f) is not None}


@dataclass
class FigureSheet:
    file_name: str
    rows: list[FigureRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems})


def parse_period(value: Any) -> date:
    """The month of 2026-10, 202610, 2026年10月, 2026/10, a date in it, an Excel date, or a
    period range 2026-10-01至2026-10-31 within one month."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and (190001 <= number <= 210012 or 19000101 <= number <= 21001231):
            value = str(int(number))
        elif 10000 <= number < 80000:
            return v.excel_serial(number).replace(day=1)
        else:
            raise v.Invalid(translate("月份，如 2026-10、202610 或 2026年10月"))
    text = unicodedata.normalize("NFKC", cell_text(value))
    parts = [p for p in _RANGE.split(text) if p]
    if len(parts) == 2:
        start, end = _one_period(parts[0]), _one_period(parts[1])
        if start != end:
            raise v.Invalid(translate("一个月的所属期（{text} 跨越了多个月）", text=text))
        return start
    return _one_period(text)


def _one_period(text: str) -> date:
    raw = text.strip()
    m = _MONTH.match(raw)
    if m:
        month = int(m.group("m") or m.group("mm"))
        if 1 <= month <= 12:
            return date(int(m.group("y")), month, 1)
    d = _DAY.match(raw)
    if d and len(raw) >= 8:
        try:
            return date(int(d.group("y")), int(d.group("m")), int(d.group("d"))).replace(day=1)
        except ValueError:
            pass
    raise v.Invalid(translate("月份，如 2026-10、202610、2026年10月 或 2026-10-01至2026-10-31"))


def _unit_above(sheet: Sheet, header: Header) -> float | None:
    """The money unit a line above the header states ("单位：万元")."""
    for n, cells in sheet.rows:
        if n >= header.row:
            break
        for cell in cells:
            m = _UNIT_LINE.search(cell_text(cell))
            if m:
                return _UNITS[m.group(1)]
    return None


def _has_digit(value: Any) -> bool:
    return any(ch.isdigit() for ch in cell_text(value))


def _headcount(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        raise v.Invalid(translate("不小于 0 的整数（实为 {value}）", value=format(value, "g")))
    if isinstance(value, str) and v.compact(value).startswith("-"):
        raise v.Invalid(translate("不小于 0 的整数（实为 {value}）", value=v.compact(value)))
    return v.integer(value)


@dataclass
class _Cells:
    """One data row's cells by canonical column, and the problems found reading them."""

    row: int
    cells: dict[str, Any]
    label: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    def read(self, col: str, parser: Callable[[Any], Any]) -> Any:
        raw = self.cells.get(col)
        if v.is_empty(raw):
            return None
        try:
            return parser(raw)
        except v.Invalid as exc:
            self.problems.append(
                Problem(
                    self.row,
                    self.label[col],
                    translate("应为{expected}", expected=exc),
                    cell_text(raw),
                )
            )
            return None

    def problem(self, col: str, reason: str, value: str = "") -> None:
        self.problems.append(Problem(self.row, self.label.get(col, col), reason, value))


def _row(
    c: _Cells, units: dict[str, float], this_month: date
) -> tuple[FigureRow | None, list[Problem]]:
    """One data row read, or the problems that keep it out."""
    raw_code, raw_name = c.cells.get("uscc"), c.cells.get("name")
    code = "" if v.is_empty(raw_code) else codes.normalise(raw_code)
    name = "" if v.is_empty(raw_name) else display_name(v.nfkc(raw_name))
    if not code and not name:
        c.problem("企业", translate("统一社会信用代码与企业名称至少应填一项"))
    period = c.read("period", parse_period)
    if period is None and not c.problems:
        c.problem("period", translate("所属期不能为空，应为月份，如 2026-10"))
    if period is not None and period > this_month:
        c.problem("period", translate("所属期晚于本月"), cell_text(c.cells.get("period")))
    figures: dict[str, Any] = {}
    for col, unit in units.items():
        figures[col] = c.read(col, partial(v.money, unit=unit))
    if "headcount" in c.cells:
        figures["headcount"] = c.read("headcount", _headcount)
    if all(x is None for x in figures.values()) and not c.problems:
        c.problem("数据列", translate("营业收入、税收合计、地方留存、从业人数至少应有一项"))
    if period is None or not (code or name):
        return None, c.problems
    return FigureRow(c.row, code, name, period, **figures), c.problems


def parse_figures(sheets: list[Sheet], file_name: str, today: date) -> FigureSheet:
    """Every clean row of the first sheet with a figures header, and every problem."""
    out = FigureSheet(file_name)
    sheet = sheet_with_header(sheets, _LOOKUP, 2, HEADER_SCAN_ROWS)
    header = find_header(sheet.rows, _LOOKUP, 2, HEADER_SCAN_ROWS)
    if header is None:
        out.problems.append(
            Problem(1, "表头", translate(
                "前 12 行中找不到表头：应有 统一社会信用代码或企业名称、所属期，"
                "以及 营业收入、税收合计、地方留存、从业人数 中至少一列"
            ))
        )  # fmt: skip
        return out
    index = header.index
    label = {col: header.names[i] or LABELS[col] for col, i in index.items()}
    missing = []
    if "uscc" not in index and "name" not in index:
        missing.append(("企业", translate("缺少“统一社会信用代码”或“企业名称”列")))
    if "period" not in index:
        missing.append((LABELS["period"], translate("缺少“所属期”（月份）列")))
    if not any(f in index for f in FIGURES):
        missing.append(
            ("数据列", translate("缺少 营业收入、税收合计、地方留存、从业人数 中的任何一列"))
        )
    if missing:
        out.problems += [Problem(header.row, f, reason) for f, reason in missing]
        return out
    default_unit = _unit_above(sheet, header) or 1.0
    units = {}
    for col in MONEY:
        if col in index:
            _, unit = clean_header(header.names[index[col]])
            units[col] = unit if unit != 1.0 or "元" in header.names[index[col]] else default_unit
    this_month = today.replace(day=1)
    first_row: dict[tuple[str, date], int] = {}
    for n, cells in sheet.rows:
        if n <= header.row:
            continue
        cell = {col: (cells[i] if i < len(cells) else None) for col, i in index.items()}
        if all(v.is_empty(x) for x in cell.values()):
            continue
        if any(is_total(x) for x in cells[:3]) and not _has_digit(cell.get("uscc")):
            out.skipped.append((n, "合计行"))
            continue
        row, problems = _row(_Cells(n, cell, label), units, this_month)
        if row is not None:
            first = first_row.setdefault((row.identity, row.period), n)
            if first != n:
                problems.append(
                    Problem(
                        n,
                        label["period"],
                        translate("与第 {row} 行是同一企业的同一个月", row=first),
                        f"{row.period:%Y-%m}",
                    )
                )
        if problems or row is None:
            out.problems += problems
            continue
        out.rows.append(row)
    if not out.rows and not out.problems:
        out.problems.append(Problem(header.row + 1, "数据行", translate("文件没有数据行")))
    return out
