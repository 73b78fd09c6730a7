"""Group D, buildings (楼宇经济), and group E, leases (租约): per-building figures and lease
flows. Lease warning levels come from buildings.warnings, the one rule for them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from buildings import occupancy
from buildings.warnings import LEVEL_LABELS, LEVELS, Thresholds, lease_warning_level
from dashboards import populations as pop
from dashboards.calc_firms import headcounts, section_label
from dashboards.compute import Context, Item, Value, share
from qifutong.web.i18n import N_

NO_BUILDINGS = N_("所选范围内没有楼宇")
NO_DATA = "所选期间尚无月度经济数据"


def building_table(ctx: Context) -> pd.DataFrame:
    """One row per building in view: space, leases and (for street users) its tenants' figures."""
    b = ctx.frame("buildings").copy()
    pairs = list(zip(b["leased"], b["leasable_area"], strict=True))
    b["vacant"] = [occupancy.vacant_area(used, total) for used, total in pairs]
    rates = [occupancy.occupancy_rate(used, total) for used, total in pairs]
    b["occupancy"] = pd.Series(rates, index=b.index, dtype=float) * 100.0
    b["avg_rent"] = b["rent_x_area"] / b["rent_area"].where(b["rent_area"] > 0)
    if not ctx.finance:
        return b
    df = ctx.frame("firms")
    tenants = pop.subset(ctx, "in_buildings")
    g = tenants.groupby("building_id")
    b["tenants"] = b["id"].map(g.size()).fillna(0)
    registered = pop.yes(tenants["registered_here"]).groupby(tenants["building_id"]).sum()
    b["registered"] = b["id"].map(registered).fillna(0)
    b["registered_rate"] = b["registered"] / b["tenants"].where(b["tenants"] > 0) * 100.0
    b["employees"] = (
        b["id"].map(headcounts(tenants).groupby(tenants["building_id"]).sum()).fillna(0)
    )
    counts = tenants.groupby(["building_id", tenants["section"].fillna("?")]).size()
    if len(counts):
        top = counts.sort_values(ascending=False).groupby(level=0).head(1).reset_index(level=1)
        top.columns = ["main_section", "main_count"]
        b["main_section"] = b["id"].map(top["main_section"])
        b["main_share"] = (
            b["id"].map(top["main_count"]) / b["tenants"].where(b["tenants"] > 0) * 100
        )
    else:
        b["main_section"], b["main_share"] = None, np.nan
    taxed = pop.subset(ctx, "taxed_in_buildings")
    b["tax"] = b["id"].map(taxed.groupby("building_id")["tax_cur"].sum()).fillna(0.0)
    here = df.loc[pop.tax_here(df, ctx) & df["building_id"].notna(), ["building_id", "tax_t12"]]
    b["tax_t12"] = b["id"].map(here.groupby("building_id")["tax_t12"].sum()).fillna(0.0)
    b["tax_per_m2"] = b["tax"] / b["leased"].where(b["leased"] > 0)
    return b


def table(ctx: Context) -> pd.DataFrame:
    return ctx.frame("building_table")


def per_building(
    ctx: Context, column: str, sort: bool = True, keep: pd.Series | None = None
) -> list[Item]:
    b = table(ctx)
    if keep is not None:
        b = b[keep]
    b = b[b[column].notna()]
    if sort:
        b = b.sort_values(column, ascending=False)
    return [
        Item(str(name), float(v), f"building:{int(bid)}")
        for name, v, bid in zip(b["name"], b[column], b["id"], strict=True)
    ]


def buildings_total(ctx: Context) -> Value:
    b = table(ctx)
    counts = b["type"].replace("", "未分类").fillna(N_("未分类")).value_counts()
    items = [Item(str(t), float(n), f"type:{t}") for t, n in counts.items()]
    return Value(float(len(b)), ctx.today, items=items)


def _area(ctx: Context, column: str) -> Value:
    b = table(ctx)
    if b.empty:
        return Value(None, ctx.today, reason=NO_BUILDINGS)
    return Value(float(b[column].sum()), ctx.today, items=per_building(ctx, column))


def leasable_area(ctx: Context) -> Value:
    return _area(ctx, "leasable_area")


def leased_area(ctx: Context) -> Value:
    return _area(ctx, "leased")


def vacant_area(ctx: Context) -> Value:
    return _area(ctx, "vacant")


def leaving_area(ctx: Context) -> Value:
    b = table(ctx)
    if b.empty:
        return Value(None, ctx.today, reason=NO_BUILDINGS)
    return Value(
        float(b["leaving"].sum()),
        ctx.today,
        items=per_building(ctx, "leaving", keep=b["leaving"] > 0),
    )


def occupancy_rate(ctx: Context) -> Value:
    b = table(ctx)
    total = float(b["leasable_area"].sum())
    if not total:
        return Value(None, ctx.today, reason=N_("所选范围内没有可租面积"))
    return Value(
        share(float(b["leased"].sum()), total), ctx.today, items=per_building(ctx, "occupancy")
    )


def building_tax(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    b = table(ctx)
    return Value(
        float(b["tax"].sum()), ctx.econ_as_of, items=per_building(ctx, "tax", keep=b["tax"] > 0)
    )


def billion_buildings(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    b = table(ctx)
    s = ctx.settings
    billion = b["tax_t12"] >= s.billion_tax
    watch = b["tax_t12"] >= s.billion_tax * s.billion_watch
    items = [
        Item(
            str(r["name"]),
            float(r["tax_t12"]),
            f"building:{int(r['id'])}",
            {"status": "billion" if r["tax_t12"] >= s.billion_tax else "watch"},
        )
        for r in b[watch].sort_values("tax_t12", ascending=False).to_dict("records")
    ]
    return Value(float(billion.sum()), ctx.econ_as_of, items=items)


def tax_per_m2(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    b = table(ctx)
    area = float(b.loc[b["leased"] > 0, "leased"].sum())
    if not area:
        return Value(None, ctx.econ_as_of, reason=N_("所选范围内没有在租面积"))
    tax = float(b.loc[b["leased"] > 0, "tax"].sum())
    return Value(tax / area, ctx.econ_as_of, items=per_building(ctx, "tax_per_m2"))


def building_registered_rate(ctx: Context) -> Value:
    b = table(ctx)
    tenants = float(b["tenants"].sum())
    if not tenants:
        return Value(None, ctx.today, reason=N_("所选楼宇中没有在营企业"))
    return Value(
        share(float(b["registered"].sum()), tenants),
        ctx.today,
        items=per_building(ctx, "registered_rate"),
    )


def avg_rent(ctx: Context) -> Value:
    b = table(ctx)
    area = float(b["rent_area"].sum())
    if not area:
        return Value(None, ctx.today, reason=N_("所选范围内没有登记租金的在租租约"))
    return Value(
        float(b["rent_x_area"].sum()) / area, ctx.today, items=per_building(ctx, "avg_rent")
    )


def building_main_industry(ctx: Context) -> Value:
    b = table(ctx)
    b = b[b["tenants"] > 0].sort_values("main_share", ascending=False)
    if b.empty:
        return Value(None, ctx.today, reason="所选楼宇中没有在营企业")
    items = [
        Item(
            str(r["name"]),
            float(r["main_share"]),
            f"building:{int(r['id'])}",
            {"section": section_label(r["main_section"])},
        )
        for r in b.to_dict("records")
    ]
    return Value(float(b["main_share"].mean()), ctx.today, items=items)


# --- Group E: leases ------------------------------------------------------------------------


def warning_levels(ctx: Context) -> pd.DataFrame:
    """The open leases within the warning horizon, with days left and their level."""
    df = ctx.frame("expiring").copy()
    s = ctx.settings
    thresholds = Thresholds(s.red, s.amber, s.blue)
    df["days_left"] = (df["end_on"] - pd.Timestamp(ctx.today)).dt.days
    df["level"] = [
        lease_warning_level(int(d), st, thresholds)
        for d, st in zip(df["days_left"], df["status"], strict=True)
    ]
    return df[df["level"].notna()]


def expiring_leases(ctx: Context) -> Value:
    df = warning_levels(ctx)
    items = []
    for level in LEVELS:
        sub = df[df["level"] == level]
        items.append(
            Item(
                LEVEL_LABELS[level],
                float(len(sub)),
                f"level:{level}",
                {"area": float(sub["area"].sum()), "level": level},
            )
        )
    return Value(float(len(df)), ctx.today, items=items)


def lease_flows(ctx: Context) -> Value:
    df = ctx.frame("lease_flows")
    masks = ctx.memo("lease_flow_masks", lambda: pop.lease_flow_masks(df, ctx))
    items = [
        Item(
            pop.LEASE_FLOWS[k],
            float(m.sum()),
            f"flow:{k}",
            {"area": float(df.loc[m, "area"].sum())},
        )
        for k, m in masks.items()
    ]
    return Value(float(masks["new"].sum()), ctx.days[1], items=items)


def renewal_rate(ctx: Context) -> Value:
    df = ctx.frame("lease_flows")
    masks = ctx.memo("lease_flow_masks", lambda: pop.lease_flow_masks(df, ctx))
    renewed, ended = int(masks["renewed"].sum()), int(masks["ended"].sum())
    items = [Item("续租", float(renewed), "flow:renewed"), Item("退租", float(ended), "flow:ended")]
    if renewed + ended == 0:
        return Value(None, ctx.days[1], reason=N_("本期没有到期结束的租约"), items=items)
    return Value(share(renewed, renewed + ended), ctx.days[1], items=items)
