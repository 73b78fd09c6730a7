"""Pushing offers to firms' inboxes (为您推荐) and what firms and officials do with them.

A push is one offer in one firm's inbox; it moves new → seen → clicked → applied → granted, or
to dismissed with the firm's reason. Each firm × offer is pushed at most once, and at most
QIFUTONG_PUSH_DAILY_CAP new items reach a firm per street day; the rest wait for the next day.
Eligible results go first; a near-miss ("差一点", with what is missing) is pushed only when a
firm has no eligible item waiting. Publishing an offer pushes it to its eligible firms only.

`channel` says how the row began: "push" (sent by the platform) or "search" (the firm found the
offer itself and applied) — the funnel counts pushes from channel "push" only."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import pandas as pd
from flask import current_app
from sqlalchemy import Table, and_, func, insert, select, text, update

from qifutong.database import exclusive
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.matching import registry
from qifutong.matching.models import MatchResult
from qifutong.models_base import utcnow
from qifutong.timeutil import to_utc
from qifutong.web.i18n import N_, translate

KIND_ORDER = {"policy": 0, "funding": 1, "space": 2, "service": 3, "activity": 4}
# Policies are what firms most need to hear about: they go first among equally scored items.
NEAR_MISS_PENALTY = 100.0  # behind every eligible item
KIND_WEIGHT = {"policy": 1.0, "funding": 0.5, "space": 0.5, "activity": 0.25, "service": 0.0}
DISMISS_REASONS = (
    N_("不符合我司实际情况"),
    N_("已经申报或享受过"),
    N_("暂时不需要"),
    N_("信息有误"),
    N_("其他"),
)
ACTIVE_STATES = ("new", "seen", "clicked", "applied")
STATE_LABELS = {
    "new": N_("新推送"),
    "seen": N_("已查看"),
    "clicked": N_("已打开"),
    "applied": N_("已申报"),
    "granted": N_("已兑现"),
    "dismissed": N_("已忽略"),
}


class PushError(QifutongError, ValueError):
    """A state change that is not allowed (says which and why)."""

    status = 409
    code = "not_allowed"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The street day [start, end) in stored UTC time."""
    start = to_utc(datetime.combine(day, time()))
    return start, start + timedelta(days=1)


def deliver(
    today: date,
    firm_ids: Collection[int] | None = None,
    offer: tuple[str, int] | None = None,
    now: datetime | None = None,
    cap: int | None = None,
    statuses: tuple[str, ...] = ("eligible", "near_miss"),
) -> int:
    """Push results not yet pushed into inboxes, best first, within each firm's cap for
    `today`. `offer` limits the push to that one offer (publishing it)."""
    cap = int(current_app.config["QIFUTONG_PUSH_DAILY_CAP"] if cap is None else cap)
    now = now or utcnow()
    exclusive("push-delivery")  # a second delivery waits, then finds these pushed
    start, end = day_bounds(today)
    stmt = (
        select(
            MatchResult.enterprise_id,
            MatchResult.offer_kind,
            MatchResult.offer_id,
            MatchResult.score,
            MatchResult.status,
        )
        .outerjoin(
            Push,
            and_(
                Push.enterprise_id == MatchResult.enterprise_id,
                Push.offer_kind == MatchResult.offer_kind,
                Push.offer_id == MatchResult.offer_id,
            ),
        )
        .where(Push.id.is_(None), MatchResult.status.in_(statuses))
    )
    if offer is not None:
        stmt = stmt.where(MatchResult.offer_kind == offer[0], MatchResult.offer_id == offer[1])
    used_stmt = (
        select(Push.enterprise_id, func.count())
        .where(Push.pushed_at >= start, Push.pushed_at < end, Push.channel == "push")
        .group_by(Push.enterprise_id)
    )
    if firm_ids is not None:
        ids = sorted(set(firm_ids))
        rows: list[Any] = []
        used_rows: list[Any] = []
        for i in range(0, len(ids), 5000):
            chunk = ids[i : i + 5000]
            rows.extend(db.session.execute(stmt.where(MatchResult.enterprise_id.in_(chunk))))
            used_rows.extend(db.session.execute(used_stmt.where(Push.enterprise_id.in_(chunk))))
    else:
        rows = list(db.session.execute(stmt))
        used_rows = list(db.session.execute(used_stmt))
    if not rows:
        return 0
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["enterprise_id", "kind", "offer_id", "score", "status"],
    )
    used = dict((int(e), int(n)) for e, n in used_rows)
    frame["room"] = cap - frame["enterprise_id"].map(used).fillna(0)
    frame = rank_for_push(frame)
    chosen = frame[frame["rank"] < frame["room"]]
    if chosen.empty:
        return 0
    titles = _titles(chosen)
    out = []
    for eid, kind, oid, score, status in chosen[
        ["enterprise_id", "kind", "offer_id", "score", "status"]
    ].itertuples(index=False):
        title = titles.get((kind, int(oid)))
        if title is None:
            continue
        out.append(
            {
                "enterprise_id": int(eid),
                "offer_kind": kind,
                "offer_id": int(oid),
                "title": title[:300],
                "status": status,
                "score": float(score),
                "state": "new",
                "channel": "push",
                "pushed_at": now,
            }
        )
    table = cast(Table, Push.__table__)
    for i in range(0, len(out), 5000):
        db.session.execute(insert(table), out[i : i + 5000])
    return len(out)


def deliver_offer(kind: str, offer_id: int, today: date, cap: int | None = None) -> int:
    """Push one offer to its eligible firms not yet reached, where the firm's cap for `today`
    has room (one set-wise INSERT … SELECT: each firm gets at most this one item)."""
    offer = registry.load_offer(kind, offer_id)
    if offer is None:
        return 0
    cap = int(current_app.config["QIFUTONG_PUSH_DAILY_CAP"] if cap is None else cap)
    start, end = day_bounds(today)
    # The firms already reached and the eligible firms' pushes of the day are read once, before
    # the insert (materialized): correlated subqueries rescan `push` per candidate row, and where
    # the planner takes `push` for small, each scan grows with the rows inserted (a policy for
    # 137k of 1M firms took 200 s). The WITH sits inside the INSERT, where sqlite3 still counts
    # the rows inserted.
    result = db.session.execute(
        text(
            """
            INSERT INTO push (enterprise_id, offer_kind, offer_id, title, status, score, state,
                              channel, pushed_at)
            WITH reached AS MATERIALIZED (
                SELECT enterprise_id FROM push WHERE offer_kind = :kind AND offer_id = :offer_id
            ), today AS MATERIALIZED (
                SELECT p.enterprise_id, count(*) AS n FROM push p
                WHERE p.channel = 'push' AND p.pushed_at >= :start AND p.pushed_at < :end
                  AND p.enterprise_id IN (
                      SELECT e.enterprise_id FROM match_result e WHERE e.offer_kind = :kind
                      AND e.offer_id = :offer_id AND e.status = 'eligible')
                GROUP BY p.enterprise_id
            )
            SELECT r.enterprise_id, r.offer_kind, r.offer_id, :title, r.status, r.score, 'new',
                   'push', :now
            FROM match_result r
            LEFT JOIN today t ON t.enterprise_id = r.enterprise_id
            LEFT JOIN reached d ON d.enterprise_id = r.enterprise_id
            WHERE r.offer_kind = :kind AND r.offer_id = :offer_id AND r.status = 'eligible'
              AND d.enterprise_id IS NULL AND coalesce(t.n, 0) < :cap
            """
        ),
        {
            "title": offer.title[:300],
            "now": utcnow(),
            "kind": kind,
            "offer_id": offer_id,
            "start": start,
            "end": end,
            "cap": cap,
        },
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def rank_for_push(frame: pd.DataFrame) -> pd.DataFrame:
    """Each firm's items in push order (`rank` from 0): eligible before near-miss, best score
    first, policies first among equals, newer offers first."""
    near = (frame["status"] == "near_miss").astype(float)
    frame = frame.assign(
        kind_order=frame["kind"].map(KIND_ORDER).fillna(9),
        priority=frame["score"]
        + frame["kind"].map(KIND_WEIGHT).fillna(0.0)
        - NEAR_MISS_PENALTY * near,
    )
    frame = frame.sort_values(
        ["enterprise_id", "priority", "kind_order", "offer_id"],
        ascending=[True, False, True, False],
    )
    return frame.assign(rank=frame.groupby("enterprise_id").cumcount())


def _titles(chosen: pd.DataFrame) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for kind, group in chosen.groupby("kind"):
        ids = sorted({int(i) for i in group["offer_id"]})
        for offer in registry.load_offers(str(kind), ids):
            out[(offer.kind, offer.id)] = offer.title
    return out


# --- state changes -------------------------------------------------------------------------


def mark_seen(pushes: list[Push], now: datetime | None = None) -> int:
    """The firm opened its inbox: every new item shown there is now seen."""
    now = now or utcnow()
    ids = [p.id for p in pushes if p.state == "new"]
    if ids:
        db.session.execute(update(Push).where(Push.id.in_(ids)).values(state="seen", seen_at=now))
        for p in pushes:
            if p.id in ids:
                p.state, p.seen_at = "seen", now
    return len(ids)


def mark_clicked(push: Push, now: datetime | None = None) -> None:
    """The firm opened the item itself."""
    now = now or utcnow()
    if push.state in ("new", "seen"):
        push.seen_at = push.seen_at or now
        push.clicked_at = now
        push.state = "clicked"


def apply(
    enterprise_id: int,
    offer: registry.Offer,
    status: str | None,
    now: datetime | None = None,
) -> Push:
    """One click: the firm applies for (or says it is interested in) the offer."""
    now = now or utcnow()
    push = db.session.scalar(
        select(Push).where(
            Push.enterprise_id == enterprise_id,
            Push.offer_kind == offer.kind,
            Push.offer_id == offer.id,
        )
    )
    if push is None:
        push = Push(
            enterprise_id=enterprise_id,
            offer_kind=offer.kind,
            offer_id=offer.id,
            title=offer.title[:300],
            status=status or "near_miss",
            score=0.0,
            channel="search",
            pushed_at=now,
            seen_at=now,
            clicked_at=now,
            state="applied",
            applied_at=now,
        )
        db.session.add(push)
        db.session.flush()
        return push
    if push.state in ("applied", "granted"):
        raise PushError(translate("已经申报过了"))
    push.seen_at = push.seen_at or now
    push.clicked_at = push.clicked_at or now
    push.applied_at = now
    push.state = "applied"
    push.dismissed_at = None
    push.dismissed_reason = None
    return push


def grant(push: Push, amount: float | None, now: datetime | None = None) -> None:
    """An official records that the firm received the benefit."""
    if push.state not in ACTIVE_STATES:
        raise PushError(
            translate(
                "状态为“{state}”的推送不能兑现",
                state=translate(STATE_LABELS.get(push.state, push.state)),
            )
        )
    if amount is not None and amount < 0:
        raise PushError(translate("兑现金额不能为负数"))
    push.state = "granted"
    push.granted_at = now or utcnow()
    push.granted_amount = amount


def dismiss(push: Push, reason: str, now: datetime | None = None) -> None:
    """The firm does not want this item; it leaves the inbox for good, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise PushError(translate("请说明忽略的原因"))
    if push.state not in ("new", "seen", "clicked"):
        raise PushError(
            translate(
                "状态为“{state}”的推送不能忽略",
                state=translate(STATE_LABELS.get(push.state, push.state)),
            )
        )
    push.state = "dismissed"
    push.dismissed_at = now or utcnow()
    push.dismissed_reason = reason[:500]
