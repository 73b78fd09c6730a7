"""Figures rows for firms not in the register: listed per firm for the street, who links them
to a firm (or registers the firm, or sets them aside); linked rows are applied at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from qifutong import uscc as codes
from qifutong.enterprises.figures import FIGURES
from qifutong.enterprises.figures_import import MonthFigures, compare, follow, store
from qifutong.enterprises.models import EconomicRecordChange, Enterprise, UnmatchedFigure
from qifutong.enterprises.schemas import FieldError
from qifutong.enterprises.services import create_enterprise
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.names import normalise_name
from qifutong.web.i18n import translate

PENDING, APPLIED, DISMISSED = "pending", "applied", "dismissed"


class LinkError(QifutongError, ValueError):
    """A link that cannot be made; the message says why."""

    status = 422
    code = "cannot_link"


@dataclass
class UnmatchedFirm:
    """The pending rows of one firm the register does not know, as the street sees them."""

    identity: str
    name: str | None
    uscc: str | None
    months: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # "FILE:ROW"
    candidates: list[Enterprise] = field(default_factory=list)


def pending_count() -> int:
    stmt = select(func.count(func.distinct(UnmatchedFigure.identity))).where(
        UnmatchedFigure.status == PENDING
    )
    return int(db.session.scalar(stmt) or 0)


def _candidates(name: str | None, uscc: str | None) -> list[Enterprise]:
    """Registered firms a person may mean: the same code, or a name that shares the core."""
    core = normalise_name(name or "")
    tests = []
    if uscc:
        tests.append(Enterprise.uscc == uscc)
    if len(core) >= 2:
        tests.append(Enterprise.name_norm.contains(core[:4]))
    if not tests:
        return []
    return list(db.session.scalars(select(Enterprise).where(or_(*tests)).limit(5)))


def unmatched_firms(page: int = 1, per_page: int = 20) -> tuple[list[UnmatchedFirm], int]:
    """Pending rows grouped per firm, the latest first."""
    latest = func.max(UnmatchedFigure.id)
    ids = select(UnmatchedFigure.identity).where(UnmatchedFigure.status == PENDING)
    groups = db.session.scalars(
        ids.group_by(UnmatchedFigure.identity)
        .order_by(latest.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    out = []
    for identity in groups:
        items = _pending(identity)
        first = items[-1]
        firm = UnmatchedFirm(identity, first.name, first.uscc)
        firm.months = sorted({f"{i.period:%Y-%m}" for i in items})
        firm.rows = [f"{i.file_name}:{i.row_number}" for i in items]
        firm.candidates = _candidates(first.name, first.uscc)
        out.append(firm)
    return out, pending_count()


def _pending(identity: str) -> list[UnmatchedFigure]:
    return list(
        db.session.scalars(
            select(UnmatchedFigure)
            .where(UnmatchedFigure.identity == identity, UnmatchedFigure.status == PENDING)
            .order_by(UnmatchedFigure.period, UnmatchedFigure.id)
        )
    )


def link(identity: str, enterprise_id: int, user_id: int | None, today: date) -> dict[str, Any]:
    """Apply a firm's pending rows to a registered firm; returns what changed."""
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None:
        raise LinkError(translate("所选企业不存在"))
    items = _pending(identity)
    if not items:
        raise LinkError(translate("这些数据已处理"))
    changes = compare(
        [
            MonthFigures(
                ent.id,
                i.period,
                {f: getattr(i, f) for f in FIGURES if getattr(i, f) is not None},
                i.batch_id,
            )
            for i in items
        ]
    )
    changed = store(changes)
    now = utcnow()
    for item in items:
        item.status, item.enterprise_id = APPLIED, ent.id
        item.decided_by, item.decided_at = user_id, now
    follow(changed, sorted({f"{i.period:%Y-%m}" for i in items}), today)
    return {
        "enterprise_id": ent.id,
        "created": len(changes.new),
        "updated": len(changes.changed),
        "unchanged": changes.unchanged,
    }


def register_and_link(identity: str, user_id: int | None, today: date) -> dict[str, Any]:
    """Register the firm the rows name (its name and code as read), then link them to it."""
    items = _pending(identity)
    if not items:
        raise LinkError(translate("这些数据已处理"))
    first = items[-1]
    if not first.name:
        raise LinkError(translate("数据中没有企业名称，无法新建企业；请关联到已登记的企业"))
    data: dict[str, Any] = {"name": first.name}
    if first.uscc and codes.is_valid(first.uscc):
        data["uscc"] = first.uscc
    try:
        ent = create_enterprise(data, source=f"user:{user_id or 0}")
    except FieldError as exc:
        raise LinkError(exc.message) from exc
    return link(identity, ent.id, user_id, today)


def dismiss(identity: str, user_id: int | None) -> int:
    """Set a firm's pending rows aside (not a firm of this street); returns how many."""
    items = _pending(identity)
    now = utcnow()
    for item in items:
        item.status, item.decided_by, item.decided_at = DISMISSED, user_id, now
    return len(items)


def batch_changes(batch_id: int, page: int, per_page: int) -> dict[str, Any]:
    """What one figures import changed, firm by firm: each month's old and new figures; and
    its rows for firms not in the register, with what became of them."""
    firms_q = (
        select(EconomicRecordChange.enterprise_id)
        .where(EconomicRecordChange.batch_id == batch_id)
        .group_by(EconomicRecordChange.enterprise_id)
    )
    total = db.session.scalar(select(func.count()).select_from(firms_q.subquery())) or 0
    ids = list(
        db.session.scalars(
            firms_q.order_by(EconomicRecordChange.enterprise_id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    names = {e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}
    months: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for change in db.session.scalars(
        select(EconomicRecordChange)
        .where(
            EconomicRecordChange.batch_id == batch_id,
            EconomicRecordChange.enterprise_id.in_(ids),
        )
        .order_by(EconomicRecordChange.period, EconomicRecordChange.id)
    ):
        months[change.enterprise_id].append(
            {
                "period": f"{change.period:%Y-%m}",
                "action": "updated" if change.old else "created",
                "old": {f: change.old.get(f) for f in FIGURES} if change.old else None,
                "new": {f: change.new.get(f) for f in FIGURES},
            }
        )
    unmatched = db.session.scalars(
        select(UnmatchedFigure)
        .where(UnmatchedFigure.batch_id == batch_id)
        .order_by(UnmatchedFigure.row_number)
    ).all()
    return {
        "firms": [
            {
                "enterprise_id": eid,
                "name": names[eid].name if eid in names else None,
                "uscc": names[eid].uscc if eid in names else None,
                "months": months[eid],
            }
            for eid in ids
        ],
        "unmatched": [
            {
                "row": u.row_number,
                "name": u.name,
                "uscc": u.uscc,
                "period": f"{u.period:%Y-%m}",
                "status": u.status,
                "enterprise_id": u.enterprise_id,
            }
            for u in unmatched
        ],
        "page": page,
        "per_page": per_page,
        "total": int(total),
    }
