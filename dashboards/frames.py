"""The few grouped queries the whole cockpit is computed from, as pandas DataFrames.

Each loader pushes the filters (building, industry) and the caller's building scope into SQL
and aggregates in the database where the rows are many (economic records, pushes, demands)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Boolean,
    ColumnElement,
    String,
    Text,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.sql.elements import SQLCoreOperations

from buildings.models import Building, Lease, Unit
from buildings.occupancy import leasable_area, units_area
from buildings.warnings import window_end
from dashboards.aggregates import MONTHLY, is_fresh
from dashboards.period import Filters, add_months
from dashboards.reading import read_frame, read_packed_frame, read_raw_frame
from qifutong.enterprises.models import EconomicRecord, Enterprise
from qifutong.extensions import db

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


def between(col: Any, a: date, b: date) -> ColumnElement[bool]:
    return and_(col >= a, col <= b)


QUALIFICATION_FLAGS = ("hightech", "specialised", "little_giant", "listed", "pre_ipo")
# A firm's yes/no flags travel as the bits of one number (a field of text costs the server and
# pandas more than a flag's worth): those that may be unknown take two bits (yes, no).
UNKNOWN_FLAGS = ("operates_here", "registered_here", "tax_here")
BINARY_FLAGS = ("is_active", "above_scale", *[f"q_{q}" for q in QUALIFICATION_FLAGS])


def _flag_bits() -> Any:
    conds: list[Any] = []
    for name in UNKNOWN_FLAGS:
        column = getattr(E, name)
        conds += [column.is_(True), column.is_(False)]
    conds += [
        E.is_active,
        E.above_scale.is_(True),
        *[qualification_flag(q) for q in QUALIFICATION_FLAGS],
    ]
    terms = [case((cond, 1 << bit), else_=0) for bit, cond in enumerate(conds)]
    total: Any = terms[0]
    for term in terms[1:]:
        total = total + term
    return total.label("flags")


def _unpack_flags(df: pd.DataFrame) -> None:
    """The flags of _flag_bits as columns: True/False/NA for the unknown-able ones, else bool."""
    bits = df.pop("flags").to_numpy(dtype=np.int64)
    for i, name in enumerate(UNKNOWN_FLAGS):
        yes, no = (bits >> (2 * i)) & 1 == 1, (bits >> (2 * i + 1)) & 1 == 1
        df[name] = pd.arrays.BooleanArray(yes, ~(yes | no))
    for i, name in enumerate(BINARY_FLAGS, start=2 * len(UNKNOWN_FLAGS)):
        df[name] = (bits >> i) & 1 == 1


FIRM_FIGURES = ("tax_cur", "tax_prev", "rev_cur", "tax_t12", "head_end")


def firm_figures(
    filters: Filters, scope: frozenset[int] | None, windows: EconWindows | None
) -> pd.DataFrame | None:
    """Each firm's figures (eid, then FIRM_FIGURES), read on their own: the cockpit reads them
    beside the firms themselves, each on a connection of its own, and firm_frame joins them."""
    if windows is None:
        return None
    agg = _figure_sums(windows, list(FIRM_FIGURES))
    stmt = select(agg)
    conds = firm_conditions(filters, scope)
    if conds:
        stmt = stmt.join(E, E.id == agg.c.eid).where(*conds)
    return read_packed_frame(stmt)


def firm_frame(
    filters: Filters,
    scope: frozenset[int] | None,
    windows: EconWindows | None,
    with_names: bool = False,
    figures: pd.DataFrame | Callable[[], pd.DataFrame | None] | None = None,
) -> pd.DataFrame:
    """One row per firm: its flags and place, and its figures over the period, the same months
    last year and the last twelve months (one grouped query, one pass over the records), or
    those of `figures` (firm_figures) joined to the firms by id. Given as a callable, the
    figures are asked for once the firms are read, so that both reads run side by side."""
    quals = cast(E.qualifications, Text)
    cols: list[Any] = [
        E.id,
        _flag_bits(),
        E.building_id,
        E.industry_section.label("section"),
        E.size_class,
        E.grade,
        E.tier,
        E.moved_in_on,
        E.moved_out_on,
        E.headcount,
    ]
    if with_names:
        cols += [E.name, E.uscc, E.industry_code, quals.label("quals")]
    stmt = select(*cols).where(*firm_conditions(filters, scope))
    names = list(FIRM_FIGURES)
    if with_names:  # the records show more of each firm's figures
        names += ["local_cur", "rev_prev"]
    if windows is not None and figures is None:
        agg = _figure_sums(windows, names)
        stmt = stmt.outerjoin(agg, agg.c.eid == E.id).add_columns(*[agg.c[f] for f in names])
    df = read_packed_frame(stmt) if not with_names else read_raw_frame(stmt)
    if callable(figures):
        figures = figures()
    if figures is not None:
        figures = figures.astype({"eid": "int64"})  # an empty read has no type of its own
        df = df.merge(figures, how="left", left_on="id", right_on="eid").drop(columns="eid")
    for m in names:
        df[m] = pd.to_numeric(df[m], errors="coerce") if m in df else float("nan")
    _unpack_flags(df)
    if "quals" in df:
        df["quals"] = df["quals"].fillna("")
    for d in ("moved_in_on", "moved_out_on"):
        df[d] = pd.to_datetime(df[d], errors="coerce")
    df["headcount"] = pd.to_numeric(df["headcount"], errors="coerce")
    # The masks every indicator starts from, worked out once.
    df["is_operating"] = df["is_active"] & df["operates_here"].fillna(False).astype(bool)
    df["is_tax_here"] = df["tax_here"].fillna(False).astype(bool)
    return df


def _figure_sums(w: EconWindows, figures: list[str]) -> Any:
    """The firms' figures from the running totals while they are fresh, else the records."""
    return _running_sums(w, figures) if is_fresh() else _record_sums(w, figures)


def _record_sums(w: EconWindows, figures: list[str]) -> Any:
    """The firms' figures summed from the records themselves (one grouped pass)."""
    cur = between(R.period, w.cur_start, w.cur_end)
    prev = between(R.period, w.prev_start, w.prev_end)
    sums: dict[str, Any] = {
        "tax_cur": func.sum(R.tax_total).filter(cur),
        "tax_prev": func.sum(R.tax_total).filter(prev),
        "rev_cur": func.sum(R.revenue).filter(cur),
        "tax_t12": func.sum(R.tax_total).filter(R.period >= w.t12_start),
        "head_end": func.sum(R.headcount).filter(R.period == w.cur_end),
        "local_cur": func.sum(R.tax_local).filter(cur),
        "rev_prev": func.sum(R.revenue).filter(prev),
    }
    return (
        select(R.enterprise_id.label("eid"), *[sums[f].label(f) for f in figures])
        .where(R.period >= min(w.prev_start, w.t12_start), R.period <= w.cur_end)
        .group_by(R.enterprise_id)
        .subquery()
    )


# Each figure: (running total, and whether its window is the period's months a year earlier,
# or the twelve months up to the period's last month).
_WINDOWS = {
    "tax_cur": ("tax", "period"),
    "tax_prev": ("tax", "last_year"),
    "rev_cur": ("revenue", "period"),
    "tax_t12": ("tax", "twelve"),
    "local_cur": ("local", "period"),
    "rev_prev": ("revenue", "last_year"),
}


def _running_sums(w: EconWindows, figures: list[str]) -> Any:
    """The same figures as differences of two months' running totals per firm (dashboards.
    aggregates): the period's last month and the month before its first, each row carrying
    the totals of a year earlier too (so last year's window and the twelve months come from the
    same two rows). A firm's rows run from its first month to the street's latest, so one
    without a row in the last month has no records up to it, and one without a row before the
    period's first month had none before it."""
    from sqlalchemy.orm import aliased

    from dashboards.models import FirmMonth

    end = aliased(FirmMonth, name="fm_end")
    before = (
        select(FirmMonth)
        .where(FirmMonth.period == add_months(w.cur_start, -1))
        .subquery("fm_before")
    )
    stmt = (
        select(end.enterprise_id.label("eid"))
        .outerjoin(before, before.c.enterprise_id == end.enterprise_id)
        .where(end.period == w.cur_end)
    )

    def diff(upper: Any, lower: Any, column: str) -> Any:
        seen = upper("records") - lower("records")
        return case((seen > 0, upper(column) - lower(column)))

    def at_end(name: str) -> Any:
        return getattr(end, name)

    def at_end_ly(name: str) -> Any:
        return getattr(end, f"{name}_ly")

    def before_start(name: str) -> Any:
        return func.coalesce(before.c[name], 0)

    def before_start_ly(name: str) -> Any:
        return func.coalesce(before.c[f"{name}_ly"], 0)

    bounds = {
        "period": (at_end, before_start),
        "last_year": (at_end_ly, before_start_ly),
        "twelve": (at_end, at_end_ly),
    }
    sums: dict[str, Any] = {"head_end": end.headcount}
    for name, (column, window) in _WINDOWS.items():
        sums[name] = diff(*bounds[window], column)
    return stmt.add_columns(*[sums[f].label(f) for f in figures]).subquery()


def monthly_frame(
    filters: Filters, scope: frozenset[int] | None, start: date, end: date
) -> pd.DataFrame:
    """Per month: tax and local tax of tax-here firms, revenue of firms operating here."""
    by_building = bool(filters.building_id) or scope is not None
    if not (by_building and filters.section) and is_fresh(MONTHLY):
        return _monthly_totals(filters, scope, start, end)
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
    df = read_raw_frame(stmt)
    df["period"] = pd.to_datetime(df["period"])
    for c in ("tax", "local", "revenue"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def _monthly_totals(
    filters: Filters, scope: frozenset[int] | None, start: date, end: date
) -> pd.DataFrame:
    """monthly_frame from the street's monthly totals (dashboards.aggregates): the street's,
    one building's or the user's buildings', or one industry section's."""
    from dashboards.models import MonthTotal as T

    conds: list[ColumnElement[bool]] = [T.grouping == "street"]
    if filters.building_id or scope is not None:
        conds = [T.grouping == "building"]
        if filters.building_id:
            conds.append(T.building_id == filters.building_id)
        if scope is not None:
            conds.append(T.building_id.in_(scope or {-1}))
    elif filters.section:
        conds = [T.grouping == "section", T.section == filters.section]
    stmt = (
        select(
            T.period,
            func.sum(T.tax).filter(T.tax_here.is_(True)).label("tax"),
            func.sum(T.local).filter(T.tax_here.is_(True)).label("local"),
            func.sum(T.revenue).filter(T.operates_here.is_(True)).label("revenue"),
        )
        .where(T.period >= start, T.period <= end, *conds)
        .group_by(T.period)
    )
    df = read_raw_frame(stmt)
    df["period"] = pd.to_datetime(df["period"])
    for c in ("tax", "local", "revenue"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def building_frame(filters: Filters, scope: frozenset[int] | None) -> pd.DataFrame:
    """Buildings in view with the leased and leaving area and rent of their active leases."""
    active = Lease.is_open
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
    units = units_area()
    stmt = (
        select(
            Building.id,
            Building.code,
            Building.name,
            Building.type,
            Building.lat,
            Building.lon,
            leasable_area(units).label("leasable_area"),
            leases.c.leased,
            leases.c.leaving,
            leases.c.rent_area,
            leases.c.rent_x_area,
            leases.c.active_leases,
        )
        .outerjoin(leases, leases.c.bid == Building.id)
        .outerjoin(units, units.c.building_id == Building.id)
        .where(*building_conditions(filters, scope))
        .order_by(Building.code)
    )
    df = read_frame(stmt)
    for c in ("leasable_area", "leased", "leaving", "rent_area", "rent_x_area", "active_leases"):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0.0)
    return df


LEASE_SQL_COLUMNS = (
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


# What the lease figures need; the records read all of LEASE_SQL_COLUMNS.
LEASE_FIGURE_COLUMNS = (
    Lease.id,
    Unit.building_id,
    Lease.unit_id,
    Lease.tenant_name,
    Lease.start_on,
    Lease.end_on,
    Lease.area,
    Lease.status,
    Lease.renewed_from_id,
    Lease.closed_on,
)


def lease_frame(
    filters: Filters,
    scope: frozenset[int] | None,
    *where: ColumnElement[bool] | SQLCoreOperations[bool],
    columns: tuple[Any, ...] = LEASE_SQL_COLUMNS,
) -> pd.DataFrame:
    stmt = (
        select(*columns)
        .join(Unit, Unit.id == Lease.unit_id)
        .join(Building, Building.id == Unit.building_id)
        .where(*building_conditions(filters, scope), *where)
    )
    df = read_packed_frame(stmt)
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
        Lease.is_open,
        Lease.end_on <= window_end(today, horizon_days),
    )


def lease_flow_frame(
    filters: Filters,
    scope: frozenset[int] | None,
    first: date,
    last: date,
    columns: tuple[Any, ...] = LEASE_FIGURE_COLUMNS,
) -> pd.DataFrame:
    """Leases that began or ended in the period, and the renewed contracts just before them
    (a contract signed within a month of a renewed one continues it)."""
    ended_on = func.coalesce(Lease.closed_on, Lease.end_on)
    return lease_frame(
        filters,
        scope,
        or_(
            between(Lease.start_on, first, last),
            between(ended_on, first, last),
            and_(
                Lease.status == "renewed", between(Lease.end_on, first - timedelta(days=31), last)
            ),
        ),
        columns=columns,
    )


def firm_names(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(E.id, E.name).where(E.id.in_(ids))).all())
