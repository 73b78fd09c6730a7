"""The review queue: pairs the resolver left open, decided by an official (merge / keep apart).

Decisions are kept by the identity keys of both sides (USCC, else name), so later imports obey
them. Merging moves everything that points at one firm to the other and keeps the history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    PrimaryKeyConstraint,
    UniqueConstraint,
    and_,
    delete,
    func,
    select,
    tuple_,
    update,
)

from qifutong import events
from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseSourceRow,
    ResolutionDecision,
)
from qifutong.enterprises.roster.resolve import Resolution
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.names import key_digest, name_key
from qifutong.web.i18n import translate

MERGE, SEPARATE = "merge", "separate"
# Fields a merge may fill on the firm that stays from the one that goes.
FILLABLE = (
    "uscc",
    "legal_rep",
    "registered_capital",
    "founded_on",
    "company_type",
    "registered_address",
    "business_scope",
    "industry_code",
    "industry_section",
    "size_class",
    "headcount",
    "ip_patents",
    "ip_software",
    "ip_trademarks",
    "registered_here",
    "operates_here",
    "tax_here",
    "building_id",
    "floor",
    "room",
    "moved_in_on",
    "contact_name",
    "contact_phone",
    "email",
    "area_need",
    "stage",
    "revenue_12m",
    "tax_12m",
)


class ReviewError(QifutongError, ValueError):
    """A decision that cannot be carried out; the message says why."""

    status = 422
    code = "review_refused"


@dataclass
class Side:
    """One side of a pair as the queue shows it: the firm now, and what the import saw."""

    enterprise: Enterprise | None
    snapshot: dict[str, Any]
    rows: list[EnterpriseSourceRow]


@dataclass
class ReviewItem:
    decision: ResolutionDecision
    left: Side
    right: Side
    mergeable: str | None  # None when a merge is allowed, else why not


def pending_count() -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(ResolutionDecision)
            .where(ResolutionDecision.decision.is_(None))
        )
        or 0
    )


def merge_blocker(a: Enterprise | None, b: Enterprise | None) -> str | None:
    """Why two firms must not be merged (different valid codes, regions, branch and parent)."""
    if a is None or b is None:
        return "其中一家企业已不存在"
    if a.id == b.id:
        return "已是同一家企业"
    if a.uscc and b.uscc and a.uscc != b.uscc and not (a.uscc_problem or b.uscc_problem):
        return "两家企业的统一社会信用代码不同"
    if a.region and b.region and a.region != b.region:
        return "两家企业名称中的地区不同"
    if bool(a.is_branch) != bool(b.is_branch):
        return "分支机构与总公司是不同的企业"
    return None


def _side(snapshot: dict[str, Any], rows_by_firm: dict[int, list[EnterpriseSourceRow]]) -> Side:
    eid = snapshot.get("enterprise_id")
    ent = db.session.get(Enterprise, eid) if eid else None
    return Side(ent, snapshot, rows_by_firm.get(int(eid or 0), []))


def review_queue(page: int = 1, per_page: int = 20) -> tuple[list[ReviewItem], int]:
    """Pending pairs, highest score first, with both firms and their source rows."""
    base = select(ResolutionDecision).where(ResolutionDecision.decision.is_(None))
    total = pending_count()
    decisions = db.session.scalars(
        base.order_by(ResolutionDecision.score.desc().nulls_last(), ResolutionDecision.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    ids = set()
    for d in decisions:
        for side in ("left", "right"):
            eid = (d.evidence or {}).get(side, {}).get("enterprise_id")
            if eid:
                ids.add(int(eid))
    rows_by_firm: dict[int, list[EnterpriseSourceRow]] = {}
    if ids:
        for row in db.session.scalars(
            select(EnterpriseSourceRow)
            .where(EnterpriseSourceRow.enterprise_id.in_(ids))
            .order_by(EnterpriseSourceRow.id)
        ):
            rows_by_firm.setdefault(row.enterprise_id, []).append(row)
    items = []
    for d in decisions:
        ev = d.evidence or {}
        left = _side(ev.get("left", {}), rows_by_firm)
        right = _side(ev.get("right", {}), rows_by_firm)
        items.append(ReviewItem(d, left, right, merge_blocker(left.enterprise, right.enterprise)))
    return items, total


def _history(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _move_references(drop: int, keep: int) -> None:
    """Point every row that refers to `drop` at `keep`; rows that would then clash with a
    unique constraint (keep already has one for the same key) are left to go with `drop`."""
    target = db.metadata.tables["enterprise"].c.id
    for table in db.metadata.sorted_tables:
        if table.name == "enterprise":
            continue
        for fk in table.foreign_keys:
            if fk.column is not target:
                continue
            col = fk.parent
            groups = [
                list(con.columns)
                for con in table.constraints
                if isinstance(con, UniqueConstraint | PrimaryKeyConstraint)
            ] + [list(ix.columns) for ix in table.indexes if ix.unique]
            uniques = [[c for c in g if c is not col] for g in groups if col in g]
            for other in uniques:
                if not other:
                    continue
                taken = select(*other).where(col == keep)
                db.session.execute(
                    delete(table).where(and_(col == drop, tuple_(*other).in_(taken)))
                )
            db.session.execute(update(table).where(col == drop).values({col.name: keep}))


def merge_enterprises(keep: Enterprise, drop: Enterprise, source: str) -> Enterprise:
    """Make `drop` part of `keep`: fill keep's gaps, move lineage and every reference, record
    it in keep's history, delete drop."""
    blocker = merge_blocker(keep, drop)
    if blocker:
        raise ReviewError(translate(blocker))
    history = []
    drop_code = drop.uscc
    if keep.uscc_problem and drop_code and not drop.uscc_problem:
        # A valid code wins over one kept as read although it fails its check.
        keep.uscc, keep.uscc_problem = None, None
    if drop_code and not keep.uscc:
        drop.uscc = None
        db.session.flush()  # the code is unique: free it before keep takes it
    for attr in FILLABLE:
        value = drop_code if attr == "uscc" else getattr(drop, attr)
        if value is None or getattr(keep, attr) is not None:
            continue
        history.append((attr, getattr(keep, attr), value))
        setattr(keep, attr, value)
    quals = sorted(set(keep.qualifications or []) | set(drop.qualifications or []))
    if quals != sorted(keep.qualifications or []):
        history.append(("qualifications", keep.qualifications, quals))
        keep.qualifications = quals
    history.append(("*merged", None, f"合并企业 #{drop.id} {drop.name}"))
    for attr, old, new in history:
        db.session.add(
            EnterpriseChange(
                enterprise_id=keep.id,
                field=attr,
                old_value=_history(old),
                new_value=_history(new),
                source=source,
            )
        )
    db.session.flush()
    _move_references(drop.id, keep.id)
    _repoint_pending(drop.id, keep.id)
    db.session.expire(keep)
    db.session.expire(drop)  # its collections moved to keep in SQL; do not cascade them
    db.session.delete(drop)
    db.session.flush()
    events.emit(events.ENTERPRISES_CHANGED, ids=[keep.id])
    return keep


def _repoint_pending(drop: int, keep: int) -> None:
    """Open pairs that named the firm that goes now name the one that stays."""
    for d in db.session.scalars(
        select(ResolutionDecision).where(ResolutionDecision.decision.is_(None))
    ):
        ev = dict(d.evidence or {})
        touched = False
        for side in ("left", "right"):
            snap = dict(ev.get(side) or {})
            if snap.get("enterprise_id") == drop:
                snap["enterprise_id"] = keep
                ev[side] = snap
                touched = True
        if touched:
            d.evidence = ev
            if ev["left"].get("enterprise_id") == ev["right"].get("enterprise_id"):
                d.decision = MERGE
                d.decided_at = utcnow()


def decide(decision_id: int, choice: str, user_id: int | None) -> ResolutionDecision:
    """Merge the two firms of a pending pair, or keep them apart; remembered for re-imports."""
    if choice not in (MERGE, SEPARATE):
        raise ReviewError(translate("请选择合并或保持独立"))
    d = db.session.get(ResolutionDecision, decision_id)
    if d is None:
        raise ReviewError(translate("待复核记录不存在"))
    if d.decision is not None:
        raise ReviewError(translate("该记录已处理"))
    ev = d.evidence or {}
    left = db.session.get(Enterprise, (ev.get("left") or {}).get("enterprise_id") or 0)
    right = db.session.get(Enterprise, (ev.get("right") or {}).get("enterprise_id") or 0)
    if choice == MERGE:
        if left is None or right is None:
            raise ReviewError(translate("其中一家企业已不存在"))
        keep, drop = sorted(
            (left, right),
            key=lambda e: (e.uscc is None, -len(e.source_rows), e.id),
        )
        joining = _rows_without_evidence(drop)
        merge_enterprises(keep, drop, f"review:{user_id or 0}")
        _record_review_evidence(joining, keep, d, user_id)
    d.decision = choice
    d.decided_by = user_id
    d.decided_at = utcnow()
    db.session.flush()
    return d


def _rows_without_evidence(firm: Enterprise) -> list[EnterpriseSourceRow]:
    """The rows a firm started from (no other row brought them in)."""
    return [r for r in firm.source_rows if r.match is None]


def _record_review_evidence(
    rows: list[EnterpriseSourceRow], keep: Enterprise, d: ResolutionDecision, user_id: int | None
) -> None:
    """Rows that join a firm by an official's decision keep it as their evidence, with what
    the official was shown."""
    first = db.session.scalars(
        select(EnterpriseSourceRow)
        .where(EnterpriseSourceRow.enterprise_id == keep.id)
        .order_by(EnterpriseSourceRow.id)
        .limit(1)
    ).first()
    said = ["人工复核合并", *((d.evidence or {}).get("reasons") or [])]
    for row in rows:
        row.match = {
            "score": float(d.score or 0.0),
            "evidence": said,
            "with": f"{first.file_name}:{first.row_number}" if first else "",
            "decided_by": user_id,
        }


def firm_key(uscc: str | None, name: str) -> str:
    """The identity key a decision stores for a firm: its USCC, else its name."""
    return f"U:{uscc}" if uscc else "N:" + key_digest(name_key(name))


def snapshot(ent: Enterprise) -> dict[str, Any]:
    """What the review page shows of one side, frozen at import time."""
    return {
        "enterprise_id": ent.id,
        "name": ent.name,
        "uscc": ent.uscc,
        "legal_rep": ent.legal_rep,
        "registered_address": ent.registered_address,
        "contact_phone": ent.contact_phone,
        "founded_on": ent.founded_on.isoformat() if ent.founded_on else None,
        "building_id": ent.building_id,
        "room": ent.room,
    }


def record_review(
    resolution: Resolution,
    enterprise_of_cluster: dict[int, int],
    batch_id: int | None,
    rows: dict[int, str],
) -> list[dict[str, Any]]:
    """Pending decisions for the pairs the resolver left open (one per pair of firms)."""
    items: list[dict[str, Any]] = []
    if not resolution.pairs:
        return items
    existing = {
        (a, b)
        for a, b in db.session.execute(select(ResolutionDecision.key_a, ResolutionDecision.key_b))
    }
    ids = {enterprise_of_cluster[p.a] for p in resolution.pairs} | {
        enterprise_of_cluster[p.b] for p in resolution.pairs
    }
    firms = {e.id: e for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}
    lineage: dict[int, list[str]] = defaultdict(list)
    for eid, fname, row in db.session.execute(
        select(
            EnterpriseSourceRow.enterprise_id,
            EnterpriseSourceRow.file_name,
            EnterpriseSourceRow.row_number,
        ).where(EnterpriseSourceRow.enterprise_id.in_(ids))
    ):
        lineage[eid].append(f"{fname}:{row}")
    for pair in resolution.pairs:
        ea, eb = enterprise_of_cluster[pair.a], enterprise_of_cluster[pair.b]
        if ea == eb or ea not in firms or eb not in firms:
            continue
        left, right = firms[ea], firms[eb]
        ka, kb = firm_key(left.uscc, left.name), firm_key(right.uscc, right.name)
        if ka == kb:
            continue
        if kb < ka:
            ka, kb, left, right = kb, ka, right, left
        if (ka, kb) in existing:
            continue
        existing.add((ka, kb))
        evidence = {
            "left": snapshot(left),
            "right": snapshot(right),
            "reasons": pair.reasons,
            "kind": pair.kind,
            "rows": [rows.get(pair.row_a, ""), rows.get(pair.row_b, "")],
        }
        decision = ResolutionDecision(
            key_a=ka,
            key_b=kb,
            decision=None,
            score=pair.score,
            evidence=evidence,
            batch_id=batch_id,
        )
        db.session.add(decision)
        db.session.flush()
        items.append(
            {
                "id": decision.id,
                "left": left.name,
                "left_rows": "；".join(lineage.get(left.id, [])),
                "right": right.name,
                "right_rows": "；".join(lineage.get(right.id, [])),
                "score": round(pair.score),
                "reasons": "、".join(pair.reasons),
            }
        )
    return items
