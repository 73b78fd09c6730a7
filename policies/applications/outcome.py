"""A policy's outcome (兑现成效): the firms paid, those applying, those eligible that have not
applied, and the near-misses, with amounts, by industry and by building."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select

from policies.applications import workflow
from policies.applications.models import Application
from policies.models import Policy
from policies.services import audience
from qifutong import places
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.industry import industry_names
from qifutong.web.i18n import N_

OUTCOMES = {
    "granted": N_("已兑现"),
    "applying": N_("申报中"),
    "eligible": N_("符合条件未申报"),
    "near_miss": N_("差一点"),
}


@dataclass
class Outcome:
    rows: pd.DataFrame  # one row per firm: name, uscc, industry, building, outcome, amount
    counts: dict[str, int] = field(default_factory=dict)
    amount: float = 0.0
    by_industry: list[dict[str, Any]] = field(default_factory=list)
    by_building: list[dict[str, Any]] = field(default_factory=list)


def _applications(policy: Policy) -> pd.DataFrame:
    rows = db.session.execute(
        select(Application.enterprise_id, Application.state, Application.amount_paid).where(
            Application.offer_kind == "policy",
            Application.offer_id == policy.id,
            Application.state.in_((*workflow.OPEN_STATES, "paid")),
        )
    ).all()
    return pd.DataFrame(rows, columns=["enterprise_id", "state", "amount"])


def _firms(ids: list[int]) -> pd.DataFrame:
    found = db.session.execute(
        select(
            Enterprise.id, Enterprise.name, Enterprise.uscc, Enterprise.industry_section,
            Enterprise.building_id,
        ).where(Enterprise.id.in_(ids or [-1]))
    ).all()  # fmt: skip
    buildings = places.names({r[4] for r in found if r[4] is not None})
    rows = [(*r[:4], buildings.get(r[4]) if r[4] is not None else None) for r in found]
    return pd.DataFrame(rows, columns=["enterprise_id", "name", "uscc", "section", "building"])


def policy_outcome(policy: Policy) -> Outcome:
    """Every firm the policy reaches or paid, each with one outcome."""
    reach = audience(policy).frame[["enterprise_id", "status"]]
    apps = _applications(policy)
    merged = reach.merge(apps, on="enterprise_id", how="outer")
    merged["outcome"] = [
        "granted" if state == "paid" else "applying" if isinstance(state, str) else status
        for state, status in zip(merged["state"], merged["status"], strict=True)
    ]
    merged = merged[merged["outcome"].isin(list(OUTCOMES))]
    firms = _firms([int(i) for i in merged["enterprise_id"]])
    rows = merged.merge(firms, on="enterprise_id", how="left")
    names = industry_names()
    rows["industry"] = rows["section"].map(lambda s: names.get(s, "未知行业") if s else "未知行业")
    rows["building"] = rows["building"].fillna("不在楼宇内")
    rows["amount"] = rows["amount"].where(rows["outcome"] == "granted", 0.0).fillna(0.0)
    order = {k: i for i, k in enumerate(OUTCOMES)}
    rows = rows.sort_values(
        ["outcome", "name"], key=lambda c: c.map(order) if c.name == "outcome" else c
    )
    out = Outcome(rows.reset_index(drop=True))
    out.counts = {k: int((rows["outcome"] == k).sum()) for k in OUTCOMES}
    out.amount = float(rows["amount"].sum())
    out.by_industry = _grouped(rows, "industry")
    out.by_building = _grouped(rows, "building")
    return out


def _grouped(rows: pd.DataFrame, by: str) -> list[dict[str, Any]]:
    if not len(rows):
        return []
    counts = rows.groupby([by, "outcome"]).size().unstack(fill_value=0)
    amounts = rows.groupby(by)["amount"].sum()
    out = [
        {"name": name, **{k: int(r.get(k, 0)) for k in OUTCOMES}, "amount": float(amounts[name])}
        for name, r in counts.iterrows()
    ]
    return sorted(out, key=lambda d: (-d["granted"], -d["eligible"], -d["near_miss"], d["name"]))
