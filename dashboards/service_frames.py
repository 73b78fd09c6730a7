"""The service figures' grouped queries: demands, visits and pushes in the period, and the
imported district statistics."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select

from dashboards.frames import E, between, firm_conditions
from dashboards.models import MacroStatistic
from dashboards.period import Filters
from dashboards.reading import read_frame
from policies.applications.models import Application
from qifutong.demands.models import Demand
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.inbox.models import Push
from qifutong.visits.models import Visit


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, datetime.min.time()), datetime.combine(
        last + timedelta(days=1), datetime.min.time()
    )


def _firm_join_conditions(filters: Filters, scope: frozenset[int] | None) -> list[Any]:
    """Conditions on a record's firm, as an EXISTS-free join filter."""
    return firm_conditions(filters, scope)


def demand_stats(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> dict[str, Any]:
    lo, hi = day_bounds(first, last)
    received = and_(Demand.created_at >= lo, Demand.created_at < hi)
    closed = and_(Demand.closed_at.is_not(None), Demand.closed_at >= lo, Demand.closed_at < hi)
    on_time = and_(closed, or_(Demand.due_at.is_(None), Demand.closed_at <= Demand.due_at))
    rated = and_(closed, Demand.rating.is_not(None))
    stmt = select(
        func.count(case((received, 1))).label("received"),
        func.count(case((closed, 1))).label("closed"),
        func.count(case((on_time, 1))).label("on_time"),
        func.count(case((rated, 1))).label("rated"),
        func.count(case((and_(rated, Demand.rating >= 4), 1))).label("satisfied"),
        func.avg(case((rated, Demand.rating))).label("avg_rating"),
        func.count().label("all_time"),
    ).select_from(Demand)
    conds = _firm_join_conditions(filters, scope)
    if conds:
        stmt = stmt.join(E, E.id == Demand.enterprise_id).where(*conds)
    row = db.session.execute(stmt).one()._asdict()
    return {k: (float(v) if k == "avg_rating" and v is not None else v) for k, v in row.items()}


def visit_stats(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> dict[str, Any]:
    """Visits in the period by month, and the key firms (A/B/C) visited at least once."""
    in_period = between(Visit.visited_on, first, last)
    conds = firm_conditions(filters, scope)
    base = select(Visit.visited_on).where(in_period)
    if conds:
        base = base.join(E, E.id == Visit.enterprise_id).where(*conds)
    visits = read_frame(base)
    key = and_(E.is_active, E.operates_here.is_(True), E.is_key_firm, *conds)
    key_total = db.session.scalar(select(func.count()).select_from(E).where(key))
    key_visited = db.session.scalar(
        select(func.count(distinct(Visit.enterprise_id)))
        .join(E, E.id == Visit.enterprise_id)
        .where(in_period, key)
    )
    months = pd.to_datetime(visits["visited_on"]).dt.to_period("M").astype(str)
    return {
        "count": len(visits),
        "by_month": months.value_counts().sort_index().to_dict(),
        "key_total": int(key_total or 0),
        "key_visited": int(key_visited or 0),
    }


PUSH_STAGES = ("pushed", "seen", "clicked", "applied", "granted")
_RANK = {"new": 0, "seen": 1, "clicked": 2, "applied": 3, "granted": 4}


def push_stage_condition(stage: str) -> ColumnElement[bool]:
    """A push reached `stage` when its state is that far along or the stage's time is set."""
    if stage == "pushed":
        return Push.id.is_not(None)
    reached = [s for s, r in _RANK.items() if r >= _RANK[stage]]
    stamp = getattr(Push, f"{stage}_at")
    return or_(Push.state.in_(reached), stamp.is_not(None))


def push_stats(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> dict[str, Any]:
    """Pushes made in the period (one query): how many reached each stage; for policies, the
    firms reached at each stage and the amount granted."""
    lo, hi = day_bounds(first, last)
    policy = Push.offer_kind == "policy"
    cols: list[Any] = [
        func.count().filter(push_stage_condition(stage)).label(stage) for stage in PUSH_STAGES
    ]
    for stage in ("pushed", "applied", "granted"):
        reached = and_(policy, push_stage_condition(stage))
        cols.append(
            func.count(distinct(Push.enterprise_id)).filter(reached).label(f"policy_{stage}")
        )
    cols.append(
        func.sum(Push.granted_amount)
        .filter(and_(policy, push_stage_condition("granted")))
        .label("amount")
    )
    stmt = select(*cols).select_from(Push).where(Push.pushed_at >= lo, Push.pushed_at < hi)
    return _counts_row(stmt, Push.enterprise_id, Push.id, filters, scope)


def _counts_row(
    stmt: Any, firm_id: Any, row_id: Any, filters: Filters, scope: frozenset[int] | None
) -> dict[str, Any]:
    """One row of counts and an `amount` over records of the filtered firms, and whether any
    record exists at all (`ever`)."""
    fconds = firm_conditions(filters, scope)
    if fconds:
        stmt = stmt.join(E, E.id == firm_id).where(*fconds)
    row: dict[str, Any] = db.session.execute(stmt).one()._asdict()
    row["amount"] = float(row["amount"]) if row["amount"] is not None else 0.0
    row["ever"] = db.session.scalar(select(row_id).limit(1)) is not None
    return row


def application_stats(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> dict[str, Any]:
    """Policy applications in the period (one query): the firms that applied (an application
    made in the period), the firms paid and the amount paid in the period (applications paid
    and 免申即享 payouts)."""
    lo, hi = day_bounds(first, last)
    policy = Application.offer_kind == "policy"
    applied = and_(
        policy, Application.channel == "apply", Application.created_at >= lo,
        Application.created_at < hi,
    )  # fmt: skip
    paid = and_(
        policy, Application.state == "paid", Application.paid_on >= first,
        Application.paid_on <= last,
    )  # fmt: skip
    firm = Application.enterprise_id
    stmt = select(
        func.count(distinct(firm)).filter(applied).label("applied"),
        func.count(distinct(firm)).filter(paid).label("paid"),
        func.sum(Application.amount_paid).filter(paid).label("amount"),
    ).select_from(Application)
    return _counts_row(stmt, Application.enterprise_id, Application.id, filters, scope)


def macro_frame(upto: date) -> pd.DataFrame:
    stmt = (
        select(
            MacroStatistic.id,
            MacroStatistic.key,
            MacroStatistic.period,
            MacroStatistic.value,
            MacroStatistic.unit,
            MacroStatistic.source,
            ImportBatch.file_name,
        )
        .outerjoin(ImportBatch, ImportBatch.id == MacroStatistic.batch_id)
        .where(MacroStatistic.period <= upto)
        .order_by(MacroStatistic.key, MacroStatistic.period)
    )
    df = read_frame(stmt)
    df["period"] = pd.to_datetime(df["period"])
    return df
