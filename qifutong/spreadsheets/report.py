"""The import report: every refused or flagged row (file, row, field, value, expected), the
pairs left for review and, for existing firms, each field changed or left for an official,
as an xlsx an official can filter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qifutong.exports import add_sheet, append_row, new_workbook
from qifutong.web.i18n import N_

ACTIONS = {"rejected": "未导入", "flagged": "已导入，字段待核", "review": "待人工复核"}
CHANGE_STATES = {
    "applied": N_("已写入"),
    "pending": N_("待确认"),
    "taken": N_("已采用"),
    "kept": N_("保留原值"),
}


@dataclass(frozen=True)
class ReportLine:
    file_name: str
    row: int
    field: str
    value: str
    expected: str
    action: str  # rejected / flagged / review


def write_report(
    path: Path,
    lines: Sequence[ReportLine],
    review: Sequence[dict[str, Any]] = (),
    summary: dict[str, Any] | None = None,
    changes: Sequence[dict[str, Any]] = (),
) -> Path:
    """Write the report; returns its path."""
    book, sheet = new_workbook("问题行")
    sheet.append(["文件", "行号", "字段", "原值", "应为", "处理"])
    for line in sorted(lines, key=lambda x: (x.file_name, x.row, x.field)):
        append_row(
            sheet,
            [line.file_name, line.row, line.field, line.value, line.expected,
             ACTIONS.get(line.action, line.action)]
        )  # fmt: skip
    _style(sheet, (28, 8, 16, 30, 60, 16))
    pairs = add_sheet(book, "待复核")
    pairs.append(
        [
            N_("编号"),
            N_("企业甲"),
            "来源行（甲）",
            N_("企业乙"),
            "来源行（乙）",
            N_("相似度"),
            N_("依据"),
        ]
    )
    for item in review:
        append_row(
            pairs,
            [item.get("id"), item.get("left"), item.get("left_rows"), item.get("right"),
             item.get("right_rows"), item.get("score"), item.get("reasons")]
        )  # fmt: skip
    _style(pairs, (8, 36, 30, 36, 30, 8, 50))
    changed = book.create_sheet("字段变更")
    changed.append(["企业", "统一社会信用代码", "字段", "原值", "新值", "来源行", "处理", "说明"])
    for firm in changes:
        for c in firm["changes"]:
            changed.append(
                [firm["name"], firm["uscc"], c["label"], c["old_text"], c["new_text"],
                 "；".join(c["rows"]), CHANGE_STATES.get(c["status"], c["status"]),
                 c.get("reason", "")]
            )  # fmt: skip
    _style(changed, (36, 22, 16, 24, 24, 30, 12, 40))
    if summary:
        sums = add_sheet(book, "汇总")
        for key, value in summary.items():
            append_row(sums, [key, value if isinstance(value, int | float | str) else str(value)])
        _style(sums, (24, 60))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _style(sheet: Any, widths: Sequence[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.auto_filter.ref = sheet.dimensions
