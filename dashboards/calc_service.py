"""Group F, service performance (服务成效), and group A's imported district statistics."""

from __future__ import annotations

from dashboards.compute import Context, Item, Value, share
from dashboards.period import month_end
from qifutong.web.i18n import N_

NO_PUSHES = N_("尚无推送记录（匹配推送尚未运行）")


def visits(ctx: Context) -> Value:
    s = ctx.frame("visits")
    items = [
        Item(f"{m[:4]}年{int(m[5:])}月", float(n), f"month:{m}") for m, n in s["by_month"].items()
    ]
    coverage = share(s["key_visited"], s["key_total"])
    reason = None if s["key_total"] else "重点企业分级尚未计算，覆盖率暂缺"
    return Value(
        float(s["count"]),
        ctx.days[1],
        reason=reason,
        items=items,
        extra={"coverage": coverage, "key_visited": float(s["key_visited"])},
    )


def demands(ctx: Context) -> Value:
    s = ctx.frame("demands")
    items = [
        Item(N_("受理"), float(s["received"]), "stage:received"),
        Item(N_("办结"), float(s["closed"]), "stage:closed"),
        Item(N_("按期办结"), float(s["on_time"]), "stage:on_time"),
        Item(N_("满意（4–5星）"), float(s["satisfied"]), "stage:satisfied"),
    ]
    extra = {
        "on_time_rate": share(s["on_time"], s["closed"]),
        "satisfaction": share(s["satisfied"], s["rated"]),
        "avg_rating": s["avg_rating"],
    }
    reason = None if s["all_time"] else "尚无诉求记录"
    return Value(float(s["received"]), ctx.days[1], reason=reason, items=items, extra=extra)


def policy_reach(ctx: Context) -> Value:
    """Firms pushed a policy (pushes); firms that applied, firms paid and the amount paid
    (applications and 免申即享 payouts)."""
    s = ctx.frame("pushes")
    a = ctx.frame("applications")
    if not s["ever"] and not a["ever"]:
        return Value(None, ctx.days[1], reason=NO_PUSHES)
    items = [
        Item(N_("推送企业"), float(s["policy_pushed"]), "stage:pushed"),
        Item(N_("申报企业"), float(a["applied"]), "stage:applied"),
        Item("兑现企业", float(a["paid"]), "stage:granted"),
    ]
    return Value(float(s["policy_pushed"]), ctx.days[1], items=items, extra={"amount": a["amount"]})


FUNNEL = {"pushed": "推送", "seen": "查看", "clicked": "点击", "applied": "申报", "granted": "获批"}


def push_funnel(ctx: Context) -> Value:
    s = ctx.frame("pushes")
    if not s["ever"]:
        return Value(None, ctx.days[1], reason=NO_PUSHES)
    items = [Item(label, float(s[k]), f"stage:{k}") for k, label in FUNNEL.items()]
    return Value(float(s["pushed"]), ctx.days[1], items=items)


def macro(key: str) -> object:
    """The figure for one imported district statistic: its latest month in the period."""

    def compute(ctx: Context) -> Value:
        df = ctx.frame("macro")
        rows = df[(df["key"] == key) & (df["period"].dt.date >= ctx.period.start)]
        if rows.empty:
            rows = df[df["key"] == key]
        if rows.empty:
            return Value(None, None, reason=N_("尚未导入区统计局月度数据"))
        last = rows.iloc[-1]
        items = [
            Item(f"{p.year}年{p.month}月", float(v), f"month:{p:%Y-%m}")
            for p, v in zip(rows["period"], rows["value"], strict=True)
        ]
        month = last["period"].date()
        note = None
        if month < ctx.period.start:
            note = f"所选期间未导入，显示最近一期（{month.year}年{month.month}月）"
        return Value(
            float(last["value"]),
            month_end(month),
            reason=note,
            items=items,
            source=f"{last['source']}（{month.year}年{month.month}月）",
        )

    compute.__name__ = f"macro_{key}"
    return compute
