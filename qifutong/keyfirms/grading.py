"""Key-firm grading (重点企业 A/B/C) and growth tiers: the written rule and its computation.

The thresholds below are the rule. The page the street reads, the text in the docs and the
computation all come from these tables, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from qifutong.web.i18n import N_, current_locale, term, translate
from qifutong.web.units import english_money

QUALIFICATION_LABELS = {
    "listed": N_("上市"),
    "pre_ipo": N_("拟上市"),
    "little_giant": N_("专精特新“小巨人”"),
    "specialised": N_("专精特新"),
    "hightech": N_("高新技术企业"),
    "tech_sme": N_("科技型中小企业"),
    "new_eagle": N_("新雏鹰"),
    "rd_center": N_("研发中心"),
}


@dataclass(frozen=True)
class GradeRule:
    """A firm reaches this grade when it meets any one of the conditions."""

    grade: str
    name: str
    tax_12m: float  # yuan, last 12 months
    revenue_12m: float  # yuan, last 12 months
    headcount: int
    qualifications: tuple[str, ...]


GRADE_RULES = (
    GradeRule(
        "A", N_("A类（核心重点企业）"), 10_000_000, 500_000_000, 1000, ("listed", "little_giant")
    ),
    GradeRule(
        "B", N_("B类（重点培育企业）"), 2_000_000, 100_000_000, 300, ("pre_ipo", "specialised")
    ),
    GradeRule("C", N_("C类（重点关注企业）"), 1_000_000, 50_000_000, 150, ("hightech",)),
)
GRADE_LABELS = {r.grade: r.name for r in GRADE_RULES}


@dataclass(frozen=True)
class TierRule:
    """Growth tier from the change of the last 12 months against the 12 before."""

    min_months: int = 6  # months with records needed in each of the two windows
    risk_revenue: float = -0.20  # revenue y/y at or below → at risk
    risk_tax: float = -0.30  # tax y/y at or below → at risk
    risk_headcount: float = -0.20  # headcount y/y at or below → at risk
    grow_revenue: float = 0.15  # revenue y/y at or above, and …
    grow_tax: float = 0.10  # … tax y/y at or above, or …
    grow_headcount: float = 0.10  # … headcount y/y at or above → growing


TIER_RULE = TierRule()
TIERS = ("growing", "stable", "at_risk")
TIER_LABELS = {"growing": "成长型", "stable": "稳定型", "at_risk": "风险型"}


def _wan(yuan: float) -> str:
    v = yuan / 10_000
    return f"{v / 10_000:g} 亿元" if v >= 10_000 else f"{v:g} 万元"


def _pct(x: float) -> str:
    return f"{x * 100:+.0f}%"


def rule_lines(swing: float = 0.30, min_base: float = 500_000) -> list[str]:
    """The rule in plain Chinese, as Markdown lines (the page and the docs print these)."""
    lines = [
        "# 重点企业分级规则",
        "",
        "## 重点企业 A/B/C",
        "",
        "对象：存续在营、在本街道经营的企业。每月初按上月为止的数据重新计算一次"
        "（`qifutong grade`）。企业满足某一级的任一条件即归入该级；同时满足多级时取最高一级；"
        "一级都不满足的不列为重点企业。",
        "",
        "| 等级 | 近12个月税收 | 近12个月营业收入 | 从业人员 | 资质 |",
        "|---|---|---|---|---|",
    ]
    for r in GRADE_RULES:
        quals = "、".join(QUALIFICATION_LABELS[q] for q in r.qualifications)
        lines.append(
            f"| {r.name} | ≥ {_wan(r.tax_12m)} | ≥ {_wan(r.revenue_12m)} "
            f"| ≥ {r.headcount} 人 | {quals} |"
        )
    t = TIER_RULE
    lines += [
        "",
        "## 成长梯度规则",
        "",
        "比较近12个月与此前12个月的月均营业收入、月均税收和从业人员（同比）。"
        f"两个时段各至少有 {t.min_months} 个月数据的企业才计算梯度，否则记为“数据不足”。",
        "",
        f"- **风险型**：营业收入同比 ≤ {_pct(t.risk_revenue)}，或税收同比 ≤ {_pct(t.risk_tax)}，"
        f"或从业人员同比 ≤ {_pct(t.risk_headcount)}；",
        f"- **成长型**：不属风险型，且营业收入同比 ≥ {_pct(t.grow_revenue)}，"
        f"并且税收同比 ≥ {_pct(t.grow_tax)} 或从业人员同比 ≥ {_pct(t.grow_headcount)}；",
        "- **稳定型**：其余企业。",
        "",
        "## 税收波动预警",
        "",
        f"近12个月月均税收同比变动幅度 ≥ {swing * 100:.0f}%（增或减），"
        f"且此前12个月税收 ≥ {_wan(min_base)} 的企业，列入走访计划（设置项 "
        "`QIFUTONG_TAX_SWING`、`QIFUTONG_TAX_SWING_MIN_BASE`）。",
    ]
    return lines


def rule_text(swing: float = 0.30, min_base: float = 500_000) -> str:
    return "\n".join(rule_lines(swing, min_base)) + "\n"


# --- one firm (for explanations) --------------------------------------------------------------


def grade_of(
    tax_12m: float | None,
    revenue_12m: float | None,
    headcount: int | None,
    qualifications: list[str] | tuple[str, ...] | None,
) -> str | None:
    """The highest grade whose any one condition the firm meets; None if none."""
    quals = set(qualifications or ())
    for r in GRADE_RULES:
        if (
            (tax_12m or 0) >= r.tax_12m
            or (revenue_12m or 0) >= r.revenue_12m
            or (headcount or 0) >= r.headcount
            or quals & set(r.qualifications)
        ):
            return r.grade
    return None


def grade_reasons(
    tax_12m: float | None,
    revenue_12m: float | None,
    headcount: int | None,
    qualifications: list[str] | tuple[str, ...] | None,
) -> list[str]:
    """Which conditions of the firm's grade it meets, in words."""
    grade = grade_of(tax_12m, revenue_12m, headcount, qualifications)
    rule = next((r for r in GRADE_RULES if r.grade == grade), None)
    if rule is None:
        return []
    out = []
    if (tax_12m or 0) >= rule.tax_12m:
        out.append(translate("近12个月税收 ≥ {amount}", amount=_amount(rule.tax_12m)))
    if (revenue_12m or 0) >= rule.revenue_12m:
        out.append(translate("近12个月营业收入 ≥ {amount}", amount=_amount(rule.revenue_12m)))
    if (headcount or 0) >= rule.headcount:
        out.append(translate("从业人员 ≥ {n} 人", n=rule.headcount))
    for q in rule.qualifications:
        if q in (qualifications or ()):
            out.append(term(QUALIFICATION_LABELS[q]))
    return out


def _amount(yuan: float) -> str:
    """A threshold as the reader's locale writes money (1000 万元 / 10.00M yuan)."""
    return english_money(yuan) if current_locale() == "en" else _wan(yuan)


def tier_of(
    revenue_yoy: float | None, tax_yoy: float | None, headcount_yoy: float | None
) -> str | None:
    """growing / stable / at_risk from the three y/y changes; None when revenue's is unknown."""
    t = TIER_RULE
    if revenue_yoy is None:
        return None
    if (
        revenue_yoy <= t.risk_revenue
        or (tax_yoy is not None and tax_yoy <= t.risk_tax)
        or (headcount_yoy is not None and headcount_yoy <= t.risk_headcount)
    ):
        return "at_risk"
    if revenue_yoy >= t.grow_revenue and (
        (tax_yoy is not None and tax_yoy >= t.grow_tax)
        or (headcount_yoy is not None and headcount_yoy >= t.grow_headcount)
    ):
        return "growing"
    return "stable"


# --- all firms at once -----------------------------------------------------------------------


def grade_frame(df: pd.DataFrame) -> pd.Series:
    """Grades for a frame with tax_12m, revenue_12m, headcount and qualifications (lists)."""
    out = pd.Series([None] * len(df), index=df.index, dtype=object)
    tax = df["tax_12m"].fillna(0).to_numpy(dtype=float)
    rev = df["revenue_12m"].fillna(0).to_numpy(dtype=float)
    head = df["headcount"].fillna(0).to_numpy(dtype=float)
    quals = df["qualifications"].map(lambda q: set(q or ()))
    for r in reversed(GRADE_RULES):  # lower grades first; higher ones overwrite
        wanted = set(r.qualifications)
        has = quals.map(lambda q, w=wanted: bool(q & w)).to_numpy(dtype=bool)
        hit = (tax >= r.tax_12m) | (rev >= r.revenue_12m) | (head >= r.headcount) | has
        out[hit] = r.grade
    return out


def tier_frame(df: pd.DataFrame) -> pd.Series:
    """Tiers for a frame with revenue_yoy, tax_yoy and headcount_yoy (NaN when unknown)."""
    t = TIER_RULE
    rev, tax, head = (
        df[c].to_numpy(dtype=float) for c in ("revenue_yoy", "tax_yoy", "headcount_yoy")
    )
    with np.errstate(invalid="ignore"):
        risk = (rev <= t.risk_revenue) | (tax <= t.risk_tax) | (head <= t.risk_headcount)
        grow = (rev >= t.grow_revenue) & ((tax >= t.grow_tax) | (head >= t.grow_headcount))
    tiers = np.where(risk, "at_risk", np.where(grow, "growing", "stable")).astype(object)
    tiers[np.isnan(rev)] = None
    return pd.Series(tiers, index=df.index, dtype=object)


def swing_mask(df: pd.DataFrame, swing: float, min_base: float) -> pd.Series:
    """Firms whose tax y/y moved by at least `swing` either way, on a base of min_base."""
    tax_yoy = df["tax_yoy"].astype(float)
    return (tax_yoy.abs() >= swing) & (df["tax_prior_12m"].fillna(0) >= min_base)


def explain(row: dict[str, Any]) -> dict[str, Any]:
    """Grade, tier and the reasons for one firm's metrics row."""
    return {
        "grade": grade_of(
            row["tax_12m"], row["revenue_12m"], row["headcount"], row["qualifications"]
        ),
        "reasons": grade_reasons(
            row["tax_12m"], row["revenue_12m"], row["headcount"], row["qualifications"]
        ),
        "tier": tier_of(row["revenue_yoy"], row["tax_yoy"], row["headcount_yoy"]),
    }
