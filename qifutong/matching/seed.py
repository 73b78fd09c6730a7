"""Demo street: tag every firm, run the full match, and give the inboxes a week of history.

The history is the platform "having run" for the last five days: each day every firm received
up to its daily cap of the best waiting items, and firms then saw, opened, applied for or
dismissed some of them (older items further along), and officials granted some applications.
Today's cap stays free, so what an official publishes today reaches firms at once. Which item
moves how far is decided by a hash of its key, so the demo street is the same on every load."""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta
from typing import Any, cast

import pandas as pd
from flask import current_app
from sqlalchemy import Table, bindparam, func, select, update

from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.inbox.pushes import DISMISS_REASONS, deliver, rank_for_push
from qifutong.matching import registry
from qifutong.matching.models import MatchResult
from qifutong.matching.services import full_match
from qifutong.matching.tagging import tag_firms
from qifutong.seeding import SeedContext
from qifutong.timeutil import to_utc

HISTORY_DAYS = 5


def _share(*key: Any) -> float:
    """A stable number in [0, 1) for a key."""
    return zlib.crc32(":".join(map(str, key)).encode()) % 10_000 / 10_000


def load_matches(ctx: SeedContext) -> dict[str, int]:
    if db.session.scalar(select(func.count()).select_from(Push)) or db.session.scalar(
        select(func.count()).select_from(MatchResult)
    ):
        return {"tags": 0, "match_results": 0, "pushes": 0}
    tags = tag_firms(None, ctx.today)
    summary = full_match(ctx.today)
    # Day by day the best waiting items go first, so one delivery of a week's worth, stamped
    # day by day in push order, is the same as delivering every morning.
    cap = int(current_app.config["QIFUTONG_PUSH_DAILY_CAP"])
    days = [ctx.today - timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1)]
    stamps = [to_utc(datetime.combine(d, time(9, 0))) for d in days]
    pushed = deliver(days[0], now=stamps[0], cap=cap * HISTORY_DAYS)
    _stamp_days(stamps, cap)
    _simulate_history(ctx)
    return {
        "tags": tags,
        "match_results": summary.eligible + summary.near_miss,
        "pushes": pushed,
    }


def _stamp_days(stamps: list[datetime], cap: int) -> None:
    rows = db.session.execute(
        select(Push.id, Push.enterprise_id, Push.offer_kind, Push.offer_id, Push.score, Push.status)
    ).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["id", "enterprise_id", "kind", "offer_id", "score", "status"],
    )
    frame = rank_for_push(frame)
    day = (frame["rank"] // cap).clip(upper=len(stamps) - 1)
    changes = [
        {"b_id": int(i), "pushed_at": stamps[int(d)]} for i, d in zip(frame["id"], day, strict=True)
    ]
    if changes:
        table = cast(Table, Push.__table__)
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(pushed_at=bindparam("pushed_at")),
            changes,
        )


def _simulate_history(ctx: SeedContext) -> None:
    amounts = {
        (o.kind, o.id): o.amount for o in registry.load_offers("policy") if o.amount is not None
    }
    rows = db.session.execute(
        select(Push.id, Push.enterprise_id, Push.offer_kind, Push.offer_id, Push.pushed_at)
    ).all()
    newest = max((r.pushed_at for r in rows), default=None)
    changes = []
    for pid, eid, kind, oid, pushed_at in rows:
        age = 1 + (newest - pushed_at).days if newest else 1  # 1 = yesterday
        roll = _share(eid, kind, oid)
        seen_p = 0.25 + 0.09 * age  # yesterday's mostly still new
        if roll >= seen_p:
            continue
        step = roll / seen_p  # uniform again within the firms that looked
        at = pushed_at + timedelta(hours=2 + 20 * step)
        change: dict[str, Any] = {"b_id": pid, "state": "seen", "seen_at": at}
        if step < 0.06:
            change.update(
                state="dismissed",
                dismissed_at=at,
                dismissed_reason=DISMISS_REASONS[int(_share(pid) * len(DISMISS_REASONS))],
            )
        elif step < 0.55:
            change.update(state="clicked", clicked_at=at + timedelta(minutes=3))
            if step < 0.3 and kind != "activity":
                change.update(state="applied", applied_at=at + timedelta(minutes=20))
                if step < 0.14 and kind == "policy" and age >= 3:
                    top = amounts.get((kind, oid))
                    amount = (
                        None if top is None else round(top * (0.2 + 0.8 * _share(oid, eid)), -2)
                    )
                    change.update(
                        state="granted", granted_at=at + timedelta(days=2), granted_amount=amount
                    )
        changes.append(change)
    columns = (
        "state",
        "seen_at",
        "clicked_at",
        "applied_at",
        "granted_at",
        "granted_amount",
        "dismissed_at",
        "dismissed_reason",
    )
    for c in changes:
        for col in columns:
            c.setdefault(col, None)
    if changes:
        stmt = (
            update(cast(Table, Push.__table__))
            .where(cast(Table, Push.__table__).c.id == bindparam("b_id"))
            .values({col: bindparam(col) for col in columns})
        )
        db.session.execute(stmt, changes)
