"""The warning board as an xlsx workbook (no tax figures: it goes to building managers)."""

from __future__ import annotations

import io
from datetime import date

from buildings.models import INTENTS
from buildings.queries import Warning
from buildings.warnings import LEVEL_LABELS
from qifutong.exports import append_row, new_workbook, workbook_bytes

HEADER = [
    "预警",
    "剩余天数",
    "租户",
    "重点企业",
    "楼宇",
    "楼层",
    "房号",
    "面积（㎡）",
    "起租日期",
    "到期日期",
    "意向",
    "意向说明",
    "租约编号",
    "负责人",
]
FILLS = {"red": "FCE8E6", "amber": "FEF3E0", "blue": "E8F0FE"}


def warnings_workbook(
    warnings: list[Warning],
    today: date,
    owners: dict[int, list[str]] | None = None,
    key_firms: bool = True,
) -> io.BytesIO:
    """The board as a workbook; the key-firm column only for the street (`key_firms`)."""
    from openpyxl.styles import Font, PatternFill

    wb, ws = new_workbook("到期预警")
    ws.append([f"租约到期预警（{today.isoformat()}，剩余天数含当天，Asia/Shanghai）"])
    ws.append(HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for w in warnings:
        append_row(
            ws,
            [
                LEVEL_LABELS[w.level],
                w.days_left,
                w.lease.tenant_name,
                "是" if w.key_firm else "",
                w.building.name,
                w.unit.floor,
                w.unit.room,
                round(w.lease.area, 2),
                w.lease.start_on,
                w.lease.end_on,
                INTENTS.get(w.lease.intent, w.lease.intent),
                w.lease.intent_note or "",
                w.lease.code or w.lease.id,
                "、".join((owners or {}).get(w.building.id, [])),
            ],
        )
        fill = PatternFill("solid", fgColor=FILLS[w.level])
        ws.cell(row=ws.max_row, column=1).fill = fill
        for col in (9, 10):
            ws.cell(row=ws.max_row, column=col).number_format = "yyyy-mm-dd"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (10, 9, 36, 9, 22, 6, 8, 11, 12, 12, 8, 40, 10, 18), strict=True
    ):
        ws.column_dimensions[letter].width = width
    if not key_firms:
        ws.delete_cols(4)
    ws.freeze_panes = "A3"
    return io.BytesIO(workbook_bytes(wb))


def template_workbook() -> io.BytesIO:
    """An empty lease sheet with the columns the import reads, and one example row."""
    from openpyxl.styles import Font

    from buildings.importers import LABELS

    wb, ws = new_workbook("租约")
    ws.append(list(LABELS.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "HT-2025-001",
            "GD01",
            "5",
            "501",
            "",
            "杭州示例科技有限公司",
            date(2023, 7, 1),
            date(2026, 6, 30),
            320,
            4.5,
            "在租",
            "未知",
            "",
        ]
    )
    return io.BytesIO(workbook_bytes(wb))
