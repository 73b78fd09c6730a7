"""Reading matches, inboxes, audiences and funnels."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.matching import registry
from qifutong.matching.models import MatchResult, Push

FUNNEL_STEPS = (
    ("pushed", "已推送"),
    ("seen", "已查看"),
    ("clicked", "已打开"),
    ("applied", "已申报"),
    ("granted", "已兑现"),
)


def inbox(enterprise_id: int) -> list[Push]:
    """The firm's pushed items still in its inbox: new first, then by score and date."""
    return list(
        db.session.scalars(
            select(Push)
            .where(Push.enterprise_id == enterprise_id, Push.state != "dismissed")
            .order_by(
                (Push.state == "new").desc(),
                (Push.state == "granted").asc(),
                Push.score.desc(),
                Push.pushed_at.desc(),
                Push.id,
            )
        )
    )


def titles(pairs: Collection[tuple[str, int]]) -> dict[tuple[str, int], registry.Offer]:
    by_kind: dict[str, list[int]] = {}
    for kind, oid in pairs:
        by_kind.setdefault(kind, []).append(oid)
    out = {}
    for kind, ids in by_kind.items():
        for offer in registry.load_offers(kind, sorted(set(ids))):
            out[(offer.kind, offer.id)] = offer
    return out


@dataclass
class MatchItem:
    result: MatchResult
    offer: registry.Offer


def firm_matches(
    enterprise_id: int, kind: str | None = None, status: str | None = None
) -> list[MatchItem]:
    """The stored matches of one firm, eligible first, best first."""
    stmt = select(MatchResult).where(MatchResult.enterprise_id == enterprise_id)
    if kind:
        stmt = stmt.where(MatchResult.offer_kind == kind)
    if status:
        stmt = stmt.where(MatchResult.status == status)
    stmt = stmt.order_by(
        (MatchResult.status == "eligible").desc(), MatchResult.score.desc(), MatchResult.id
    )
    results = list(db.session.scalars(stmt))
    offers = titles({(r.offer_kind, r.offer_id) for r in results})
    return [
        MatchItem(r, offers[(r.offer_kind, r.offer_id)])
        for r in results
        if (r.offer_kind, r.offer_id) in offers
    ]


def match_counts(kind: str, offer_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(MatchResult.status, func.count())
        .where(MatchResult.offer_kind == kind, MatchResult.offer_id == offer_id)
        .group_by(MatchResult.status)
    ).all()
    out = {"eligible": 0, "near_miss": 0}
    out.update({s: int(n) for s, n in rows})
    return out


def audience_frame(kind: str, offer_id: int) -> pd.DataFrame:
    """Stored results of one offer with each firm's name, industry section and building."""
    stmt = (
        select(
            MatchResult.enterprise_id,
            Enterprise.name,
            Enterprise.uscc,
            Enterprise.industry_code,
            Enterprise.industry_section,
            Enterprise.building_id,
            MatchResult.status,
            MatchResult.score,
            MatchResult.reasons,
            MatchResult.missing,
            MatchResult.unverified,
        )
        .join(Enterprise, Enterprise.id == MatchResult.enterprise_id)
        .where(MatchResult.offer_kind == kind, MatchResult.offer_id == offer_id)
        .order_by(
            (MatchResult.status == "eligible").desc(), MatchResult.score.desc(), Enterprise.id
        )
    )
    rows = db.session.execute(stmt).all()
    return pd.DataFrame(
        rows,
        columns=[
            "enterprise_id",
            "name",
            "uscc",
            "industry_code",
            "industry_section",
            "building_id",
            "status",
            "score",
            "reasons",
            "missing",
            "unverified",
        ],
    )


def unverified_offers(enterprise_id: int) -> set[tuple[str, int]]:
    """The offers a firm reaches only thanks to values it reported itself, not yet verified."""
    rows = db.session.execute(
        select(MatchResult.offer_kind, MatchResult.offer_id).where(
            MatchResult.enterprise_id == enterprise_id, MatchResult.unverified.is_(True)
        )
    )
    return {(str(k), int(i)) for k, i in rows}


def funnel(kind: str, offer_id: int) -> dict[str, Any]:
    """Pushed → seen → clicked → applied → granted for one offer, and the amount granted."""
    base = select(
        func.count(Push.id),
        func.count(Push.seen_at),
        func.count(Push.clicked_at),
        func.count(Push.applied_at),
        func.count(Push.granted_at),
        func.coalesce(func.sum(Push.granted_amount), 0.0),
    ).where(Push.offer_kind == kind, Push.offer_id == offer_id, Push.channel == "push")
    pushed, seen, clicked, applied, granted, amount = db.session.execute(base).one()
    searched = db.session.execute(
        select(func.count(Push.id), func.count(Push.granted_at)).where(
            Push.offer_kind == kind, Push.offer_id == offer_id, Push.channel == "search"
        )
    ).one()
    dismissed = db.session.scalar(
        select(func.count(Push.id)).where(
            Push.offer_kind == kind, Push.offer_id == offer_id, Push.state == "dismissed"
        )
    )
    return {
        "pushed": int(pushed),
        "seen": int(seen),
        "clicked": int(clicked),
        "applied": int(applied),
        "granted": int(granted),
        "granted_amount": float(amount or 0.0),
        "dismissed": int(dismissed or 0),
        "self_applied": int(searched[0]),
        "self_granted": int(searched[1]),
    }


def dismiss_reasons(kind: str, offer_id: int) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(Push.dismissed_reason, func.count())
        .where(Push.offer_kind == kind, Push.offer_id == offer_id, Push.state == "dismissed")
        .group_by(Push.dismissed_reason)
        .order_by(func.count().desc())
    ).all()
    return [(r or "—", int(n)) for r, n in rows]


def applicants(
    kind: str, offer_id: int, limit: int = 50, offset: int = 0
) -> tuple[list[tuple[Push, Enterprise]], int]:
    """Firms that applied or were granted, open applications first, most recent first (the
    street's to-do list); one page of them and how many there are."""
    where = (
        Push.offer_kind == kind,
        Push.offer_id == offer_id,
        Push.state.in_(("applied", "granted")),
    )
    total = db.session.scalar(select(func.count(Push.id)).where(*where)) or 0
    rows = db.session.execute(
        select(Push, Enterprise)
        .join(Enterprise, Enterprise.id == Push.enterprise_id)
        .where(*where)
        .order_by(
            (Push.state == "applied").desc(),
            Push.applied_at.desc().nulls_last(),
            Push.granted_at.desc().nulls_last(),
            Push.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return [(p, e) for p, e in rows], int(total)
