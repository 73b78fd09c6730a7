"""The records behind an indicator (下钻明细): the same masks as the figures, as a table that
can be sorted, paged and exported."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import and_, select

from buildings.models import INTENTS, LEASE_STATUSES, Lease
from buildings.warnings import LEVEL_LABELS
from dashboards import frames
from dashboards import populations as pop
from dashboards.calc_firms import headcounts, section_label
from dashboards.calc_space import building_table, warning_levels
from dashboards.columns import FLAG, PUSH_STATE_LABELS, Column
from dashboards.compute import Context
from dashboards.frames import LEASE_SQL_COLUMNS, E, EconWindows
from dashboards.indicator import Indicator
from dashboards.models import MacroStatistic
from dashboards.reading import read_frame
from dashboards.service_frames import day_bounds, push_stage_condition
from policies.applications.models import Application
from policies.applications.workflow import STATE_LABELS as APPLICATION_STATES
from qifutong.demands.models import Demand
from qifutong.demands.workflow import STATE_LABELS
from qifutong.enterprises.models import KEY_FIRM_GRADES
from qifutong.exports import append_row, new_workbook, workbook_bytes
from qifutong.imports.models import ImportBatch
from qifutong.inbox.models import Push
from qifutong.visits.models import Visit
from qifutong.web.i18n import N_
from qifutong.web.units import MoneyUnit, money_unit


def _flag(s: pd.Series) -> pd.Series:
    return s.map(lambda v: "未知" if pd.isna(v) else FLAG[bool(v)])


def _pct_change(cur: pd.Series, prev: pd.Series) -> pd.Series:
    return (cur - prev) / prev.where(prev != 0).abs() * 100.0


def firm_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    end = ctx.econ_end
    windows = EconWindows(ctx.period.start, end) if end else None
    df = frames.firm_frame(ctx.filters, ctx.scope, windows, with_names=True)
    df = df[pop.FIRM_POPULATIONS[population](df, ctx) & pop.firm_segment(df, ctx, segment)]
    names = dict(zip(ctx.frame("buildings")["id"], ctx.frame("buildings")["name"], strict=True))
    return pd.DataFrame(
        {
            "id": df["id"],
            "firm_id": df["id"],
            "name": df["name"],
            "uscc": df["uscc"].fillna(""),
            "industry": df["section"].map(section_label),
            "size": df["size_class"].map(lambda s: pop.SIZE_LABELS.get(s or "na", "—")),
            "building_id": df["building_id"],
            "building": df["building_id"].map(names).astype(object).fillna(""),
            "grade": df["grade"].fillna(""),
            "tier": df["tier"].map(lambda t: pop.TIERS.get(t, "") if t else ""),
            "registered": _flag(df["registered_here"]),
            "operates": _flag(df["operates_here"]),
            "taxhere": _flag(df["tax_here"]),
            "moved_in_on": df["moved_in_on"].dt.date,
            "moved_out_on": df["moved_out_on"].dt.date,
            "employees": headcounts(df),
            "tax_cur": df["tax_cur"],
            "tax_prev": df["tax_prev"],
            "tax_growth": _pct_change(df["tax_cur"], df["tax_prev"]),
            "local_cur": df["local_cur"],
            "rev_cur": df["rev_cur"],
            "rev_growth": _pct_change(df["rev_cur"], df["rev_prev"]),
            "tax_t12": df["tax_t12"],
        }
    )


def building_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    b = building_table(ctx).copy()
    if population == "taxed":
        b = b[b["tax"] > 0]
    elif population == "watch":
        s = ctx.settings
        b = b[b["tax_t12"] >= s.billion_tax * s.billion_watch]
    dim, _, value = segment.partition(":")
    if dim == "building":
        b = b[b["id"] == int(value)]
    elif dim == "type":
        b = b[b["type"].replace("", "未分类").fillna("未分类") == value]
    b["building_id"] = b["id"]
    if "main_section" in b:
        b["main_industry"] = b["main_section"].map(lambda s: section_label(s) if s else "")
    return b


def _lease_table(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    out = df.copy()
    out["unit"] = out["floor"].astype(str) + "层 " + out["room"].astype(str)
    out["days_left"] = (out["end_on"] - pd.Timestamp(ctx.today)).dt.days
    if "level" not in out:
        out["level"] = ""
    out["level"] = out["level"].map(lambda v: LEVEL_LABELS.get(v, "") if v else "")
    out["status_label"] = out["status"].map(lambda s: LEASE_STATUSES.get(s, s))
    out["intent_label"] = out["intent"].map(lambda s: INTENTS.get(s, s))
    for d in ("start_on", "end_on"):
        out[d] = out[d].dt.date
    if "flow" not in out:
        out["flow"] = ""
    out["firm_id"] = out["enterprise_id"]
    return out


def lease_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    dim, _, value = segment.partition(":")
    if population == "expiring":
        df = warning_levels(ctx)
        if dim == "level":
            df = df[df["level"] == value]
    elif population in ("flows", "ended"):
        df = frames.lease_flow_frame(ctx.filters, ctx.scope, *ctx.days, columns=LEASE_SQL_COLUMNS)
        masks = pop.lease_flow_masks(df, ctx)
        if population == "ended":
            masks = {k: m for k, m in masks.items() if k != "new"}
        df["flow"] = ""
        for k, m in masks.items():
            df.loc[m, "flow"] = pop.LEASE_FLOWS[k]
        keep = pd.Series(False, index=df.index)
        for k, m in masks.items():
            if dim != "flow" or value == k:
                keep |= m
        df = df[keep]
    else:
        where: list[Any] = [Lease.is_open]
        if population == "leaving":
            where.append(Lease.intent == "leave")
        df = frames.lease_frame(ctx.filters, ctx.scope, *where)
    if dim == "building":
        df = df[df["building_id"] == int(value)]
    return _lease_table(df, ctx)


def demand_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    first, last = ctx.days
    lo, hi = day_bounds(first, last)
    stage = segment.partition(":")[2] or "all"
    received = and_(Demand.created_at >= lo, Demand.created_at < hi)
    closed = and_(Demand.closed_at >= lo, Demand.closed_at < hi)
    cond = {
        "received": received,
        "closed": closed,
        "on_time": and_(closed, (Demand.due_at.is_(None)) | (Demand.closed_at <= Demand.due_at)),
        "satisfied": and_(closed, Demand.rating >= 4),
    }.get(stage, received | closed)
    stmt = (
        select(
            Demand.id,
            Demand.title,
            E.name.label("firm"),
            Demand.enterprise_id.label("firm_id"),
            Demand.category,
            Demand.state,
            Demand.created_at,
            Demand.due_at,
            Demand.closed_at,
            Demand.rating,
        )
        .outerjoin(E, E.id == Demand.enterprise_id)
        .where(cond, *frames.firm_conditions(ctx.filters, ctx.scope))
    )
    df = read_frame(stmt)
    late = df["closed_at"].notna() & df["due_at"].notna() & (df["closed_at"] > df["due_at"])
    df["state"] = df["state"].map(lambda s: STATE_LABELS.get(s, s))
    df["on_time"] = df["closed_at"].isna().map({True: "", False: "是"})
    df.loc[late, "on_time"] = "否"
    return df


def visit_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    from buildings.models import Building

    first, last = ctx.days
    stmt = (
        select(
            Visit.visited_on,
            E.name.label("firm"),
            Visit.enterprise_id.label("firm_id"),
            E.grade,
            Building.name.label("building"),
            Visit.building_id,
            Visit.visitors,
            Visit.findings,
        )
        .outerjoin(E, E.id == Visit.enterprise_id)
        .outerjoin(Building, Building.id == Visit.building_id)
        .where(Visit.visited_on >= first, Visit.visited_on <= last)
        .where(*frames.firm_conditions(ctx.filters, ctx.scope))
    )
    df = read_frame(stmt)
    dim, _, value = segment.partition(":")
    if dim == "month":
        df = df[pd.to_datetime(df["visited_on"]).dt.strftime("%Y-%m") == value]
    elif dim == "covered":
        df = df[df["grade"].isin(KEY_FIRM_GRADES)]
    return df


def push_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    first, last = ctx.days
    lo, hi = day_bounds(first, last)
    stage = segment.partition(":")[2] or "pushed"
    stmt = (
        select(
            E.name.label("firm"),
            Push.enterprise_id.label("firm_id"),
            Push.offer_kind,
            Push.title,
            Push.state,
            Push.pushed_at,
            Push.applied_at,
            Push.granted_at,
            Push.granted_amount,
        )
        .join(E, E.id == Push.enterprise_id)
        .where(Push.pushed_at >= lo, Push.pushed_at < hi, push_stage_condition(stage))
        .where(*frames.firm_conditions(ctx.filters, ctx.scope))
    )
    if population == "policy":
        if stage in ("applied", "granted"):  # read from the applications, as the figure is
            return application_records(ctx, stage)
        stmt = stmt.where(Push.offer_kind == "policy")
    df = read_frame(stmt)
    df["state"] = df["state"].map(lambda s: PUSH_STATE_LABELS.get(s, s))
    return df


def application_records(ctx: Context, stage: str) -> pd.DataFrame:
    """The policy applications behind policy_reach: made in the period (applied), or paid in
    it (granted, with 免申即享 payouts), in the pushes' columns."""
    first, last = ctx.days
    lo, hi = day_bounds(first, last)
    A = Application
    when = (
        and_(A.channel == "apply", A.created_at >= lo, A.created_at < hi)
        if stage == "applied"
        else and_(A.state == "paid", A.paid_on >= first, A.paid_on <= last)
    )
    stmt = (
        select(
            E.name.label("firm"),
            A.enterprise_id.label("firm_id"),
            A.offer_kind,
            A.title,
            A.state,
            A.created_at.label("applied_at"),
            A.paid_on.label("granted_at"),
            A.amount_paid.label("granted_amount"),
            A.channel,
        )
        .join(E, E.id == A.enterprise_id)
        .where(A.offer_kind == "policy", when)
        .where(*frames.firm_conditions(ctx.filters, ctx.scope))
    )
    df = read_frame(stmt)
    df["pushed_at"] = None
    df["applied_at"] = df["applied_at"].where(df["channel"] == "apply", None)
    df["state"] = df["state"].map(lambda s: APPLICATION_STATES.get(s, s))
    return df.drop(columns="channel")


def macro_records(ctx: Context, population: str, segment: str) -> pd.DataFrame:
    stmt = (
        select(
            MacroStatistic.period,
            MacroStatistic.value,
            MacroStatistic.unit,
            MacroStatistic.source,
            ImportBatch.file_name,
        )
        .outerjoin(ImportBatch, ImportBatch.id == MacroStatistic.batch_id)
        .where(MacroStatistic.key == population)
        .order_by(MacroStatistic.period.desc())
    )
    df = read_frame(stmt)
    df["month"] = pd.to_datetime(df["period"]).dt.strftime("%Y-%m")
    df["file_name"] = df["file_name"].fillna(N_("演示数据"))
    if segment.startswith("month:"):
        df = df[df["month"] == segment[6:]]
    return df


BUILDERS = {
    "firms": firm_records,
    "buildings": building_records,
    "leases": lease_records,
    "demands": demand_records,
    "visits": visit_records,
    "pushes": push_records,
    "macro": macro_records,
}
DEFAULT_SORT = {
    "firms": "tax_cur",
    "buildings": "leasable_area",
    "leases": "end_on",
    "demands": "created_at",
    "visits": "visited_on",
    "pushes": "pushed_at",
    "macro": "month",
}


def records(indicator: Indicator, ctx: Context, segment: str = "") -> pd.DataFrame:
    """Every record behind the indicator (narrowed to one bar or slice by `segment`)."""
    return BUILDERS[indicator.drill.kind](ctx, indicator.drill.population, segment)


def default_sort(indicator: Indicator, finance: bool) -> tuple[str, bool]:
    kind = indicator.drill.kind
    if kind == "firms" and not finance:
        return "name", True
    return DEFAULT_SORT[kind], kind in ("leases",)


def sort_rows(df: pd.DataFrame, column: str, ascending: bool) -> pd.DataFrame:
    if column not in df.columns or df.empty:
        return df
    return df.sort_values(column, ascending=ascending, na_position="last", kind="stable")


def page_of(df: pd.DataFrame, page: int, per_page: int) -> pd.DataFrame:
    return df.iloc[(page - 1) * per_page : page * per_page]


def _plain(value: Any) -> Any:
    """NaN and NaT become None; pandas timestamps Python datetimes; numpy scalars numbers."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def plain_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]


def cell(value: Any) -> Any:
    """A JSON-safe cell: NaN and NaT become None, numpy scalars plain numbers, dates ISO text."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def column_units(df: pd.DataFrame, columns: list[Column]) -> dict[str, MoneyUnit]:
    """The unit of each money column, chosen from all its records (so every page agrees)."""
    return {
        c.field: money_unit(df[c.field].tolist() if c.field in df.columns else [])
        for c in columns
        if c.kind == "money"
    }


def to_xlsx(df: pd.DataFrame, columns: list[Column], title: str) -> bytes:
    """The records as an .xlsx workbook with Chinese headers (formula-safe, any title)."""
    book, sheet = new_workbook(title or "records")
    # Amounts stay exact yuan in the workbook, and the heading says so.
    sheet.append([f"{c.label}（元）" if c.kind == "money" else c.label for c in columns])
    values = [df[c.field].tolist() if c.field in df.columns else [None] * len(df) for c in columns]
    for row in zip(*values, strict=True):
        append_row(sheet, [_plain(v) for v in row])
    for i, c in enumerate(columns, start=1):
        width = 28 if c.kind == "text" else 16
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    return workbook_bytes(book)
