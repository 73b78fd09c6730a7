"""Group B, the firm base (企业主体): counts, rates and mixes over the firm frame."""

from __future__ import annotations

import pandas as pd

from dashboards import populations as pop
from dashboards.compute import Context, Item, Value, share
from dashboards.period import growth, months_between
from qifutong.enterprises.models import KEY_FIRM_GRADES
from qifutong.industry import industry_names
from qifutong.web.i18n import N_

NO_FIRMS = N_("所选范围内没有在营企业")


def section_label(code: str | float | None) -> str:
    if not isinstance(code, str) or not code or code == "?":  # None, or NaN from a frame
        return "未分类"
    return f"{code} {industry_names().get(code, '')}".strip()


def firms(ctx: Context) -> pd.DataFrame:
    return ctx.frame("firms")


def count_by(values: pd.Series, dim: str, labels: dict[str, str] | None = None) -> list[Item]:
    """Bars per value of a column, largest first, each narrowing the records to `dim:value`."""
    counts = values.fillna("?").value_counts()
    out = []
    for key, n in counts.items():
        k = str(key)
        label = (labels or {}).get(k, k) if dim != "section" else section_label(k)
        out.append(Item(label, float(n), f"{dim}:{k}"))
    return out


def by_section(df: pd.DataFrame) -> list[Item]:
    return count_by(df["section"], "section")


def building_label(ctx: Context) -> dict[int, str]:
    b = ctx.frame("buildings")
    return dict(zip(b["id"].astype(int), b["name"], strict=True))


def _snapshot(ctx: Context, mask: pd.Series, items: list[Item]) -> Value:
    return Value(float(mask.sum()), ctx.today, items=items)


def firms_total(ctx: Context) -> Value:
    firms(ctx)
    op = pop.subset(ctx, "operating")
    names = building_label(ctx)
    counts = op["building_id"].value_counts()
    items = [
        Item(names.get(int(b), f"#{int(b)}"), float(n), f"building:{int(b)}")
        for b, n in counts.items()
    ]
    outside = int(op["building_id"].isna().sum())
    if outside:
        items.append(Item(N_("未入驻楼宇"), float(outside), "building:none"))
    return Value(float(len(op)), ctx.today, items=items)


def _here_rate(ctx: Context, column: str, dim: str, yes_label: str, no_label: str) -> Value:
    firms(ctx)
    op = pop.subset(ctx, "operating")
    if op.empty:
        return Value(None, ctx.today, reason=NO_FIRMS)
    col = op[column]
    n_yes, n_unknown = int(pop.yes(col).sum()), int(col.isna().sum())
    n_no = len(op) - n_yes - n_unknown
    items = [Item(yes_label, float(n_yes), f"{dim}:yes"), Item(no_label, float(n_no), f"{dim}:no")]
    if n_unknown:
        items.append(Item("未知", float(n_unknown), f"{dim}:unknown"))
    return Value(share(n_yes, len(op)), ctx.today, items=items)


def registered_here_rate(ctx: Context) -> Value:
    return _here_rate(ctx, "registered_here", "registered", N_("注册在本街道"), "注册在外")


def tax_here_rate(ctx: Context) -> Value:
    return _here_rate(ctx, "tax_here", "taxhere", "纳税在本街道", "纳税在外")


def registered_elsewhere_operating(ctx: Context) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, "elsewhere")
    return _snapshot(ctx, m, by_section(df[m]))


def _monthly_counts(ctx: Context, dates: pd.Series, dim: str) -> list[Item]:
    first, last = ctx.days
    known = dates.dropna()
    keys = (known.dt.year * 100 + known.dt.month).value_counts()  # as pop.month_key, in numbers
    counts = [(m, float(keys.get(m.year * 100 + m.month, 0))) for m in months_between(first, last)]
    return [Item(f"{m.year}年{m.month}月", n, f"{dim}:{m:%Y-%m}") for m, n in counts]


def _flow(ctx: Context, mask_name: str, column: str, dim: str) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, mask_name)
    first, last = ctx.prev_days
    last_year = int(pop.in_days(df[column], first, last).sum())
    n = float(m.sum())
    return Value(
        n,
        ctx.days[1],
        items=_monthly_counts(ctx, df.loc[m, column], dim),
        growth=growth(n, last_year),
    )


def firms_new(ctx: Context) -> Value:
    return _flow(ctx, "arrived", "moved_in_on", "in")


def firms_left(ctx: Context) -> Value:
    return _flow(ctx, "left", "moved_out_on", "out")


def firms_net_inflow(ctx: Context) -> Value:
    df = firms(ctx)
    came = _monthly_counts(ctx, df.loc[pop.mask(ctx, "arrived"), "moved_in_on"], "month")
    went = _monthly_counts(ctx, df.loc[pop.mask(ctx, "left"), "moved_out_on"], "month")
    items = [
        Item(a.label, (a.value or 0) - (b.value or 0), a.segment, {"new": a.value, "left": b.value})
        for a, b in zip(came, went, strict=True)
    ]
    net = float(pop.mask(ctx, "arrived").sum() - pop.mask(ctx, "left").sum())
    return Value(net, ctx.days[1], items=items)


def above_scale_firms(ctx: Context) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, "above_scale")
    return _snapshot(ctx, m, by_section(df[m]))


def hightech_firms(ctx: Context) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, "hightech")
    return _snapshot(ctx, m, by_section(df[m]))


def _qual_items(df: pd.DataFrame, codes: tuple[str, ...]) -> list[Item]:
    return [
        Item(pop.QUALIFICATIONS[c], float(pop.has_qualification(df, c).sum()), f"qual:{c}")
        for c in codes
    ]


def specialised_firms(ctx: Context) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, "specialised")
    return _snapshot(ctx, m, _qual_items(df[m], pop.QUAL_GROUPS["specialised"]))


def listed_firms(ctx: Context) -> Value:
    df = firms(ctx)
    m = pop.mask(ctx, "listed")
    return _snapshot(ctx, m, _qual_items(df[m], pop.QUAL_GROUPS["listed"]))


def key_firms(ctx: Context) -> Value:
    df = firms(ctx)
    if df["grade"].isin(KEY_FIRM_GRADES).sum() == 0:
        return Value(None, ctx.today, reason=N_("重点企业分级尚未计算（分级引擎尚未运行）"))
    m = pop.mask(ctx, "key_firms")
    counts = df.loc[m, "grade"].value_counts()
    items = [Item(f"{g}类", float(counts.get(g, 0)), f"grade:{g}") for g in KEY_FIRM_GRADES]
    return _snapshot(ctx, m, items)


def size_mix(ctx: Context) -> Value:
    firms(ctx)
    op = pop.subset(ctx, "operating")
    counts = op["size_class"].fillna("na").value_counts()
    items = [
        Item(label, float(counts.get(k, 0)), f"size:{k}")
        for k, label in pop.SIZE_LABELS.items()
        if counts.get(k, 0)
    ]
    return Value(float(len(op)), ctx.today, items=items)


def industry_mix(ctx: Context) -> Value:
    firms(ctx)
    op = pop.subset(ctx, "operating")
    if op.empty:
        return Value(None, ctx.today, reason=NO_FIRMS)
    in_period = pop.subset(ctx, "tax_here")
    taxed = in_period.groupby(in_period["section"].fillna("?"))["tax_cur"].sum()
    items = [
        Item(i.label, i.value, i.segment, {"tax": float(taxed.get(i.segment[8:], 0.0))})
        for i in by_section(op)
    ]
    return Value(float(op["section"].nunique()), ctx.today, items=items)


def headcounts(df: pd.DataFrame) -> pd.Series:
    """Each firm's headcount in the latest month with data, else the register's figure."""
    return df["head_end"].fillna(df["headcount"]).fillna(0.0)


def employees_total(ctx: Context) -> Value:
    firms(ctx)
    op = pop.subset(ctx, "operating")
    heads = headcounts(op)
    per = heads.groupby(op["section"].fillna("?")).sum().sort_values(ascending=False)
    items = [Item(section_label(str(s)), float(v), f"section:{s}") for s, v in per.items()]
    as_of = ctx.econ_as_of if op["head_end"].notna().any() else ctx.today
    return Value(float(heads.sum()), as_of, items=items)


def firm_tiers(ctx: Context) -> Value:
    df = firms(ctx)
    if df["tier"].isin(tuple(pop.TIERS)).sum() == 0:
        return Value(None, ctx.today, reason=N_("成长梯度尚未计算（分级引擎尚未运行）"))
    m = pop.mask(ctx, "tiered")
    counts = df.loc[m, "tier"].value_counts()
    items = [Item(label, float(counts.get(k, 0)), f"tier:{k}") for k, label in pop.TIERS.items()]
    return _snapshot(ctx, m, items)
