"""Writing policies (draft → publish) and seeing who a policy reaches before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select

from policies.models import Policy
from policies.offers import policy_offer
from policies.schemas import NotPublishable
from qifutong import events, places
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.reports import pending_values
from qifutong.extensions import db
from qifutong.industry import industry_names
from qifutong.matching import queries
from qifutong.matching.criteria import CriteriaError, parse_criteria
from qifutong.matching.engine import compile_offer, offer_bits, result_rows
from qifutong.matching.services import labels, load_columns
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

UNKNOWN_MARK = "暂无数据"  # how an explanation names a field the firm has no data for


def create_policy(data: dict[str, Any], user_id: int | None) -> Policy:
    """A new draft from validated fields (schemas.load)."""
    policy = Policy(**{"criteria": [], "tags": [], **data, "status": "draft"})
    policy.created_by = user_id
    db.session.add(policy)
    db.session.flush()
    return policy


# The parts of an offer whose amendment its followers are told of, as they read them.
AMENDED_PARTS = {
    "title": "名称",
    "summary": "摘要",
    "full_text": "正文",
    "amount_text": "支持内容",
    "max_amount": "最高金额",
    "amount_min": "额度",
    "amount_max": "额度",
    "rate_text": "利率",
    "term_months": "期限",
    "opens_on": "申报时间",
    "closes_on": "申报时间",
    "batch": "申报批次",
}


def amended_parts(record: object, data: dict[str, Any]) -> list[str]:
    """What of the record these changes amend, in its followers' words (each once)."""
    parts = [
        AMENDED_PARTS[name]
        for name, value in data.items()
        if name in AMENDED_PARTS and getattr(record, name) != value
    ]
    return list(dict.fromkeys(parts))


def update_policy(policy: Policy, data: dict[str, Any]) -> None:
    """Apply validated changes; a published policy is matched again (that policy only) and
    the firms that follow it are told what was amended."""
    parts = amended_parts(policy, data)
    for name, value in data.items():
        setattr(policy, name, value)
    db.session.flush()
    if policy.status == "published":
        events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
        if parts:
            events.emit(events.OFFER_AMENDED, kind="policy", offer_id=policy.id, parts=parts)


def publish_policy(policy: Policy) -> dict[str, int]:
    """Publish a draft: match it against every firm and push it to the eligible ones."""
    if policy.status == "published":
        raise NotPublishable("status", translate("该政策已经发布"))
    try:
        parse_criteria(policy.criteria)
    except CriteriaError as exc:
        raise NotPublishable(f"criteria[{exc.index}].{exc.field}", exc.message) from exc
    if policy.valid_to is not None and policy.valid_to < street_today():
        raise NotPublishable("valid_to", translate("政策已过有效期，不能发布"))
    policy.status = "published"
    policy.published_at = utcnow()
    db.session.flush()
    events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
    counts = queries.match_counts("policy", policy.id)
    counts["pushed"] = queries.funnel("policy", policy.id)["pushed"]
    return counts


# --- audience -----------------------------------------------------------------------------


@dataclass
class Audience:
    """Who a policy reaches: eligible and near-miss firms, by industry and by building."""

    frame: pd.DataFrame
    preview: bool  # computed now for a draft (True) or read from stored results
    counts: dict[str, int] = field(default_factory=dict)
    by_industry: list[dict[str, Any]] = field(default_factory=list)
    by_building: list[dict[str, Any]] = field(default_factory=list)


def _preview_frame(policy: Policy, today: date) -> pd.DataFrame:
    offer = policy_offer(policy)
    compiled = compile_offer("policy", policy.id, offer.criteria, offer.tags)
    cols = load_columns(None, today)
    rows = result_rows(cols, offer_bits(cols, compiled), labels(), utcnow())
    found = pd.DataFrame(rows, columns=["enterprise_id", "status", "score", "reasons", "missing"])
    firms = pd.DataFrame(
        db.session.execute(
            select(
                Enterprise.id,
                Enterprise.name,
                Enterprise.uscc,
                Enterprise.industry_code,
                Enterprise.industry_section,
                Enterprise.building_id,
            ).where(Enterprise.is_active)
        ).all(),
        columns=[
            "enterprise_id",
            "name",
            "uscc",
            "industry_code",
            "industry_section",
            "building_id",
        ],
    )
    merged = found.merge(firms, on="enterprise_id", how="left")
    # A draft's preview flags every firm with values of its own still to verify.
    merged["unverified"] = merged["enterprise_id"].isin(list(pending_values()))
    merged["_e"] = merged["status"] != "eligible"
    return merged.sort_values(["_e", "score", "enterprise_id"], ascending=[True, False, True]).drop(
        columns="_e"
    )


def audience(policy: Policy, today: date | None = None) -> Audience:
    """The firms a policy reaches, computed now (a preview for a draft)."""
    today = today or street_today()
    preview = policy.status != "published"
    # Worked out by the engine when asked: the stored results keep only each firm's best
    # near-misses, and an audience lists every one.
    frame = _preview_frame(policy, today)
    eligible = frame[frame["status"] == "eligible"]
    near = frame[frame["status"] == "near_miss"]
    only_unknown = near["missing"].map(lambda m: bool(m) and all(UNKNOWN_MARK in x for x in m))
    out = Audience(frame, preview)
    out.counts = {
        "eligible": len(eligible),
        "near_miss": len(near),
        "near_miss_unknown": int(only_unknown.sum()) if len(near) else 0,
        # 免申即享 pays out on verified data only.
        "auto": int((~eligible["unverified"].astype(bool)).sum())
        if policy.payout_mode == "auto"
        else 0,
    }
    names = industry_names()
    buildings = places.names()
    if len(frame):
        grouped = (
            frame.assign(section=frame["industry_section"].fillna("—"))
            .groupby(["section", "status"])
            .size()
            .unstack(fill_value=0)
        )
        out.by_industry = sorted(
            (
                {
                    "code": s,
                    "name": names.get(s) or translate("未知行业"),
                    "eligible": int(r.get("eligible", 0)),
                    "near_miss": int(r.get("near_miss", 0)),
                }
                for s, r in grouped.iterrows()
            ),
            key=lambda d: (-d["eligible"], -d["near_miss"], d["code"]),
        )
        by_b = (
            frame.assign(b=frame["building_id"].fillna(-1).astype(int))
            .groupby(["b", "status"])
            .size()
            .unstack(fill_value=0)
        )
        out.by_building = sorted(
            (
                {
                    "id": None if b == -1 else int(b),
                    "name": buildings.get(int(b)) or translate("不在楼宇内"),
                    "eligible": int(r.get("eligible", 0)),
                    "near_miss": int(r.get("near_miss", 0)),
                }
                for b, r in by_b.iterrows()
            ),
            key=lambda d: (-d["eligible"], -d["near_miss"], d["name"]),
        )
    return out
