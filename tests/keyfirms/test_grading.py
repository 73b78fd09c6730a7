"""Key-firm grades and tiers follow the written rule; the rule's text has one source."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qifutong.enterprises.models import EconomicRecord, Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.keyfirms import grading
from qifutong.keyfirms.services import add_months, recompute_grades
from qifutong.visits.models import VisitTask

DOC = Path(__file__).resolve().parents[2] / "docs" / "key-firm-grading.md"


@pytest.mark.parametrize(
    ("tax", "revenue", "head", "quals", "grade"),
    [
        (10_000_000, 0, 0, [], "A"),
        (9_999_999, 0, 0, [], "B"),
        (0, 500_000_000, 0, [], "A"),
        (0, 0, 1000, [], "A"),
        (0, 0, 0, ["little_giant"], "A"),
        (2_000_000, 0, 0, [], "B"),
        (0, 0, 300, [], "B"),
        (0, 0, 0, ["specialised"], "B"),
        (1_000_000, 0, 0, [], "C"),
        (0, 50_000_000, 0, [], "C"),
        (0, 0, 150, ["tech_sme"], "C"),
        (0, 0, 0, ["hightech"], "C"),
        (999_999, 49_999_999, 149, ["tech_sme", "new_eagle"], None),
        (None, None, None, None, None),
    ],
)
def test_grade_is_the_highest_grade_any_condition_reaches(tax, revenue, head, quals, grade):
    assert grading.grade_of(tax, revenue, head, quals) == grade


@pytest.mark.parametrize(
    ("rev", "tax", "head", "tier"),
    [
        (-0.20, 0.0, 0.0, "at_risk"),
        (-0.19, -0.30, 0.0, "at_risk"),
        (0.50, 0.50, -0.20, "at_risk"),
        (0.15, 0.10, None, "growing"),
        (0.15, 0.0, 0.10, "growing"),
        (0.15, 0.0, 0.0, "stable"),
        (0.14, 0.5, 0.5, "stable"),
        (0.0, None, None, "stable"),
        (None, 0.5, 0.5, None),
    ],
)
def test_tier_follows_the_rule(rev, tax, head, tier):
    assert grading.tier_of(rev, tax, head) == tier


def test_the_vectorised_rule_agrees_with_the_one_firm_rule():
    rng = np.random.default_rng(7)
    n = 2000
    quals = [
        list(rng.choice(["hightech", "specialised", "listed", "tech_sme"], rng.integers(0, 3)))
        for _ in range(n)
    ]
    df = pd.DataFrame(
        {
            "tax_12m": rng.choice([0, 5e5, 1e6, 2e6, 1e7, np.nan], n),
            "revenue_12m": rng.choice([0, 5e7, 1e8, 5e8, np.nan], n),
            "headcount": rng.choice([0, 150, 300, 1000, np.nan], n),
            "qualifications": quals,
            "revenue_yoy": rng.choice([-0.3, -0.2, 0.0, 0.15, 0.3, np.nan], n),
            "tax_yoy": rng.choice([-0.3, 0.0, 0.1, np.nan], n),
            "headcount_yoy": rng.choice([-0.2, 0.0, 0.1, np.nan], n),
        }
    )

    def nan(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    grades = grading.grade_frame(df)
    tiers = grading.tier_frame(df)
    for i, row in df.iterrows():
        assert grades[i] == grading.grade_of(
            nan(row.tax_12m), nan(row.revenue_12m), nan(row.headcount), row.qualifications
        )
        assert tiers[i] == grading.tier_of(
            nan(row.revenue_yoy), nan(row.tax_yoy), nan(row.headcount_yoy)
        )


def test_the_written_rule_names_every_threshold_and_the_docs_copy_is_current():
    text = grading.rule_text()
    for needle in (
        "≥ 1000 万元",
        "≥ 5 亿元",
        "≥ 1000 人",
        "上市",
        "≥ 200 万元",
        "≥ 1 亿元",
        "≥ 300 人",
        "拟上市",
        "专精特新",
        "≥ 100 万元",
        "≥ 5000 万元",
        "≥ 150 人",
        "高新技术企业",
        "≤ -20%",
        "≤ -30%",
        "≥ +15%",
        "≥ +10%",
        "≥ 30%",
        "≥ 50 万元",
    ):
        assert needle in text, needle
    assert DOC.read_text(encoding="utf-8") == text, "regenerate: qifutong grade --rule > " + str(
        DOC
    )


def _records(
    firm_id, as_of, revenue_prior, revenue_last, tax_prior, tax_last, head_prior, head_last
):
    rows = []
    for back in range(24):
        last = back < 12
        rows.append(
            EconomicRecord(
                enterprise_id=firm_id,
                period=add_months(as_of, -back),
                revenue=(revenue_last if last else revenue_prior) / 12,
                tax_total=(tax_last if last else tax_prior) / 12,
                headcount=head_last if last else head_prior,
            )
        )
    db.session.add_all(rows)


def test_monthly_recompute_on_fixtures(app, make_firm):
    today = date(2026, 11, 23)
    as_of = date(2026, 10, 1)
    big = make_firm(qualifications=[])  # A by tax, growing
    fading = make_firm(qualifications=["hightech"])  # C by qualification, at risk, tax swing
    flat = make_firm(qualifications=[])  # no grade, stable
    newcomer = make_firm(qualifications=["listed"])  # A by listing, too few months for a tier
    gone = make_firm(status="moved_out", grade="B", tier="stable")
    _records(big.id, as_of, 4e8, 4.8e8, 1.0e7, 1.2e7, 500, 520)
    _records(fading.id, as_of, 3e7, 2e7, 1.0e6, 6e5, 80, 60)
    _records(flat.id, as_of, 1e6, 1.05e6, 2e4, 2e4, 10, 10)
    db.session.add(
        EconomicRecord(enterprise_id=newcomer.id, period=as_of, revenue=1e6, tax_total=1e4)
    )
    db.session.commit()

    summary = recompute_grades(today)
    db.session.commit()
    assert summary["as_of"] == "2026-10"
    got = {e.id: (e.grade, e.tier) for e in db.session.scalars(db.select(Enterprise))}
    assert got[big.id] == ("A", "growing")
    assert got[fading.id] == ("C", "at_risk")
    assert got[flat.id] == (None, "stable")
    assert got[newcomer.id] == ("A", None)
    assert got[gone.id] == (None, None)
    assert (summary["A"], summary["B"], summary["C"]) == (2, 0, 1)
    tasks = db.session.scalars(db.select(VisitTask)).all()
    assert [(t.enterprise_id, t.reason) for t in tasks] == [(fading.id, "tax_swing")]
    assert "-40%" in tasks[0].detail
    change = db.session.scalars(
        db.select(EnterpriseChange).where(
            EnterpriseChange.enterprise_id == big.id, EnterpriseChange.field == "grade"
        )
    ).one()
    assert (change.old_value, change.new_value, change.source) == (None, "A", "grade:2026-10")
    # Running it again changes nothing and opens no new task.
    again = recompute_grades(today)
    assert again["changed"] == 0 and again["visit_tasks_opened"] == 0


def test_the_grade_command(app, make_firm):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["grade", "--rule"])
    assert out.exit_code == 0 and out.output == grading.rule_text()
    make_firm(qualifications=["listed"])
    out = runner.invoke(args=["grade", "--as-of", "2026-10"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output.strip().splitlines()[-1])
    assert summary["A"] == 1 and summary["as_of"] == "2026-10"
    bad = runner.invoke(args=["grade", "--as-of", "October"])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output


def test_grades_and_tiers_on_the_demo_street_follow_the_rule(demo_app):
    """Recomputed here from the raw monthly records with plain Python, firm by firm."""
    from qifutong.keyfirms.services import default_as_of
    from qifutong.timeutil import street_today

    as_of = default_as_of(street_today())
    last_from, prior_from = add_months(as_of, -11), add_months(as_of, -23)
    sums: dict[int, dict[str, list[float]]] = {}
    for eid, period, revenue, tax, head in db.session.execute(
        db.select(
            EconomicRecord.enterprise_id,
            EconomicRecord.period,
            EconomicRecord.revenue,
            EconomicRecord.tax_total,
            EconomicRecord.headcount,
        ).where(EconomicRecord.period >= prior_from, EconomicRecord.period <= as_of)
    ):
        window = "l" if period >= last_from else "p"
        s = sums.setdefault(
            eid, {k: [] for k in ("rev_l", "rev_p", "tax_l", "tax_p", "head_l", "head_p")}
        )
        for key, value in (("rev", revenue), ("tax", tax), ("head", head)):
            if value is not None:
                s[f"{key}_{window}"].append(float(value))

    def change(last, prior):
        if len(last) < 6 or len(prior) < 6 or sum(prior) <= 0:
            return None
        return (sum(last) / len(last)) / (sum(prior) / len(prior)) - 1

    firms = db.session.scalars(
        db.select(Enterprise).where(
            Enterprise.status == "active", Enterprise.operates_here.is_(True)
        )
    ).all()
    grades = {"A": 0, "B": 0, "C": 0}
    for e in firms:
        s = sums.get(
            e.id, {k: [] for k in ("rev_l", "rev_p", "tax_l", "tax_p", "head_l", "head_p")}
        )
        tax = sum(s["tax_l"]) if s["tax_l"] else None
        revenue = sum(s["rev_l"]) if s["rev_l"] else None
        want_grade = grading.grade_of(tax, revenue, e.headcount, e.qualifications)
        want_tier = grading.tier_of(
            change(s["rev_l"], s["rev_p"]),
            change(s["tax_l"], s["tax_p"]),
            change(s["head_l"], s["head_p"]),
        )
        assert (e.grade, e.tier) == (want_grade, want_tier), e.name
        if want_grade:
            grades[want_grade] += 1
    assert all(n > 0 for n in grades.values()), grades
    others = db.session.scalar(
        db.select(db.func.count(Enterprise.id)).where(
            Enterprise.grade.is_not(None),
            (Enterprise.status != "active") | Enterprise.operates_here.is_not(True),
        )
    )
    assert others == 0
