"""Who an indicator counts (口径), as masks over the firm and lease frames.

The figures (calc_*.py) and the records behind them (records.py) use these same masks, so a
number and its list can never disagree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from dashboards.compute import Context, in_days
from qifutong.enterprises.models import KEY_FIRM_GRADES
from qifutong.matching import vocabulary
from qifutong.web.i18n import N_

Mask = Callable[[pd.DataFrame, Context], pd.Series]

QUALIFICATIONS = {
    "hightech": N_("高新技术企业"),
    "tech_sme": N_("科技型中小企业"),
    "specialised": "专精特新企业",
    "little_giant": N_("专精特新“小巨人”"),
    "listed": N_("上市企业"),
    "pre_ipo": N_("拟上市企业"),
    "new_eagle": N_("新雏鹰企业"),
    "rd_center": N_("研发中心"),
}
QUAL_GROUPS = {
    "hightech": ("hightech",),
    "specialised": ("specialised", "little_giant"),
    "listed": ("listed", "pre_ipo"),
}
TIERS = {"growing": N_("成长型"), "stable": N_("稳定型"), "at_risk": N_("风险型")}
SIZE_LABELS = vocabulary.SIZE_LABELS  # the register's size classes, one definition
# Tax bands of the period's tax (yuan): key, label, lower bound (inclusive), upper (exclusive).
TAX_BANDS = (
    ("ge_1e8", "≥1亿元", 1e8, np.inf),
    ("1e7_1e8", "1000万–1亿元", 1e7, 1e8),
    ("1e6_1e7", "100万–1000万元", 1e6, 1e7),
    ("1e5_1e6", "10万–100万元", 1e5, 1e6),
    ("lt_1e5", "<10万元", -np.inf, 1e5),
)


def yes(s: pd.Series) -> pd.Series:
    return s.fillna(False).astype(bool)


def has_qualification(df: pd.DataFrame, *codes: str) -> pd.Series:
    out = pd.Series(False, index=df.index)
    for code in codes:
        if f"q_{code}" in df:
            out |= df[f"q_{code}"]
        elif "quals" in df:
            out |= df["quals"].str.contains(f'"{code}"', regex=False)
    return out


def operating(df: pd.DataFrame, ctx: Context) -> pd.Series:
    """Firms that operate in the street and are active (the default 口径)."""
    return df["is_operating"]


def tax_here(df: pd.DataFrame, ctx: Context) -> pd.Series:
    """Firms paying tax here, whatever their status (a firm that left still paid before)."""
    return df["is_tax_here"]


def taxed_in_period(df: pd.DataFrame, ctx: Context) -> pd.Series:
    """Tax-here firms with tax figures in the period."""
    return tax_here(df, ctx) & df["tax_cur"].notna()


def revenue_in_period(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return yes(df["operates_here"]) & df["rev_cur"].notna()


def growth_base(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return tax_here(df, ctx) & (df["tax_cur"].notna() | df["tax_prev"].notna())


def elsewhere(df: pd.DataFrame, ctx: Context) -> pd.Series:
    """Registered here, operating elsewhere, still active: the win-back list."""
    return df["is_active"] & yes(df["registered_here"]) & ~yes(df["operates_here"])


def arrived(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return in_days(df["moved_in_on"], *ctx.days)


def left(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return in_days(df["moved_out_on"], *ctx.days)


def flows(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return arrived(df, ctx) | left(df, ctx)


def above_scale(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return operating(df, ctx) & df["above_scale"]


def _qualified(group: str) -> Mask:
    def mask(df: pd.DataFrame, ctx: Context) -> pd.Series:
        return operating(df, ctx) & has_qualification(df, *QUAL_GROUPS[group])

    mask.__name__ = f"qualified_{group}"
    return mask


def key_firms(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return operating(df, ctx) & df["grade"].isin(KEY_FIRM_GRADES)


def tiered(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return operating(df, ctx) & df["tier"].isin(tuple(TIERS))


def in_buildings(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return operating(df, ctx) & df["building_id"].notna()


def taxed_in_buildings(df: pd.DataFrame, ctx: Context) -> pd.Series:
    return taxed_in_period(df, ctx) & df["building_id"].notna()


def swing(df: pd.DataFrame, ctx: Context) -> pd.Series:
    """Tax-here firms whose period tax moved by the swing share or more against last year."""
    prev = df["tax_prev"].fillna(0.0)
    cur = df["tax_cur"].fillna(0.0)
    base = tax_here(df, ctx) & (prev >= ctx.settings.swing_min_base)
    change = (cur - prev).abs() / prev.where(prev > 0)
    return base & (change >= ctx.settings.tax_swing)


def top10(df: pd.DataFrame, ctx: Context) -> pd.Series:
    taxed = df["tax_cur"].where(taxed_in_period(df, ctx) & (df["tax_cur"] > 0))
    return pd.Series(df.index.isin(taxed.dropna().nlargest(10).index), index=df.index)


FIRM_POPULATIONS: dict[str, Mask] = {
    "operating": operating,
    "tax_here": taxed_in_period,
    "growth_base": growth_base,
    "revenue": revenue_in_period,
    "elsewhere": elsewhere,
    "arrived": arrived,
    "left": left,
    "flows": flows,
    "above_scale": above_scale,
    "hightech": _qualified("hightech"),
    "specialised": _qualified("specialised"),
    "listed": _qualified("listed"),
    "key_firms": key_firms,
    "tiered": tiered,
    "in_buildings": in_buildings,
    "taxed_in_buildings": taxed_in_buildings,
    "swing": swing,
    "top10": top10,
}


def mask(ctx: Context, name: str) -> pd.Series:
    """A population's mask over the context's firm frame, worked out once."""
    return ctx.memo(("mask", name), lambda: FIRM_POPULATIONS[name](ctx.frame("firms"), ctx))


# The columns the figures read off a population: a copy of these for 100,000 firms costs a
# third of one of every column. (The records read the whole firm frame, not these.)
SUBSET_COLUMNS = [
    "id",
    "building_id",
    "section",
    "size_class",
    "registered_here",
    "tax_here",
    "headcount",
    "head_end",
    "tax_cur",
    "tax_prev",
]


def subset(ctx: Context, name: str) -> pd.DataFrame:
    """The firms of a population (the columns the figures read of them), selected once."""
    return ctx.memo(
        ("subset", name), lambda: ctx.frame("firms").loc[mask(ctx, name), SUBSET_COLUMNS]
    )


FIRM_POPULATION_LABELS = {
    "operating": "在本街道经营且存续的企业",
    "tax_here": "纳税在地、本期有经济数据的企业",
    "growth_base": "纳税在地、本期或上年同期有经济数据的企业",
    "revenue": "经营在地、本期有经济数据的企业",
    "elsewhere": "注册在本街道、在外地经营的存续企业",
    "arrived": "迁入日期在本期内的企业",
    "left": "迁出日期在本期内的企业",
    "flows": "本期迁入或迁出的企业",
    "above_scale": "在营企业中的规上企业",
    "hightech": "在营企业中的高新技术企业",
    "specialised": "在营企业中的专精特新企业（含小巨人）",
    "listed": "在营企业中的上市及拟上市企业",
    "key_firms": "在营企业中的A/B/C类重点企业",
    "tiered": "在营企业中已划分成长梯度的企业",
    "in_buildings": N_("入驻楼宇的在营企业"),
    "taxed_in_buildings": "入驻楼宇、纳税在地的企业",
    "swing": "税收同比变动达到预警阈值的纳税在地企业",
    "top10": "本期税收前十的企业",
}


def band_of(tax: pd.Series) -> pd.Series:
    t = tax.fillna(0.0).to_numpy()
    keys = [key for key, _label, _lo, _hi in TAX_BANDS]
    within = [(t >= lo) & (t < hi) for _key, _label, lo, hi in TAX_BANDS]
    return pd.Series(np.select(within, keys, default=""), index=tax.index, dtype=object)


def month_key(col: pd.Series) -> pd.Series:
    return col.dt.strftime("%Y-%m")


def firm_segment(df: pd.DataFrame, ctx: Context, segment: str) -> pd.Series:
    """Narrow the firms to one bar or slice: 'dim:value' (e.g. 'section:I', 'band:ge_1e8')."""
    dim, _, value = segment.partition(":")
    if not segment:
        return pd.Series(True, index=df.index)
    if dim == "section":
        return df["section"].fillna("?") == value
    if dim == "building":
        if value == "none":
            return df["building_id"].isna()
        return df["building_id"] == int(value)
    if dim == "size":
        return df["size_class"].fillna("na") == value
    if dim in ("grade", "tier"):
        return df[dim] == value
    if dim in ("registered", "taxhere"):
        col = df["registered_here" if dim == "registered" else "tax_here"]
        if value == "unknown":
            return col.isna()
        return yes(col) if value == "yes" else (col == False)  # noqa: E712 - nullable boolean
    if dim == "qual":
        return has_qualification(df, value)
    if dim == "band":
        return band_of(df["tax_cur"]) == value
    if dim == "swing":
        cur, prev = df["tax_cur"].fillna(0.0), df["tax_prev"].fillna(0.0)
        return cur > prev if value == "up" else cur < prev
    if dim == "in":
        return month_key(df["moved_in_on"]) == value
    if dim == "out":
        return month_key(df["moved_out_on"]) == value
    if dim == "month":
        return (month_key(df["moved_in_on"]) == value) | (month_key(df["moved_out_on"]) == value)
    if dim == "flow":
        return arrived(df, ctx) if value == "in" else left(df, ctx)
    if dim == "id":
        return df["id"] == int(value)
    if dim == "top":
        return top10(df, ctx) if value == "10" else ~top10(df, ctx)
    raise ValueError(f"unknown segment {segment!r}")


# --- Leases --------------------------------------------------------------------------------


def lease_ended_on(df: pd.DataFrame) -> pd.Series:
    return df["closed_on"].fillna(df["end_on"])


def renewed_in(df: pd.DataFrame, first: date, last: date) -> pd.Series:
    """Contracts that ran out in the period and were renewed."""
    return (df["status"] == "renewed") & in_days(df["end_on"], first, last)


def ended_in(df: pd.DataFrame, first: date, last: date) -> pd.Series:
    """Contracts that ended in the period without renewal (tenant left or lease closed)."""
    return df["status"].isin(("ended", "closed")) & in_days(lease_ended_on(df), first, last)


def new_in(df: pd.DataFrame, first: date, last: date) -> pd.Series:
    """Contracts signed in the period that do not continue a renewed one of the same tenant."""
    started = in_days(df["start_on"], first, last)
    cand = df[started & df["renewed_from_id"].isna()][["id", "unit_id", "tenant_name", "start_on"]]
    before = df[df["status"] == "renewed"][["unit_id", "tenant_name", "end_on"]]
    pairs = cand.merge(before, on=["unit_id", "tenant_name"])
    gap = pairs["start_on"] - pairs["end_on"]
    follow = pairs[(gap > pd.Timedelta(0)) & (gap <= pd.Timedelta(days=31))]["id"]
    return started & df["renewed_from_id"].isna() & ~df["id"].isin(follow)


LEASE_FLOWS = {"new": N_("新签"), "renewed": N_("续租"), "ended": N_("退租")}


def lease_flow_masks(df: pd.DataFrame, ctx: Context) -> dict[str, pd.Series]:
    first, last = ctx.days
    return {
        "new": new_in(df, first, last),
        "renewed": renewed_in(df, first, last),
        "ended": ended_in(df, first, last),
    }
