"""Importing a lease spreadsheet: all rows or none, every bad row reported, the file kept.

`import_leases` owns its transaction: it stores the original file with its checksum, checks
every row against the file and the database, and then either writes everything (with an
`import` event per lease naming file, row and batch: the lineage) or writes nothing but the
batch record of the refusal. The report (CSV: file, row, field, reason, value) is always
written; the ImportBatch row points at it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from buildings.alerts import refresh_visit_tasks
from buildings.importers import Parsed, Problem, UnreadableFile, parse_leases, read_table
from buildings.models import OPEN, Building, Lease, LeaseEvent, Unit
from buildings.services import SPACE
from buildings.warnings import Thresholds
from qifutong import events
from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.imports.batches import (
    DONE,
    DRY_RUN,
    REFUSED,
    keep_original,
    record_batch,
    report_file,
    write_problems,
)
from qifutong.imports.models import ImportBatch
from qifutong.models_base import utcnow
from qifutong.names import normalise_name
from qifutong.web.i18n import Message, Phrase, message_of

KIND = "leases"
UPDATABLE = ("tenant_name", "end_on", "area", "rent_per_m2_day", "status", "intent", "intent_note")


@dataclass
class ImportResult:
    status: str  # done / refused / dry_run
    file_name: str
    stored_path: str
    sha256: str
    report_path: str
    batch_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _floor(value: str) -> str:
    """5F, 5层, 第5层 → 5; B1, 地下1层 → B1."""
    raw = value.strip().upper()
    m = re.fullmatch(r"(?:地下|负|-)(\d+)[层楼F]?", raw)
    if m:
        return f"B{m.group(1)}"
    return re.sub(r"^第|[层楼F]$", "", raw) or raw


@dataclass
class _Planned:
    row: int
    values: dict[str, Any]
    unit_key: tuple[int, str, str]
    existing: Lease | None = None
    enterprise_id: int | None = None


def _plan(parsed: Parsed, user: User | None) -> tuple[list[_Planned], list[Problem]]:
    """Resolve buildings, units, tenants and existing leases; find what the database forbids."""
    problems: list[Problem] = []
    label = parsed.label
    buildings = list(db.session.scalars(select(Building)))
    by_code = {b.code: b for b in buildings}
    by_name: dict[str, list[Building]] = defaultdict(list)
    for b in buildings:
        by_name[b.name].append(b)
    scope = None if user is None or user.sees_all else user.building_ids
    plans: list[_Planned] = []
    for r in parsed.rows:
        ref = r.values["building"]
        found = by_code.get(ref) or (by_name[ref][0] if len(by_name.get(ref, [])) == 1 else None)
        if found is None:
            problems.append(
                Problem(r.row, label("building"), Phrase("找不到该楼宇（应为楼宇编码或名称）"), ref)
            )
            continue
        if scope is not None and found.id not in scope:
            problems.append(
                Problem(r.row, label("building"), Phrase("不在您负责的楼宇范围内"), ref)
            )
            continue
        key = (found.id, _floor(r.values["floor"]), r.values["room"])
        plans.append(_Planned(r.row, r.values, key))
    if not plans:
        return plans, problems
    touched = {p.unit_key[0] for p in plans}
    units = {
        (u.building_id, u.floor, u.room): u
        for u in db.session.scalars(select(Unit).where(Unit.building_id.in_(touched)))
    }
    codes = {p.values["code"] for p in plans if p.values["code"]}
    by_lease_code = {
        le.code: le for le in db.session.scalars(select(Lease).where(Lease.code.in_(codes)))
    }
    unit_ids = [u.id for u in units.values()]
    leases_on: dict[int, list[Lease]] = defaultdict(list)
    for le in db.session.scalars(select(Lease).where(Lease.unit_id.in_(unit_ids))):
        leases_on[le.unit_id].append(le)
    firms = _tenants(plans)
    for p in plans:
        unit = units.get(p.unit_key)
        code = p.values["code"]
        if code and code in by_lease_code:
            p.existing = by_lease_code[code]
            if unit is None or p.existing.unit_id != unit.id:
                problems.append(
                    Problem(p.row, label("code"), Phrase("该合同编号已属于另一单元的租约"), code)
                )
        elif unit is not None:
            p.existing = next(
                (
                    le
                    for le in leases_on[unit.id]
                    if le.tenant_name == p.values["tenant_name"]
                    and le.start_on == p.values["start_on"]
                ),
                None,
            )
        hit = firms.get(p.values["tenant_uscc"]) or firms.get(
            "name:" + normalise_name(p.values["tenant_name"])
        )
        # A building or property user links a lease only to a firm of that lease's building.
        if hit is not None and (scope is None or hit[1] == p.unit_key[0]):
            p.enterprise_id = hit[0]
    problems += _overlaps(plans, units, leases_on, label("start_on"))
    return plans, problems


def _tenants(plans: list[_Planned]) -> dict[str, tuple[int, int | None]]:
    """USCC → (firm id, its building), and "name:<normalised name>" → the same when the name
    is unambiguous."""
    usccs = {p.values["tenant_uscc"] for p in plans if p.values["tenant_uscc"]}
    out: dict[str, tuple[int, int | None]] = {}
    if usccs:
        found = select(Enterprise.uscc, Enterprise.id, Enterprise.building_id).where(
            Enterprise.uscc.in_(usccs)
        )
        out.update({code: (eid, bid) for code, eid, bid in db.session.execute(found) if code})
    names = {normalise_name(p.values["tenant_name"]) for p in plans} - {""}
    seen: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    if names:
        for eid, norm, bid in db.session.execute(
            select(Enterprise.id, Enterprise.name_norm, Enterprise.building_id).where(
                Enterprise.name_norm.in_(names)
            )
        ):
            seen[norm].append((eid, bid))
    out.update({f"name:{n}": hits[0] for n, hits in seen.items() if len(hits) == 1})
    return out


def _overlaps(
    plans: list[_Planned],
    units: dict[tuple[int, str, str], Unit],
    leases_on: dict[int, list[Lease]],
    field_label: str,
) -> list[Problem]:
    """After the import, no unit may hold two open leases whose dates overlap."""
    problems = []
    by_unit: dict[tuple[int, str, str], list[_Planned]] = defaultdict(list)
    for p in plans:
        by_unit[p.unit_key].append(p)
    for key, group in by_unit.items():
        unit = units.get(key)
        replaced = {p.existing.id for p in group if p.existing is not None}
        spans: list[tuple[date, date, Message, int | None]] = [
            (
                le.start_on,
                le.end_on,
                Phrase("已有租约（{tenant}）", {"tenant": le.tenant_name}),
                None,
            )
            for le in (leases_on[unit.id] if unit else [])
            if le.is_open and le.id not in replaced
        ]
        for p in sorted(group, key=lambda p: p.row):
            if p.values["status"] != OPEN:
                continue
            start, end = p.values["start_on"], p.values["end_on"]
            clash = next((s for s in spans if s[0] <= end and s[1] >= start), None)
            if clash is not None:
                where = Phrase("第 {row} 行的租约", {"row": clash[3]}) if clash[3] else clash[2]
                problems.append(
                    Problem(
                        p.row,
                        field_label,
                        Phrase(
                            "与同一单元{where} {start}～{end} 时间重叠",
                            {"where": where, "start": clash[0], "end": clash[1]},
                        ),
                        f"{start}～{end}",
                    )
                )
                continue
            spans.append((start, end, "", p.row))
    return problems


def _lineage(file_name: str, row: int, batch: ImportBatch) -> str:
    return f"导入 {file_name}:{row}（批次 #{batch.id}，sha256 {batch.sha256[:12]}）"


def _write(
    plans: list[_Planned], batch: ImportBatch, file_name: str, user: User | None
) -> dict[str, int]:
    """Apply the plan; the caller commits or rolls back."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "units_created": 0}
    units = {
        (u.building_id, u.floor, u.room): u
        for u in db.session.scalars(
            select(Unit).where(Unit.building_id.in_({p.unit_key[0] for p in plans}))
        )
    }
    open_before = {
        uid
        for uid in db.session.scalars(
            select(Lease.unit_id).where(
                Lease.unit_id.in_([u.id for u in units.values()]),
                Lease.is_open,
            )
        )
    }
    for p in plans:
        if p.unit_key not in units:
            area = max(q.values["area"] for q in plans if q.unit_key == p.unit_key)
            unit = Unit(
                building_id=p.unit_key[0],
                floor=p.unit_key[1],
                room=p.unit_key[2],
                area=area,
                rent_per_m2_day=p.values.get("rent_per_m2_day"),
            )
            db.session.add(unit)
            units[p.unit_key] = unit
            counts["units_created"] += 1
    db.session.flush()
    event_rows: list[dict[str, Any]] = []
    leaving: set[int] = set()
    uid = user.id if user is not None else None
    now = utcnow()
    for p in plans:
        unit = units[p.unit_key]
        values = {k: p.values.get(k) for k in UPDATABLE}
        if p.existing is None:
            lease = Lease(
                code=p.values["code"],
                unit_id=unit.id,
                enterprise_id=p.enterprise_id,
                start_on=p.values["start_on"],
                closed_on=p.values["end_on"] if values["status"] in ("ended", "closed") else None,
                **values,
            )
            db.session.add(lease)
            db.session.flush()
            counts["created"] += 1
            detail = _lineage(file_name, p.row, batch)
            if lease.intent == "leave" and lease.is_open:
                leaving.add(unit.id)
        else:
            lease = p.existing
            changes = []
            for key, value in values.items():
                if getattr(lease, key) != value:
                    changes.append(f"{key}: {getattr(lease, key)} → {value}")
                    if key == "intent" and value == "leave":
                        leaving.add(unit.id)
                    setattr(lease, key, value)
            if p.enterprise_id and lease.enterprise_id != p.enterprise_id:
                lease.enterprise_id = p.enterprise_id
                changes.append(f"enterprise_id → {p.enterprise_id}")
            if lease.status in ("ended", "closed") and lease.closed_on is None:
                lease.closed_on = lease.end_on
            if not changes:
                counts["unchanged"] += 1
                continue
            counts["updated"] += 1
            detail = _lineage(file_name, p.row, batch) + "：" + "；".join(changes)
        event_rows.append(
            {"lease_id": lease.id, "kind": "import", "detail": detail, "user_id": uid, "at": now}
        )
    if event_rows:
        db.session.execute(insert(LeaseEvent), event_rows)
    db.session.flush()
    touched = {u.id for u in units.values()}
    open_after = set(
        db.session.scalars(select(Lease.unit_id).where(Lease.unit_id.in_(touched), Lease.is_open))
    )
    for unit_id in sorted((open_before - open_after) | (leaving & open_after)):
        events.emit(events.UNIT_VACATED, unit_id=unit_id)
    for unit_id in sorted(open_after - open_before):
        events.emit(events.OFFER_CHANGED, kind=SPACE, offer_id=unit_id)
    return counts


def import_leases(
    source: Path,
    *,
    file_name: str | None = None,
    user: User | None = None,
    dry_run: bool = False,
    upload_dir: Path,
    report_dir: Path,
    today: date,
    thresholds: Thresholds,
) -> ImportResult:
    """Import one lease file (xlsx or csv): all rows, or none when any row is bad."""
    name = file_name or source.name
    kept = keep_original(source.read_bytes(), name, upload_dir, KIND)
    report = report_file(report_dir, KIND, kept)
    result = ImportResult("refused", name, str(kept.path), kept.sha256, str(report))
    try:
        parsed = parse_leases(read_table(kept.path, name))
    except UnreadableFile as exc:
        result.problems = [Problem(0, "文件", message_of(exc))]
        parsed = None
    plans: list[_Planned] = []
    if parsed is not None:
        result.problems = list(parsed.problems)
        if parsed.rows:
            plans, more = _plan(parsed, user)
            result.problems += more
        rows = len(parsed.rows) + len({p.row for p in parsed.problems if p.row > parsed.header_row})
    else:
        rows = 0
    result.problems.sort(key=lambda p: p.row)  # stable: a row's problems keep column order
    bad_rows = sorted({p.row for p in result.problems})
    result.summary = {"rows": rows, "rejected": len(bad_rows), "problems": len(result.problems)}
    write_problems(report, name, result.problems)
    try:
        if result.problems:
            result.status = REFUSED
        elif dry_run:
            result.status = DRY_RUN
            result.summary["would_import"] = len(plans)
        else:
            result.status = DONE
        batch = record_batch(
            KIND,
            kept,
            status=result.status,
            report_path=report,
            user_id=user.id if user is not None else None,
        )
        if result.status == DONE:
            result.summary.update(_write(plans, batch, name, user))
            result.summary["visit_tasks"] = refresh_visit_tasks(today, thresholds)
        batch.summary = dict(result.summary)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    result.batch_id = batch.id
    return result
