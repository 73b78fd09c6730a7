"""Firms out as CSV for other systems (DESIGN §7): one row per firm with its source rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from qifutong.enterprises.models import Enterprise, EnterpriseSourceRow
from qifutong.exports import CsvWriter
from qifutong.extensions import db

COLUMNS = (
    "id",
    "uscc",
    "name",
    "source_rows",
    "legal_rep",
    "region",
    "is_branch",
    "status",
    "industry_code",
    "size_class",
    "headcount",
    "registered_capital",
    "founded_on",
    "qualifications",
    "registered_here",
    "operates_here",
    "tax_here",
    "building_id",
    "floor",
    "room",
    "registered_address",
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def source_rows_by_firm() -> dict[int, str]:
    """Firm id → "FILE:ROW;FILE:ROW" in the order the rows were imported."""
    rows = db.session.execute(
        select(
            EnterpriseSourceRow.enterprise_id,
            EnterpriseSourceRow.file_name,
            EnterpriseSourceRow.row_number,
        ).order_by(EnterpriseSourceRow.enterprise_id, EnterpriseSourceRow.id)
    ).all()
    if not rows:
        return {}
    frame = pd.DataFrame(rows, columns=["e", "f", "r"])
    frame["s"] = frame["f"] + ":" + frame["r"].astype(str)
    return frame.groupby("e", sort=False)["s"].agg(";".join).to_dict()


def export_enterprises(target: Path) -> int:
    """Write every firm to `target` (UTF-8 CSV); returns how many."""
    lineage = source_rows_by_firm()
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    attrs = [c for c in COLUMNS if c != "source_rows"]
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = CsvWriter(fh)
        writer.writerow(COLUMNS)
        stmt = select(*[getattr(Enterprise, a) for a in attrs]).order_by(Enterprise.id)
        for row in db.session.execute(stmt.execution_options(yield_per=5000)):
            values = dict(zip(attrs, row, strict=True))
            values["source_rows"] = lineage.get(values["id"], "")
            writer.writerow([_cell(values[c]) for c in COLUMNS])
            count += 1
    return count
