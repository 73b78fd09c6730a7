"""Reading the district statistics bureau's monthly sheet into clean rows (pure; no database).

Columns (Chinese or English headers): key/指标 (an indicator key such as `services_va_growth`
or its Chinese name), month/月份 (`2026-03`, `2026/3`, `2026年3月`), value/数值, unit/单位
(optional; must match the indicator's unit), source/来源. CSV in UTF-8 (with or without BOM)
or GBK, or a workbook; a title row above the header is fine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboards.period import parse_month
from qifutong.errors import QifutongError
from qifutong.imports.batches import Problem
from qifutong.spreadsheets.sheets import (
    Unreadable,
    cell_text,
    find_header,
    header_lookup,
    read_sheets,
    sheet_with_header,
)
from qifutong.web.i18n import N_, Phrase, message_of

HEADERS = {
    "key": ("key", "指标", "指标代码", "指标名称", "indicator"),
    "month": ("month", "月份", "统计月份", "period"),
    "value": ("value", "数值", "值", "本月累计"),
    "unit": ("unit", "单位"),
    "source": ("source", "来源", "数据来源"),
}
REQUIRED = ("key", "month", "value", "source")
# What a person calls each column, in the problems an import lists.
LABELS = {field: names[1] for field, names in HEADERS.items()} | {
    "header": N_("表头"),
    "rows": N_("数据行"),
}
HEADER_SCAN_ROWS = 10
_LOOKUP = header_lookup(HEADERS)


@dataclass(frozen=True)
class MacroRow:
    row: int
    key: str
    period: date
    value: float
    unit: str
    source: str


@dataclass(frozen=True)
class MacroSpec:
    key: str
    name_zh: str
    unit: str


class UnreadableFile(QifutongError, ValueError):
    """The file is not a CSV we can read at all."""

    status = 422
    code = "unreadable_file"


def _number(text: str) -> float:
    t = text.strip().replace(",", "").replace("，", "").rstrip("%")
    return float(t)


def parse_macro_csv(
    data: bytes, specs: list[MacroSpec], today: date, file_name: str = "macro.csv"
) -> tuple[list[MacroRow], list[Problem]]:
    """Every clean row and every refused one (row, field, reason); a file is imported only when
    the second list is empty."""
    try:
        sheet = sheet_with_header(read_sheets(data, file_name), _LOOKUP, 2, HEADER_SCAN_ROWS)
    except Unreadable as exc:
        raise UnreadableFile(message_of(exc)) from exc
    header = find_header(sheet.rows, _LOOKUP, 2, HEADER_SCAN_ROWS)
    if header is None:
        return [], [
            Problem(
                1,
                LABELS["header"],
                Phrase("文件为空或缺少表头行（应有 指标、月份、数值、来源 列）"),
            )
        ]
    cols = header.index
    errors = [
        Problem(header.row, LABELS[field], Phrase("缺少“{column}”列", {"column": LABELS[field]}))
        for field in REQUIRED
        if field not in cols
    ]
    if errors:
        return [], errors
    rows = [(n, [cell_text(c) for c in cells]) for n, cells in sheet.rows if n > header.row]
    by_key = {s.key: s for s in specs} | {s.name_zh: s for s in specs}
    this_month = today.replace(day=1)
    out: list[MacroRow] = []
    seen: dict[tuple[str, date], int] = {}
    for n, raw in rows:
        if not any(raw):
            continue

        def get(field: str, raw: list[str] = raw) -> str:
            i = cols.get(field)
            return raw[i].strip() if i is not None and i < len(raw) else ""

        row_errors: list[Problem] = []
        spec = by_key.get(get("key"))
        if spec is None:
            known = [Phrase(s.name_zh) for s in specs]
            row_errors.append(
                Problem(
                    n,
                    LABELS["key"],
                    Phrase("未知指标“{key}”，应为：{known}", {"key": get("key"), "known": known}),
                )
            )
        period = None
        try:
            period = parse_month(get("month"))
            if period > this_month:
                row_errors.append(
                    Problem(
                        n, LABELS["month"], Phrase("月份 {month} 晚于本月", {"month": get("month")})
                    )
                )
        except ValueError:
            row_errors.append(
                Problem(
                    n,
                    LABELS["month"],
                    Phrase("月份“{month}”应为 YYYY-MM 格式", {"month": get("month")}),
                )
            )
        value = None
        try:
            value = _number(get("value"))
        except ValueError:
            row_errors.append(
                Problem(
                    n, LABELS["value"], Phrase("数值“{value}”不是数字", {"value": get("value")})
                )
            )
        unit = get("unit")
        if spec is not None and unit and unit != spec.unit:
            row_errors.append(
                Problem(
                    n,
                    LABELS["unit"],
                    Phrase(
                        "单位“{unit}”与指标单位“{expected}”不符",
                        {"unit": unit, "expected": Phrase(spec.unit)},
                    ),
                )
            )
        source = get("source")
        if not source:
            row_errors.append(
                Problem(n, LABELS["source"], Phrase("来源不能为空（如：西湖区统计局月报）"))
            )
        elif len(source) > 120:
            row_errors.append(Problem(n, LABELS["source"], Phrase("来源过长（最多120字）")))
        if spec is not None and period is not None:
            first = seen.setdefault((spec.key, period), n)
            if first != n:
                row_errors.append(
                    Problem(
                        n,
                        LABELS["month"],
                        Phrase(
                            "{indicator} {month} 与第 {row} 行重复",
                            {
                                "indicator": Phrase(spec.name_zh),
                                "month": f"{period:%Y-%m}",
                                "row": first,
                            },
                        ),
                    )
                )
        if row_errors:
            errors += row_errors
            continue
        assert spec is not None and period is not None and value is not None
        out.append(MacroRow(n, spec.key, period, value, spec.unit, source))
    if not out and not errors:
        errors.append(Problem(header.row + 1, LABELS["rows"], Phrase("文件没有数据行")))
    return out, errors
