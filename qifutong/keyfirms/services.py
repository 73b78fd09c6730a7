"""Monthly recomputation of key-firm grades and tiers, and the tax swing alerts it raises."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from flask import current_app
from sqlalchemy import case, func, insert, select, update

from qifutong.database import exclusive
from qifutong.enterprises.models import EconomicRecord, Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.keyfirms import grading
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today
from qifutong.visits.models import VisitTask
from qifutong.visits.tasks import open_visit_task


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def default_as_of(today: date) -> date:
    """The last complete month: grading on the 5th of May uses figures up to April."""
    return add_months(today, -1)


def firm_metrics(as_of: date) -> pd.DataFrame:
    """Per active firm operating here: 12-month sums, y/y changes and its qualifications."""
    last_from = add_months(as_of, -11)
    prior_from = add_months(as_of, -23)
    r = EconomicRecord
    in_last = r.period >= last_from

    def _sum(col: Any, last: bool) -> Any:
        return func.sum(case((in_last if last else ~in_last, col)))

    def _count(col: Any, last: bool) -> Any:
        cond = (in_last if last else ~in_last) & col.is_not(None)
        return func.sum(case((cond, 1), else_=0))

    stmt = (
        select(
            r.enterprise_id.label("id"),
            _sum(r.revenue, True).label("rev_l"),
            _count(r.revenue, True).label("n_rev_l"),
            _sum(r.revenue, False).label("rev_p"),
            _count(r.revenue, False).label("n_rev_p"),
            _sum(r.tax_total, True).label("tax_l"),
            _count(r.tax_total, True).label("n_tax_l"),
            _sum(r.tax_total, False).label("tax_p"),
            _count(r.tax_total, False).label("n_tax_p"),
            _sum(r.headcount, True).label("head_l"),
            _count(r.headcount, True).label("n_head_l"),
            _sum(r.headcount, False).label("head_p"),
            _count(r.headcount, False).label("n_head_p"),
        )
        .where(r.period >= prior_from, r.period <= as_of)
        .group_by(r.enterprise_id)
    )
    records = pd.DataFrame(
        db.session.execute(stmt).all(), columns=list(stmt.selected_columns.keys())
    )
    firms = pd.DataFrame(
        db.session.execute(
            select(
                Enterprise.id,
                Enterprise.headcount,
                Enterprise.qualifications,
                Enterprise.grade,
                Enterprise.tier,
            ).where(Enterprise.is_active, Enterprise.operates_here.is_(True))
        ).all(),
        columns=["id", "headcount", "qualifications", "old_grade", "old_tier"],
    )
    df = firms.merge(records, on="id", how="left").set_index("id")
    for col in df.columns:
        if col.startswith(("rev_", "tax_", "head_", "n_")):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    need = grading.TIER_RULE.min_months

    def change(name: str) -> pd.Series:
        n_l, n_p = df[f"n_{name}_l"], df[f"n_{name}_p"]
        mean_l, mean_p = df[f"{name}_l"] / n_l, df[f"{name}_p"] / n_p
        ok = (n_l >= need) & (n_p >= need) & (mean_p > 0)
        return (mean_l / mean_p - 1).where(ok)

    out = pd.DataFrame(index=df.index)
    out["tax_12m"] = df["tax_l"]
    out["revenue_12m"] = df["rev_l"]
    out["headcount"] = df["headcount"].astype(float)
    out["qualifications"] = df["qualifications"].map(lambda q: list(q or []))
    out["revenue_yoy"] = change("rev")
    out["tax_yoy"] = change("tax")
    out["headcount_yoy"] = change("head")
    out["tax_prior_12m"] = df["tax_p"]
    out["old_grade"] = df["old_grade"]
    out["old_tier"] = df["old_tier"]
    return out


def _text(values: pd.Series) -> pd.Series:
    """Grades and tiers as strings, '' for none (NaN and None alike)."""
    return values.map(lambda v: v if isinstance(v, str) else "")


def swing_settings() -> tuple[float, float]:
    cfg = current_app.config
    return float(cfg["QIFUTONG_TAX_SWING"]), float(cfg["QIFUTONG_TAX_SWING_MIN_BASE"])


def recompute_grades(today: date, as_of: date | None = None) -> dict[str, Any]:
    """Grade and tier every firm from the rule, record what changed, open tax swing tasks.
    Two runs at once take turns: the second finds nothing left to change."""
    exclusive("grading")
    as_of = as_of or default_as_of(today)
    df = firm_metrics(as_of)
    df["grade"] = grading.grade_frame(df)
    df["tier"] = grading.tier_frame(df)
    source = f"grade:{as_of:%Y-%m}"
    now = utcnow()
    grade, tier = _text(df["grade"]), _text(df["tier"])
    old_grade, old_tier = _text(df["old_grade"]), _text(df["old_tier"])
    moved = (grade != old_grade) | (tier != old_tier)
    updates = [
        {"id": int(i), "grade": g or None, "tier": t or None}
        for i, g, t in zip(df.index[moved], grade[moved], tier[moved], strict=True)
    ]
    changes: list[dict[str, Any]] = []
    for field, new, old in (("grade", grade, old_grade), ("tier", tier, old_tier)):
        diff = new != old
        changes += [
            {
                "enterprise_id": int(i),
                "field": field,
                "old_value": o or None,
                "new_value": n or None,
                "source": source,
                "changed_at": now,
            }
            for i, n, o in zip(df.index[diff], new[diff], old[diff], strict=True)
        ]
    # Firms that left or closed keep no grade.
    gone = db.session.execute(
        select(Enterprise.id, Enterprise.grade, Enterprise.tier).where(
            Enterprise.id.not_in(df.index.tolist()) if len(df) else Enterprise.id.is_not(None),
            (Enterprise.grade.is_not(None)) | (Enterprise.tier.is_not(None)),
        )
    ).all()
    for eid, old_grade, old_tier in gone:
        updates.append({"id": eid, "grade": None, "tier": None})
        for field, old in (("grade", old_grade), ("tier", old_tier)):
            if old is not None:
                changes.append(
                    {
                        "enterprise_id": eid,
                        "field": field,
                        "old_value": old,
                        "new_value": None,
                        "source": source,
                        "changed_at": now,
                    }
                )
    if updates:
        db.session.execute(update(Enterprise), updates)
    if changes:
        db.session.execute(insert(EnterpriseChange), changes)
    swing, min_base = swing_settings()
    swinging = df[grading.swing_mask(df, swing, min_base)]
    opened = open_swing_tasks(swinging, as_of)
    grades = df["grade"].value_counts()
    tiers = df["tier"].value_counts()
    return {
        "as_of": f"{as_of:%Y-%m}",
        "firms": len(df),
        "A": int(grades.get("A", 0)),
        "B": int(grades.get("B", 0)),
        "C": int(grades.get("C", 0)),
        "growing": int(tiers.get("growing", 0)),
        "stable": int(tiers.get("stable", 0)),
        "at_risk": int(tiers.get("at_risk", 0)),
        "changed": len(updates),
        "tax_swing": len(swinging),
        "visit_tasks_opened": opened,
    }


def open_swing_tasks(swinging: pd.DataFrame, as_of: date) -> int:
    """One visit task per swinging firm, unless it had one in the last six months."""
    since = utcnow() - timedelta(days=183)
    recent = set(
        db.session.scalars(
            select(VisitTask.enterprise_id).where(
                VisitTask.reason == "tax_swing", VisitTask.created_at >= since
            )
        )
    )
    opened = 0
    for eid, row in swinging.iterrows():
        if int(eid) in recent:
            continue
        change = float(row["tax_yoy"])
        detail = (
            f"近12个月月均税收同比 {change * 100:+.0f}%"
            f"（此前12个月 {float(row['tax_prior_12m']) / 10_000:,.1f} 万元）"
        )
        open_visit_task(int(eid), "tax_swing", detail, f"tax_swing:{int(eid)}:{as_of:%Y-%m}")
        opened += 1
    return opened


def on_figures_changed(ids: list[int], **_: Any) -> None:
    """New monthly figures: a firm among them whose tax now swings is asked a visit at once
    (grades and tiers wait for the monthly `qifutong grade`)."""
    as_of = default_as_of(street_today())
    df = firm_metrics(as_of)
    df = df[df.index.isin(ids)]
    swing, min_base = swing_settings()
    open_swing_tasks(df[grading.swing_mask(df, swing, min_base)], as_of)


def swing_alerts(today: date) -> pd.DataFrame:
    """Firms whose tax swings now (for the key-firm page), largest change first."""
    df = firm_metrics(default_as_of(today))
    swing, min_base = swing_settings()
    out = df[grading.swing_mask(df, swing, min_base)].copy()
    out["abs_change"] = out["tax_yoy"].abs()
    return out.sort_values("abs_change", ascending=False)
