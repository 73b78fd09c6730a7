"""Importing the monthly district statistics: all rows or none, the original file kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from dashboards.importers import MacroRow, MacroSpec, UnreadableFile, parse_macro_csv
from dashboards.indicator import Indicator
from dashboards.models import MacroStatistic
from dashboards.registry import indicators
from qifutong.catalogue import DataSetState, catalogue
from qifutong.changes import VersionedCache, table_versions
from qifutong.extensions import db
from qifutong.imports.batches import (
    DONE,
    DRY_RUN,
    REFUSED,
    Problem,
    keep_original,
    record_batch,
    report_file,
    write_problems,
)
from qifutong.imports.batches import (
    recent_batches as recent_of_kind,
)
from qifutong.imports.models import ImportBatch
from qifutong.timeutil import street_today
from qifutong.web.i18n import message_of

KIND = "macro"


@dataclass
class MacroImport:
    file_name: str
    sha256: str
    stored_path: str
    status: str  # done / refused / dry_run
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    report_path: str | None = None
    batch_id: int | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "status": self.status,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len({e.row for e in self.errors}),
            "errors": len(self.errors),
        }


def macro_specs() -> list[MacroSpec]:
    """The imported indicators of group A, read from the registry."""
    return [MacroSpec(i.key, i.name_zh, i.unit) for i in indicators() if i.drill.kind == "macro"]


def _store(rows: list[MacroRow], batch_id: int | None) -> tuple[int, int, int]:
    keys = {(r.key, r.period) for r in rows}
    existing = {
        (m.key, m.period): m
        for m in db.session.scalars(
            select(MacroStatistic).where(MacroStatistic.key.in_({k for k, _ in keys}))
        )
        if (m.key, m.period) in keys
    }
    new, updated, unchanged = [], 0, 0
    for r in rows:
        old = existing.get((r.key, r.period))
        if old is None:
            new.append(
                {
                    "key": r.key,
                    "period": r.period,
                    "value": r.value,
                    "unit": r.unit,
                    "source": r.source,
                    "batch_id": batch_id,
                }
            )
        elif (old.value, old.unit, old.source) == (r.value, r.unit, r.source):
            unchanged += 1
        else:
            old.value, old.unit, old.source, old.batch_id = r.value, r.unit, r.source, batch_id
            updated += 1
    if new:
        db.session.execute(insert(MacroStatistic), new)
    return len(new), updated, unchanged


def import_macro(
    data: bytes,
    file_name: str,
    upload_dir: Path,
    report_dir: Path,
    today: date,
    user_id: int | None = None,
    dry_run: bool = False,
) -> MacroImport:
    """Validate every row; import all of them in one transaction, or none if any row is bad.

    The original file is kept (with its SHA-256) either way, and a batch records what happened;
    a refused file leaves the statistics exactly as they were."""
    kept = keep_original(data, file_name, upload_dir, KIND)
    result = MacroImport(file_name, kept.sha256, str(kept.path), DRY_RUN if dry_run else DONE)
    try:
        rows, errors = parse_macro_csv(data, macro_specs(), today, file_name)
    except UnreadableFile as exc:
        rows, errors = [], [Problem(1, "文件", message_of(exc))]
    result.rows, result.errors = len(rows) + len({e.row for e in errors if e.row > 1}), errors
    if errors:
        result.status = REFUSED
        report = write_problems(report_file(report_dir, KIND, kept), file_name, errors)
        result.report_path = str(report)
    if dry_run:
        if not errors:
            result.created = len(rows)
        return result
    try:
        batch = record_batch(
            KIND, kept, status=result.status, report_path=result.report_path, user_id=user_id
        )
        if not errors:
            result.created, result.updated, result.unchanged = _store(rows, batch.id)
        batch.summary = result.summary()
        db.session.commit()
        result.batch_id = batch.id
    except Exception:
        db.session.rollback()
        raise
    return result


def recent_batches(limit: int = 10) -> list[ImportBatch]:
    return recent_of_kind(KIND, limit)


def latest_macro() -> dict[str, dict[str, Any]]:
    """Per imported statistic: its latest month, value and source."""
    out: dict[str, dict[str, Any]] = {}
    rows = db.session.execute(
        select(
            MacroStatistic.key, MacroStatistic.period, MacroStatistic.value, MacroStatistic.source
        ).order_by(MacroStatistic.period)
    )
    for key, period, value, source in rows:
        out[key] = {"month": f"{period:%Y-%m}", "value": value, "source": source}
    return out


def dataset_states(shown: Sequence[Indicator]) -> dict[str, DataSetState]:
    """The catalogue's data sets behind these indicators: when each was last updated and
    whether it is overdue (their rows and coverage are the catalogue page's). Each is kept
    apart, so that a new demand reads the demands' state again and not the others'."""
    keys = sorted({k for i in shown for k in i.datasets})
    today = street_today()
    versions = table_versions(db.session)

    def one(key: str) -> list[DataSetState]:
        return _states.get_or_compute(
            versions, (today, key), lambda: catalogue(today, [key], counts=False)
        )

    return {s.dataset.key: s for key in keys for s in one(key)}


_states = VersionedCache(size=256)  # each data set's state: read again when its tables change
