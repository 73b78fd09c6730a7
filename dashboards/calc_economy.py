"""Group A's firm-based figures (tax, local revenue, revenue and their growth) and group C, the
tax structure (税源结构): sums over the firm frame's period columns."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards import populations as pop
from dashboards.calc_firms import firms, headcounts, section_label
from dashboards.compute import Context, Item, Value, share
from dashboards.frames import firm_names
from dashboards.period import growth
from qifutong.web.i18n import N_

NO_DATA = N_("所选期间尚无月度经济数据")
NO_BASE = N_("上年同期无数据，无法计算同比")


def _series(ctx: Context, column: str) -> dict[str, list[Any]]:
    cur, prev = ctx.econ_months()
    monthly = ctx.frame("monthly")
    by = dict(zip(monthly["period"].dt.date, monthly[column], strict=True))
    return {
        "months": [f"{m.month}月" for m in cur],
        "current": [_num(by.get(m)) for m in cur],
        "previous": [_num(by.get(m)) for m in prev],
        "labels": [f"{cur[0].year}年" if cur else "", f"{prev[0].year}年" if prev else ""],
    }


def _num(v: object) -> float | None:
    return None if v is None or pd.isna(v) else float(v)  # type: ignore[arg-type]


def _sums(ctx: Context, column: str) -> tuple[float, float | None, dict[str, list[Any]]]:
    """The period's total of a monthly series, last year's total over the same months (None
    where last year has no data), and the series itself."""
    series = _series(ctx, column)
    cur = float(sum(v for v in series["current"] if v is not None))
    previous = [v for v in series["previous"] if v is not None]
    return cur, (float(sum(previous)) if previous else None), series


def _total(ctx: Context, column: str) -> Value:
    """A period total with its monthly trend; growth against the same months last year."""
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    cur, prev, series = _sums(ctx, column)
    return Value(cur, ctx.econ_as_of, series=series, growth=growth(cur, prev))


def _growth(ctx: Context, column: str) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    cur, prev, _ = _sums(ctx, column)
    g = growth(cur, prev)
    _, prev_months = ctx.econ_months()
    items = [
        Item(f"上年同期（{prev_months[0].year}年）", prev or 0.0, "", {"role": "previous"}),
        Item(f"本期（{ctx.period.start.year}年）", cur, "", {"role": "current"}),
    ]
    return Value(g, ctx.econ_as_of, reason=None if g is not None else NO_BASE, items=items)


def tax_total(ctx: Context) -> Value:
    return _total(ctx, "tax")


def fiscal_local(ctx: Context) -> Value:
    return _total(ctx, "local")


def tax_growth(ctx: Context) -> Value:
    return _growth(ctx, "tax")


def revenue_total(ctx: Context) -> Value:
    return _total(ctx, "revenue")


def revenue_growth(ctx: Context) -> Value:
    return _growth(ctx, "revenue")


# --- Group C: the tax structure ------------------------------------------------------------


def _taxed(ctx: Context) -> pd.DataFrame:
    firms(ctx)
    return pop.subset(ctx, "tax_here")


def _top(ctx: Context) -> pd.DataFrame:
    firms(ctx)
    return pop.subset(ctx, "top10").sort_values("tax_cur", ascending=False)


def tax_top10(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    top = _top(ctx)
    names = firm_names([int(i) for i in top["id"]])
    items = [
        Item(names.get(int(r.id), f"#{r.id}"), float(r.tax_cur), f"id:{int(r.id)}")
        for r in top.itertuples()
    ]
    return Value(float(top["tax_cur"].sum()), ctx.econ_as_of, items=items)


def tax_concentration(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    total = float(_taxed(ctx)["tax_cur"].sum())
    top = float(_top(ctx)["tax_cur"].sum())
    if total <= 0:
        return Value(None, ctx.econ_as_of, reason=N_("本期税收为零，无法计算集中度"))
    items = [Item(N_("前十企业"), top, "top:10"), Item(N_("其他企业"), total - top, "top:rest")]
    return Value(share(top, total), ctx.econ_as_of, items=items)


def tax_bands(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    taxed = _taxed(ctx)
    bands = pop.band_of(taxed["tax_cur"]).value_counts()
    items = [Item(label, float(bands.get(k, 0)), f"band:{k}") for k, label, _, _ in pop.TAX_BANDS]
    return Value(float(len(taxed)), ctx.econ_as_of, items=items)


def tax_swing_alerts(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    firms(ctx)
    hit = pop.subset(ctx, "swing")
    up = int((hit["tax_cur"].fillna(0) > hit["tax_prev"].fillna(0)).sum())
    items = [
        Item(N_("同比大幅增长"), float(up), "swing:up"),
        Item(N_("同比大幅下降"), float(len(hit) - up), "swing:down"),
    ]
    return Value(float(len(hit)), ctx.econ_as_of, items=items)


def industry_tax_share(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    taxed = _taxed(ctx)
    total = float(taxed["tax_cur"].sum())
    if total <= 0:
        return Value(None, ctx.econ_as_of, reason=N_("本期税收为零，无法计算行业占比"))
    per = taxed.groupby(taxed["section"].fillna("?"))["tax_cur"].sum().sort_values(ascending=False)
    items = [
        Item(section_label(str(s)), float(v) / total * 100.0, f"section:{s}", {"tax": float(v)})
        for s, v in per.items()
    ]
    return Value(items[0].value, ctx.econ_as_of, items=items)


def tax_per_employee(ctx: Context) -> Value:
    if ctx.econ_end is None:
        return Value(None, None, reason=NO_DATA)
    firms(ctx)
    taxed = _taxed(ctx)
    op = pop.subset(ctx, "operating")
    heads = headcounts(op)
    total_heads = float(heads.sum())
    if total_heads <= 0:
        return Value(None, ctx.econ_as_of, reason=N_("从业人员为零，无法计算人均税收"))
    tax_by = taxed.groupby(taxed["section"].fillna("?"))["tax_cur"].sum()
    heads_by = heads.groupby(op["section"].fillna("?")).sum()
    per = (tax_by / heads_by[heads_by > 0]).dropna().sort_values(ascending=False)
    items = [Item(section_label(str(s)), float(v), f"section:{s}") for s, v in per.items()]
    return Value(float(taxed["tax_cur"].sum()) / total_heads, ctx.econ_as_of, items=items)
