"""Reading matches, inboxes, audiences and funnels."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.matching import registry
from qifutong.matching.models import MatchResult, OfferReach
from qifutong.timeutil import street_today

if TYPE_CHECKING:
    from qifutong.matching.columns import FirmColumns

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
    """A stored result of one firm, with its reasons and what is missing rendered now."""

    offer: registry.Offer
    status: str
    score: float
    reasons: list[str]
    missing: list[str]
    unverified: bool = False  # reached only thanks to self-reported values awaiting checks


def firm_matches(
    enterprise_id: int,
    kind: str | None = None,
    status: str | None = None,
    today: date | None = None,
    cols: FirmColumns | None = None,
) -> list[MatchItem]:
    """The stored matches of one firm: eligible first (best first), then its best near-misses
    (fewest missing, best score, newest offer), at most QIFUTONG_NEAR_MISS_KEEP of them.
    `cols`: the firm's columns when the caller has them already (firm_columns)."""
    from qifutong.matching.explain import firm_columns, from_codes
    from qifutong.matching.services import labels, near_miss_keep

    stmt = select(
        MatchResult.offer_kind, MatchResult.offer_id, MatchResult.status, MatchResult.score,
        MatchResult.met, MatchResult.unverified,
    ).where(MatchResult.enterprise_id == enterprise_id)  # fmt: skip
    if kind:
        stmt = stmt.where(MatchResult.offer_kind == kind)
    if status:
        stmt = stmt.where(MatchResult.status == status)
    results = db.session.execute(stmt).all()
    if not results:
        return []
    offers = titles({(k, o) for k, o, *_ in results})
    if cols is None:
        cols = firm_columns([enterprise_id], today or street_today())
    texts = from_codes(
        cols, [((enterprise_id, k, o), met) for k, o, _, _, met, _ in results], labels(), offers
    )
    items = [
        MatchItem(offers[(k, o)], st, float(sc), *texts[(enterprise_id, k, o)], bool(unv))
        for k, o, st, sc, _, unv in results
        if (k, o) in offers and (enterprise_id, k, o) in texts
    ]
    eligible = sorted(
        (i for i in items if i.status == "eligible"),
        key=lambda i: (-i.score, i.offer.kind, i.offer.id),
    )
    near = sorted(
        (i for i in items if i.status != "eligible"),
        key=lambda i: (len(i.missing), -i.score, -i.offer.id),
    )
    return eligible + near[: near_miss_keep()]


def explain_pushes(
    pushes: list[Push],
    today: date | None = None,
    cols: FirmColumns | None = None,
    loaded: Mapping[tuple[str, int], registry.Offer] | None = None,
) -> dict[int, Any]:
    """Each pushed item's reasons and what is missing, as the engine sees the firm now
    (`cols` and `loaded`: the firms' columns and the offers, when the caller has them)."""
    from qifutong.matching.explain import firm_columns, on_demand
    from qifutong.matching.services import labels

    if not pushes:
        return {}
    if cols is None:
        cols = firm_columns({p.enterprise_id for p in pushes}, today or street_today())
    pairs = [(p.enterprise_id, p.offer_kind, p.offer_id) for p in pushes]
    found = on_demand(cols, pairs, labels(), loaded)
    return {
        p.id: found[key]
        for p in pushes
        if (key := (p.enterprise_id, p.offer_kind, p.offer_id)) in found
    }


def match_counts(kind: str, offer_id: int) -> dict[str, int]:
    """How many firms the offer fits and nearly fits, as counted when it was last matched."""
    reach = db.session.get(OfferReach, (kind, offer_id))
    if reach is None:
        return {"eligible": 0, "near_miss": 0}
    return {"eligible": reach.eligible, "near_miss": reach.near_miss}


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
