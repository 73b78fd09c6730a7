"""Importing monthly figures: one service behind `qifutong import figures`, the street's page
and `POST /api/v1/figures/imports`.

All rows of all files, or none: a file with one bad row is refused and nothing is written but
the batch record of the refusal. Firms are found by code, else by resolved name; a row for a
firm not in the register is kept as `unmatched` for the street to link. A firm-month stored
with the same values is `unchanged`; other values are `updated` and the old ones stay in the
history with the batch that replaced them. The originals are kept with their sha256."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_

from qifutong import events
from qifutong.enterprises.figures import FIGURES, FigureRow, FigureSheet, parse_figures
from qifutong.enterprises.models import EconomicRecord, EconomicRecordChange, UnmatchedFigure
from qifutong.enterprises.roster.lookup import find_firms
from qifutong.enterprises.services import refresh_twelve_month_figures
from qifutong.extensions import db
from qifutong.imports.batches import (
    DONE,
    DRY_RUN,
    REFUSED,
    KeptFile,
    Problem,
    keep_original,
    record_batch,
    report_file,
    write_problems,
)
from qifutong.models_base import utcnow
from qifutong.spreadsheets.sheets import Unreadable, read_sheets
from qifutong.web.i18n import translate

KIND = "figures"
STATUS_WORDS = {DONE: "imported", REFUSED: "refused", DRY_RUN: "checked"}


@dataclass(frozen=True)
class FiguresFile:
    data: bytes
    file_name: str


@dataclass
class FiguresImport:
    status: str  # done / refused / dry_run
    summary: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    report_path: Path | None = None
    changed_firms: list[int] = field(default_factory=list)

    @property
    def public_summary(self) -> dict[str, Any]:
        """The JSON summary of DESIGN §7, status in its public words."""
        return {"status": STATUS_WORDS[self.status], **self.summary}


def _read(kept: KeptFile, today: date) -> FigureSheet:
    try:
        sheets = read_sheets(kept.path.read_bytes(), kept.file_name)
    except Unreadable as exc:
        return FigureSheet(kept.file_name, problems=[Problem(0, "文件", str(exc))])
    return parse_figures(sheets, kept.file_name, today)


def _cross_file_duplicates(parsed: list[FigureSheet]) -> None:
    """The same firm-month in two files is as bad as twice in one."""
    seen: dict[tuple[str, date], str] = {}
    for sheet in parsed:
        for row in list(sheet.rows):
            where = seen.setdefault((row.identity, row.period), sheet.file_name)
            if where != sheet.file_name:
                sheet.problems.append(
                    Problem(
                        row.row,
                        "所属期",
                        translate("与文件 {file} 中同一企业的同一个月重复", file=where),
                        f"{row.period:%Y-%m}",
                    )
                )
                sheet.rows.remove(row)


@dataclass(frozen=True)
class MonthFigures:
    """One firm's figures for one month, to be stored, and the batch they come from."""

    enterprise_id: int
    period: date
    figures: dict[str, Any]
    batch_id: int | None


@dataclass
class Changes:
    """What storing some firm-months would do."""

    new: list[MonthFigures] = field(default_factory=list)
    changed: list[tuple[EconomicRecord, MonthFigures]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def firms(self) -> list[int]:
        """The firms whose figures would change."""
        ids = {m.enterprise_id for m in self.new} | {m.enterprise_id for _, m in self.changed}
        return sorted(ids)


def compare(items: Sequence[MonthFigures]) -> Changes:
    """Each firm-month against the stored record: new, changed or unchanged."""
    keys = sorted({(m.enterprise_id, m.period) for m in items})
    stored: dict[tuple[int, date], EconomicRecord] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start : start + 400]
        stored.update(
            ((rec.enterprise_id, rec.period), rec)
            for rec in db.session.scalars(
                select(EconomicRecord).where(
                    tuple_(EconomicRecord.enterprise_id, EconomicRecord.period).in_(chunk)
                )
            )
        )
    out = Changes()
    for m in items:
        record = stored.get((m.enterprise_id, m.period))
        if record is None:
            out.new.append(m)
        elif any(getattr(record, k) != value for k, value in m.figures.items()):
            out.changed.append((record, m))
        else:
            out.unchanged += 1
    return out


def _figures(record: EconomicRecord) -> dict[str, Any]:
    return {f: getattr(record, f) for f in FIGURES} | {"batch_id": record.batch_id}


def store(changes: Changes) -> list[int]:
    """Write new and changed firm-months and, in the history, what each replaced (nothing for
    a new one) with the batch that replaced it; returns the firms whose figures changed."""
    now = utcnow()
    history: list[dict[str, Any]] = []
    if changes.new:
        rows = [
            {**dict.fromkeys(FIGURES), **m.figures, "enterprise_id": m.enterprise_id,
             "period": m.period, "batch_id": m.batch_id}
            for m in changes.new
        ]  # fmt: skip
        db.session.execute(EconomicRecord.__table__.insert(), rows)  # type: ignore[attr-defined]
        history += [
            {"enterprise_id": r["enterprise_id"], "period": r["period"], "old": {},
             "new": {f: r[f] for f in (*FIGURES, "batch_id")}, "batch_id": r["batch_id"],
             "changed_at": now}
            for r in rows
        ]  # fmt: skip
    for record, m in changes.changed:
        old = _figures(record)
        for key, value in m.figures.items():
            setattr(record, key, value)
        record.batch_id = m.batch_id
        history.append(
            {"enterprise_id": record.enterprise_id, "period": record.period, "old": old,
             "new": _figures(record), "batch_id": m.batch_id, "changed_at": now}
        )  # fmt: skip
    if history:
        db.session.execute(EconomicRecordChange.__table__.insert(), history)  # type: ignore[attr-defined]
    db.session.flush()
    return changes.firms


def _place(
    parsed: list[FigureSheet], batch_ids: list[int]
) -> tuple[list[MonthFigures], list[tuple[int, FigureRow]], list[Problem]]:
    """Each row's firm: (found firm-months, unmatched rows with their batch, rows that name one
    firm twice for a month)."""
    rows = [(i, r) for i, s in enumerate(parsed) for r in s.rows]
    firms = find_firms([r.name for _, r in rows], [r.uscc for _, r in rows])
    found: list[MonthFigures] = []
    unmatched: list[tuple[int, FigureRow]] = []
    first: dict[tuple[int, date], int] = {}
    clashes = []
    for (i, row), eid in zip(rows, firms, strict=True):
        if eid is None:
            unmatched.append((batch_ids[i], row))
            continue
        n = first.setdefault((eid, row.period), row.row)
        if n != row.row:
            clashes.append(
                Problem(row.row, "企业", translate("与第 {row} 行是同一家企业的同一个月", row=n),
                        f"{row.period:%Y-%m}", parsed[i].file_name)
            )  # fmt: skip
            continue
        found.append(MonthFigures(eid, row.period, row.figures(), batch_ids[i]))
    return found, unmatched, clashes


def keep_unmatched(rows: list[tuple[int, FigureRow]], file_of_batch: dict[int, str]) -> None:
    """Pending rows for firms not in the register; a later row for the same firm-month
    replaces the earlier one."""
    if not rows:
        return
    identities = sorted({r.identity for _, r in rows})
    pending = {
        (u.identity, u.period): u
        for start in range(0, len(identities), 400)
        for u in db.session.scalars(
            select(UnmatchedFigure).where(
                UnmatchedFigure.identity.in_(identities[start : start + 400]),
                UnmatchedFigure.status == "pending",
            )
        )
    }
    for batch_id, row in rows:
        item = pending.get((row.identity, row.period))
        if item is None:
            item = UnmatchedFigure(identity=row.identity, period=row.period, status="pending")
            db.session.add(item)
            pending[(row.identity, row.period)] = item
        item.batch_id, item.file_name, item.row_number = batch_id, file_of_batch[batch_id], row.row
        item.uscc, item.name = row.uscc or None, row.name or None
        for key in FIGURES:
            setattr(item, key, getattr(row, key))
    db.session.flush()


def import_figures(
    files: Sequence[FiguresFile],
    *,
    upload_dir: Path,
    report_dir: Path,
    today: date,
    user_id: int | None = None,
    dry_run: bool = False,
) -> FiguresImport:
    """Import monthly figures files as one transaction; see the module docstring."""
    kept = [keep_original(f.data, f.file_name, upload_dir, KIND) for f in files]
    parsed = [_read(k, today) for k in kept]
    _cross_file_duplicates(parsed)
    batches = [
        record_batch(KIND, k, status=DRY_RUN if dry_run else DONE, user_id=user_id) for k in kept
    ]
    result = FiguresImport(DRY_RUN if dry_run else DONE, batch_ids=[b.id for b in batches])
    found: list[MonthFigures] = []
    unmatched: list[tuple[int, FigureRow]] = []
    if not any(s.problems for s in parsed):
        found, unmatched, clashes = _place(parsed, result.batch_ids)
        parsed[0].problems += clashes
    result.problems = [
        Problem(p.row, p.field, p.reason, p.value, p.file_name or s.file_name)
        for s in parsed
        for p in s.problems
    ]
    months = sorted({f"{r.period:%Y-%m}" for s in parsed for r in s.rows})
    changes = compare(found) if not result.problems else Changes()
    result.summary = {
        "rows": sum(len(s.rows) + s.rejected for s in parsed),
        "created": len(changes.new),
        "updated": len(changes.changed),
        "unchanged": changes.unchanged,
        "unmatched": len(unmatched) if not result.problems else 0,
        "rejected": len({(p.file_name, p.row) for p in result.problems}),
        "firms": len({m.enterprise_id for m in found}) if not result.problems else 0,
        "months": months,
    }
    if result.problems:
        result.status = REFUSED
        result.report_path = report_file(report_dir, KIND, kept[0])
        write_problems(result.report_path, kept[0].file_name, result.problems)
    elif not dry_run:
        result.changed_firms = store(changes)
        keep_unmatched(unmatched, {b.id: b.file_name for b in batches})
        follow(result.changed_firms, months, today)
    for batch in batches:
        batch.status = result.status
        batch.report_path = str(result.report_path) if result.report_path else None
        batch.summary = {**result.summary, "batches": result.batch_ids}
    if result.status == REFUSED:
        db.session.commit()  # the refusal stays on record; nothing else was written
    return result


def follow(firm_ids: list[int], months: list[str], today: date) -> None:
    """What is derived from the figures follows them: twelve-month sums at once, then whoever
    listens (re-matching, tax swing visits)."""
    if not firm_ids:
        return
    refresh_twelve_month_figures(today)
    # One event: the cockpit's aggregates, re-matching and tax-swing visits all follow it.
    events.emit(events.FIGURES_CHANGED, ids=firm_ids, months=months)
