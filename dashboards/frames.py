"""The few grouped queries the whole cockpit is computed from, as pandas DataFrames.

Each loader pushes the filters (building, industry) and the caller's building scope into SQL
and aggregates in the database where the rows are many (economic records, pushes, demands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import (
    Boolean,
    ColumnElement,
    String,
    Text,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
)

from buildings.models import Building, Lease, Unit
from dashboards.models import MacroStatistic
from dashboards.period import Filters, add_months
from qifutong.demands.models import Demand, Visit
from qifutong.enterprises.models import EconomicRecord, Enterprise, ImportBatch
from qifutong.extensions import db
from qifutong.matching.models import Push

E, R = Enterprise, EconomicRecord


@dataclass(frozen=True)
class EconWindows:
    """Month ranges of the economic records: the period (up to the latest month with data),
    the same months a year earlier, and the twelve months ending with the latest month."""

    cur_start: date
    cur_end: date

    @property
    def prev_start(self) -> date:
        return add_months(self.cur_start, -12)

    @property
    def prev_end(self) -> date:
        return add_months(self.cur_end, -12)

    @property
    def t12_start(self) -> date:
        return add_months(self.cur_end, -11)


def _frame(stmt: Any) -> pd.DataFrame:
    result = db.session.execute(stmt)
    keys = list(result.keys())
    # Plain tuples build a DataFrame several times faster than Row objects.
    return pd.DataFrame([tuple(r) for r in result], columns=keys)


def _raw_frame(stmt: Any) -> pd.DataFrame:
    """The rows of a large read straight from the driver, in the session's transaction: no
    per-row ORM processing (SQLite hands back dates as ISO text and flags as 0/1)."""
    conn = db.session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if conn.dialect.name == "sqlite":
        params: Any = [
            v.isoformat() if isinstance(v, date) else v
            for v in (compiled.params[k] for k in compiled.positiontup or ())
        ]
    else:
        params = compiled.params
    cursor.execute(str(compiled), params)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    cursor.close()
    return pd.DataFrame(rows, columns=columns)


def qualification_flag(code: str) -> ColumnElement[bool]:
    """Whether a firm holds a qualification: JSONB's ? on PostgreSQL, a text match elsewhere."""
    if db.session.get_bind().dialect.name == "postgresql":
        return E.qualifications.op("?", return_type=Boolean)(literal(code, String))
    return cast(E.qualifications, Text).like(f'%"{code}"%')


def firm_conditions(filters: Filters, scope: frozenset[int] | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if filters.building_id:
        conds.append(E.building_id == filters.building_id)
    if filters.section:
        conds.append(E.industry_section == filters.section)
    if scope is not None:
        conds.append(E.building_id.in_(scope or {-1}))
    return conds


def building_conditions(
    filters: Filters, scope: frozenset[int] | None
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if filters.building_id:
        conds.append(Building.id == filters.building_id)
    if scope is not None:
        conds.append(Building.id.in_(scope or {-1}))
    return conds


def latest_record_month(upto: date) -> date | None:
    """The latest month with economic records, not after `upto`."""
    found = db.session.scalar(select(func.max(R.period)).where(R.period <= upto))
    if isinstance(found, str):  # SQLite may hand back the ISO text for an aggregate
        found = date.fromisoformat(found[:10])
    return found


def _between(col: Any, a: date, b: date) -> ColumnElement[bool]:
    return and_(col >= a, col <= b)


QUALIFICATION_FLAGS = ("hightech", "specialised", "little_giant", "listed", "pre_ipo")


def firm_frame(
    filters: Filters,
    scope: frozenset[int] | None,
    windows: EconWindows | None,
    with_names: bool = False,
) -> pd.DataFrame:
    """One row per firm: its flags and place, and its tax, local tax and revenue summed over the
    period, the same months last year and the last twelve months (one grouped query)."""
    quals = cast(E.qualifications, Text)
    cols: list[Any] = [
        E.id,
        E.status,
        E.operates_here,
        E.registered_here,
        E.tax_here,
        E.above_scale,
        E.building_id,
        E.industry_section.label("section"),
        E.size_class,
        E.grade,
        E.tier,
        E.moved_in_on,
        E.moved_out_on,
        E.headcount,
        *[qualification_flag(q).label(f"q_{q}") for q in QUALIFICATION_FLAGS],
    ]
    if with_names:
        cols += [E.name, E.uscc, E.industry_code, quals.label("quals")]
    stmt = select(*cols).where(*firm_conditions(filters, scope))
    figures = ["tax_cur", "tax_prev", "rev_cur", "tax_t12", "head_end"]
    if with_names:  # the records show more of each firm's figures
        figures += ["local_cur", "rev_prev"]
    if windows is not None:
        w = windows
        cur = _between(R.period, w.cur_start, w.cur_end)
        prev = _between(R.period, w.prev_start, w.prev_end)
        sums: dict[str, Any] = {
            "tax_cur": func.sum(R.tax_total).filter(cur),
            "tax_prev": func.sum(R.tax_total).filter(prev),
            "rev_cur": func.sum(R.revenue).filter(cur),
            "tax_t12": func.sum(R.tax_total).filter(R.period >= w.t12_start),
            "head_end": func.sum(R.headcount).filter(R.period == w.cur_end),
            "local_cur": func.sum(R.tax_local).filter(cur),
            "rev_prev": func.sum(R.revenue).filter(prev),
        }
        agg = (
            select(R.enterprise_id.label("eid"), *[sums[f].label(f) for f in figures])
            .where(R.period >= min(w.prev_start, w.t12_start), R.period <= w.cur_end)
            .group_by(R.enterprise_id)
            .subquery()
        )
        stmt = stmt.outerjoin(agg, agg.c.eid == E.id).add_columns(*[agg.c[f] for f in figures])
    df = _raw_frame(stmt)
    for m in figures:
        df[m] = pd.to_numeric(df[m], errors="coerce") if m in df else float("nan")
    for flag in ("operates_here", "registered_here", "tax_here"):
        df[flag] = df[flag].astype("boolean")
    for flag in ("above_scale", *[f"q_{q}" for q in QUALIFICATION_FLAGS]):
        df[flag] = df[flag].fillna(False).astype(bool)
    if "quals" in df:
        df["quals"] = df["quals"].fillna("")
    for d in ("moved_in_on", "moved_out_on"):
        df[d] = pd.to_datetime(df[d], errors="coerce")
    df["headcount"] = pd.to_numeric(df["headcount"], errors="coerce")
    # The masks every indicator starts from, worked out once.
    df["is_operating"] = (df["status"] == "active") & df["operates_here"].fillna(False).astype(bool)
    df["is_tax_here"] = df["tax_here"].fillna(False).astype(bool)
    return df


def monthly_frame(
    filters: Filters, scope: frozenset[int] | None, start: date, end: date
) -> pd.DataFrame:
    """Per month: tax and local tax of tax-here firms, revenue of firms operating here."""
    taxed = E.tax_here.is_(True)
    operating = E.operates_here.is_(True)
    stmt = (
        select(
            R.period,
            func.sum(R.tax_total).filter(taxed).label("tax"),
            func.sum(R.tax_local).filter(taxed).label("local"),
            func.sum(R.revenue).filter(operating).label("revenue"),
        )
        .join(E, E.id == R.enterprise_id)
        .where(R.period >= start, R.period <= end, *firm_conditions(filters, scope))
        .group_by(R.period)
    )
    df = _raw_frame(stmt)
    df["period"] = pd.to_datetime(df["period"])
    for c in ("tax", "local", "revenue"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def building_frame(filters: Filters, scope: frozenset[int] | None) -> pd.DataFrame:
    """Buildings in view with the leased and leaving area and rent of their active leases."""
    active = Lease.status == "active"
    leases = (
        select(
            Unit.building_id.label("bid"),
            func.sum(case((active, Lease.area))).label("leased"),
            func.sum(case((and_(active, Lease.intent == "leave"), Lease.area))).label("leaving"),
            func.sum(case((and_(active, Lease.rent_per_m2_day.is_not(None)), Lease.area))).label(
                "rent_area"
            ),
            func.sum(case((active, Lease.rent_per_m2_day * Lease.area))).label("rent_x_area"),
            func.count(case((active, 1))).label("active_leases"),
        )
        .join(Unit, Unit.id == Lease.unit_id)
        .group_by(Unit.building_id)
        .subquery()
    )
    stmt = (
        select(
            Building.id,
            Building.code,
            Building.name,
            Building.type,
            Building.lat,
            Building.lon,
            Building.leasable_area,
            leases.c.leased,
            leases.c.leaving,
            leases.c.rent_area,
            leases.c.rent_x_area,
            leases.c.active_leases,
        )
        .outerjoin(leases, leases.c.bid == Building.id)
        .where(*building_conditions(filters, scope))
        .order_by(Building.code)
    )
    df = _frame(stmt)
    for c in ("leasable_area", "leased", "leaving", "rent_area", "rent_x_area", "active_leases"):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0.0)
    return df


LEASE_COLUMNS = (
    Lease.id,
    Lease.code,
    Unit.building_id,
    Building.name.label("building"),
    Unit.floor,
    Unit.room,
    Lease.unit_id,
    Lease.enterprise_id,
    Lease.tenant_name,
    Lease.start_on,
    Lease.end_on,
    Lease.area,
    Lease.rent_per_m2_day,
    Lease.status,
    Lease.intent,
    Lease.renewed_from_id,
    Lease.closed_on,
)


def lease_frame(
    filters: Filters, scope: frozenset[int] | None, *where: ColumnElement[bool]
) -> pd.DataFrame:
    stmt = (
        select(*LEASE_COLUMNS)
        .join(Unit, Unit.id == Lease.unit_id)
        .join(Building, Building.id == Unit.building_id)
        .where(*building_conditions(filters, scope), *where)
    )
    df = _raw_frame(stmt)
    for d in ("start_on", "end_on", "closed_on"):
        df[d] = pd.to_datetime(df[d], errors="coerce")
    return df


def expiring_lease_frame(
    filters: Filters, scope: frozenset[int] | None, today: date, horizon_days: int
) -> pd.DataFrame:
    """Open leases ending within the warning horizon, or already past their end."""
    return lease_frame(
        filters,
        scope,
        Lease.status == "active",
        Lease.end_on <= today + timedelta(days=horizon_days),
    )


def lease_flow_frame(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> pd.DataFrame:
    """Leases that began or ended in the period, and the renewed contracts just before them
    (a contract signed within a month of a renewed one continues it)."""
    ended_on = func.coalesce(Lease.closed_on, Lease.end_on)
    return lease_frame(
        filters,
        scope,
        or_(
            _between(Lease.start_on, first, last),
            _between(ended_on, first, last),
            and_(
                Lease.status == "renewed", _between(Lease.end_on, first - timedelta(days=31), last)
            ),
        ),
    )


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, datetime.min.time()), datetime.combine(
        last + timedelta(days=1), datetime.min.time()
    )


def _firm_join_conditions(filters: Filters, scope: frozenset[int] | None) -> list[Any]:
    """Conditions on a record's firm, as an EXISTS-free join filter."""
    return firm_conditions(filters, scope)


def demand_stats(
    filters: Filters, scope: frozenset[int] | None, first: date, last: date
) -> dict[str, Any]:
    lo, hi = _day_bounds(first, last)
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
    in_period = _between(Visit.visited_on, first, last)
    conds = firm_conditions(filters, scope)
    base = select(Visit.visited_on).where(in_period)
    if conds:
        base = base.join(E, E.id == Visit.enterprise_id).where(*conds)
    visits = _frame(base)
    key = and_(
        E.status == "active", E.operates_here.is_(True), E.grade.in_(("A", "B", "C")), *conds
    )
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
    lo, hi = _day_bounds(first, last)
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
    fconds = firm_conditions(filters, scope)
    if fconds:
        stmt = stmt.join(E, E.id == Push.enterprise_id).where(*fconds)
    row = db.session.execute(stmt).one()._asdict()
    row["amount"] = float(row["amount"]) if row["amount"] is not None else 0.0
    row["ever"] = db.session.scalar(select(Push.id).limit(1)) is not None
    return row


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
    df = _frame(stmt)
    df["period"] = pd.to_datetime(df["period"])
    return df


def firm_names(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(E.id, E.name).where(E.id.in_(ids))).all())
