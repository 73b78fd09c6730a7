"""What a roster import changed, firm by firm, and the changes it left for an official: a value
that would have replaced one from another source, a code kept as read although it fails its
check. Each is taken or turned down here, with the firm's history kept."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from qifutong import uscc as uscc_rules
from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseSourceRow,
    PendingChange,
)
from qifutong.enterprises.present import field_label, value_text
from qifutong.enterprises.roster.messages import stored_message
from qifutong.enterprises.roster.review import ReviewError
from qifutong.enterprises.services import update_enterprise
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.web.i18n import translate

PENDING, TAKEN, KEPT = "pending", "taken", "kept"
DATES = ("founded_on", "moved_in_on", "moved_out_on")
SHOWN = (
    "uscc", "legal_rep", "registered_capital", "founded_on", "industry_code", "size_class",
    "headcount", "qualifications", "registered_address", "building_id", "room", "contact_phone",
)  # fmt: skip


def queue_change(
    eid: int, field: str, old: Any, new: Any, reason: str, rows: list[str], batch_id: int | None
) -> None:
    """Leave a change to an existing firm for an official to decide."""
    db.session.add(
        PendingChange(
            enterprise_id=eid,
            field=field,
            old_value=_json(old),
            new_value=_json(new),
            reason=reason[:300],
            rows=rows,
            batch_id=batch_id,
            status="pending",
        )
    )


def value_sources(ids: list[int]) -> dict[tuple[int, str], str]:
    """Where each firm's current values came from: the last change of each field, else the
    firm's creation."""
    out: dict[tuple[int, str], str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for eid, fld, src in db.session.execute(
            select(EnterpriseChange.enterprise_id, EnterpriseChange.field, EnterpriseChange.source)
            .where(EnterpriseChange.enterprise_id.in_(chunk))
            .order_by(EnterpriseChange.id)
        ):
            out[(int(eid), str(fld))] = str(src)
    return out


def pending_count() -> int:
    stmt = select(func.count()).select_from(PendingChange).where(PendingChange.status == PENDING)
    return int(db.session.scalar(stmt) or 0)


def pending_changes(
    page: int = 1, per_page: int = 20
) -> tuple[list[tuple[PendingChange, Enterprise]], int]:
    """Changes waiting for an official, oldest first, with their firms."""
    rows = db.session.execute(
        select(PendingChange, Enterprise)
        .join(Enterprise, Enterprise.id == PendingChange.enterprise_id)
        .where(PendingChange.status == PENDING)
        .order_by(PendingChange.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [(c, e) for c, e in rows], pending_count()


def _stored(field: str, value: Any) -> Any:
    if field in DATES and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def decide_change(
    change_id: int, choice: str, user_id: int | None, corrected: str = ""
) -> PendingChange:
    """Take the imported value, keep the firm's, or (for a doubtful code) correct it."""
    change = db.session.get(PendingChange, change_id)
    if change is None or change.status != PENDING:
        raise ReviewError(translate("这条变更已处理或不存在"))
    ent = db.session.get(Enterprise, change.enterprise_id)
    if ent is None:
        raise ReviewError(translate("企业已不存在"))
    source = f"review:{user_id or 0}"
    if choice == "correct":
        code = uscc_rules.normalise(corrected)
        problem = uscc_rules.problem(code)
        if problem:
            raise ReviewError(stored_message(problem))
        other = db.session.scalar(select(Enterprise).where(Enterprise.uscc == code))
        if other is not None and other.id != ent.id:
            raise ReviewError(
                translate(
                    "统一社会信用代码 {code} 已属于{name}：请在复核企业中合并",
                    code=code,
                    name=other.name,
                )
            )
        update_enterprise(ent, {"uscc": code}, source=source)
        ent.uscc_problem = None
        change.new_value, choice = code, TAKEN
    elif choice == TAKEN:
        if change.field != "uscc":
            update_enterprise(ent, {change.field: _stored(change.field, change.new_value)}, source)
    elif choice != KEPT:
        raise ReviewError(translate("请选择采用新值、保留原值或更正"))
    change.status, change.decided_by, change.decided_at = choice, user_id, utcnow()
    db.session.flush()
    return change


def _firm_json(ent: Enterprise | None) -> dict[str, Any]:
    if ent is None:
        return {"enterprise_id": None, "name": None, "uscc": None}
    return {"enterprise_id": ent.id, "name": ent.name, "uscc": ent.uscc}


def batch_changes(batch_id: int, page: int, per_page: int) -> dict[str, Any]:
    """Firm by firm, what one roster import did: each field's old and new value, the rows that
    gave it, and whether it was written or waits for an official."""
    touched = (
        select(EnterpriseChange.enterprise_id.label("eid"))
        .where(EnterpriseChange.batch_id == batch_id)
        .union(
            select(PendingChange.enterprise_id).where(PendingChange.batch_id == batch_id),
            select(EnterpriseSourceRow.enterprise_id).where(
                EnterpriseSourceRow.batch_id == batch_id
            ),
        )
        .subquery()
    )
    total = int(db.session.scalar(select(func.count()).select_from(touched)) or 0)
    ids = list(
        db.session.scalars(
            select(touched.c.eid)
            .order_by(touched.c.eid)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return {"firms": _items(batch_id, ids), "page": page, "per_page": per_page, "total": total}


def _items(batch_id: int, ids: list[int]) -> list[dict[str, Any]]:
    """The change list of these firms in one batch."""
    firms = {e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}
    rows: dict[int, list[str]] = defaultdict(list)
    for eid, fname, number in db.session.execute(
        select(
            EnterpriseSourceRow.enterprise_id,
            EnterpriseSourceRow.file_name,
            EnterpriseSourceRow.row_number,
        )
        .where(EnterpriseSourceRow.batch_id == batch_id, EnterpriseSourceRow.enterprise_id.in_(ids))
        .order_by(EnterpriseSourceRow.row_number)
    ):
        rows[eid].append(f"{fname}:{number}")
    changes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    created: set[int] = set()
    for c in db.session.scalars(
        select(EnterpriseChange)
        .where(EnterpriseChange.batch_id == batch_id, EnterpriseChange.enterprise_id.in_(ids))
        .order_by(EnterpriseChange.id)
    ):
        if c.field == "*":
            created.add(c.enterprise_id)
            continue
        changes[c.enterprise_id].append(
            _change_json(c.field, c.old_value, c.new_value, c.rows or [], "applied")
        )
    for p in db.session.scalars(
        select(PendingChange)
        .where(PendingChange.batch_id == batch_id, PendingChange.enterprise_id.in_(ids))
        .order_by(PendingChange.id)
    ):
        changes[p.enterprise_id].append(
            _change_json(p.field, p.old_value, p.new_value, p.rows, p.status) | {"reason": p.reason}
        )
    items = []
    for eid in ids:
        ent = firms.get(eid)
        fields = changes.get(eid, [])
        if eid in created and ent is not None:
            fields = [
                _change_json(f, None, _json(getattr(ent, f)), rows[eid], "applied")
                for f in SHOWN
                if getattr(ent, f) not in (None, [], "")
            ] + [f for f in fields if f["status"] != "applied"]
        items.append(_firm_json(ent) | {"action": _action(eid in created, fields)})
        items[-1].update(rows=rows.get(eid, []), changes=fields)
    return items


def _action(created: bool, fields: list[dict[str, Any]]) -> str:
    """created, queued (a change waits), updated (fields filled) or merged (rows only)."""
    if created:
        return "created"
    if any(f["status"] == "pending" for f in fields):
        return "queued"
    return "updated" if fields else "merged"


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _change_json(field: str, old: Any, new: Any, rows: list[str], status: str) -> dict[str, Any]:
    return {
        "field": field,
        "label": field_label(field),
        "old": _json(old),
        "new": _json(new),
        "old_text": value_text(field, old),
        "new_text": value_text(field, new),
        "rows": list(rows),
        "status": status,
    }


def firms_with_changes(batch_id: int) -> list[dict[str, Any]]:
    """Every existing firm the batch changed or left changes for (for the report and page)."""
    queued = select(PendingChange.enterprise_id).where(PendingChange.batch_id == batch_id)
    written = select(EnterpriseChange.enterprise_id).where(
        EnterpriseChange.batch_id == batch_id, EnterpriseChange.field != "*"
    )
    ids = sorted(set(db.session.scalars(queued)) | set(db.session.scalars(written)))
    return _items(batch_id, ids) if ids else []
