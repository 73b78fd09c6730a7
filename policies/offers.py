"""Policies, funding products, service providers and activities as offers to match and push."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from policies.models import (
    ISSUER_LEVELS,
    PAYOUT_MODES,
    Activity,
    FundingProduct,
    Policy,
    ServiceProvider,
)
from qifutong.extensions import db
from qifutong.matching.registry import Offer, OfferSource, register_offer_source
from qifutong.timeutil import street_now, street_today
from qifutong.web.i18n import N_, Phrase

FUNDING_KINDS = {"loan": N_("贷款"), "guarantee": N_("担保"), "equity": N_("股权投资")}
SERVICE_CATEGORIES = {
    "law": N_("法律服务"),
    "accounting": N_("财税会计"),
    "ip": N_("知识产权"),
    "hr": N_("人力资源"),
    "broker": N_("券商与上市服务"),
    "consulting": N_("管理咨询"),
    "certification": N_("认证检测"),
}
ACTIVITY_KINDS = {
    "training": "培训",
    "briefing": "政策宣讲",
    "salon": "沙龙",
    "roadshow": "路演",
    "job_fair": "招聘会",
    "event": "活动",
}


def _ids(stmt: Any, column: Any, ids: Collection[int] | None) -> Any:
    return stmt if ids is None else stmt.where(column.in_(list(ids) or [-1]))


def policy_offer(p: Policy) -> Offer:
    """A policy as an offer (also used to preview a draft's audience)."""
    level = ISSUER_LEVELS.get(p.issuer_level, p.issuer_level)
    provider = (
        Phrase(
            "{level} · {department}", {"level": Phrase(level), "department": p.issuer_department}
        )
        if p.issuer_department
        else Phrase(level)
    )
    return Offer(
        kind="policy",
        id=p.id,
        title=p.title,
        criteria=list(p.criteria or []),
        tags=list(p.tags or []),
        summary=p.summary,
        provider=provider.zh(),
        category=p.category,
        facets={
            "层级": level,
            "类别": p.category,
            "兑现方式": PAYOUT_MODES.get(p.payout_mode, p.payout_mode),
        },
        detail_url=f"/policies/{p.id}",
        # 免申即享 needs no application; the others apply on their form.
        action_url=None if p.payout_mode == "auto" else f"/firm/applications/new/policy/{p.id}",
        amount=p.max_amount,
        auto_payout=p.payout_mode == "auto",
        opens_on=p.opens_on,
        closes_on=p.closes_on,
        batch=p.batch,
        search_text=" ".join([p.amount_text or "", p.doc_number or "", p.full_text[:2000]]),
        wording={"provider": provider},
    )


def policy_offers(ids: Collection[int] | None) -> list[Offer]:
    """Published policies still in force whose application window has not closed."""
    today = street_today()
    stmt = select(Policy).where(
        Policy.status == "published",
        or_(Policy.valid_to.is_(None), Policy.valid_to >= today),
        or_(Policy.closes_on.is_(None), Policy.closes_on >= today),
    )
    stmt = _ids(stmt, Policy.id, ids).order_by(Policy.id)
    return [policy_offer(p) for p in db.session.scalars(stmt)]


def _funding_summary(f: FundingProduct) -> Phrase:
    """The product's summary and its terms (rate as written, term in months)."""
    values = {"summary": f.summary, "rate": f.rate_text or "", "months": f.term_months}
    if f.rate_text and f.term_months:
        return Phrase("{summary}（{rate}，期限 {months} 个月）", values)
    if f.term_months:
        return Phrase("{summary}（期限 {months} 个月）", values)
    return Phrase("{summary}（{rate}）", values)


def funding_offers(ids: Collection[int] | None) -> list[Offer]:
    """Active funding products whose application window has not closed."""
    open_window = or_(
        FundingProduct.closes_on.is_(None), FundingProduct.closes_on >= street_today()
    )
    stmt = _ids(
        select(FundingProduct).where(FundingProduct.active.is_(True), open_window),
        FundingProduct.id,
        ids,
    )
    out = []
    for f in db.session.scalars(stmt.order_by(FundingProduct.id)):
        summary = _funding_summary(f)
        out.append(
            Offer(
                kind="funding",
                id=f.id,
                title=f.title,
                criteria=list(f.criteria or []),
                tags=list(f.tags or []),
                summary=summary.zh(),
                provider=f.provider,
                category=FUNDING_KINDS.get(f.kind, f.kind),
                facets={N_("产品类型"): FUNDING_KINDS.get(f.kind, f.kind), N_("机构"): f.provider},
                action_url=f"/firm/applications/new/funding/{f.id}",
                amount=f.amount_max,
                wording={"summary": summary},
                opens_on=f.opens_on,
                closes_on=f.closes_on,
                batch=f.batch,
            )
        )
    return out


def service_offers(ids: Collection[int] | None) -> list[Offer]:
    stmt = _ids(
        select(ServiceProvider).where(ServiceProvider.active.is_(True)), ServiceProvider.id, ids
    )
    out = []
    for s in db.session.scalars(stmt.order_by(ServiceProvider.id)):
        category = SERVICE_CATEGORIES.get(s.category, s.category)
        contact = " ".join(x for x in (s.contact_name, s.phone) if x)
        summary = (
            Phrase("{summary}（联系人：{contact}）", {"summary": s.summary, "contact": contact})
            if contact
            else Phrase("{summary}", {"summary": s.summary})
        )
        out.append(
            Offer(
                kind="service",
                id=s.id,
                title=s.name,
                criteria=list(s.criteria or []),
                tags=list(s.tags or []),
                summary=summary.zh(),
                provider=s.address or "",
                category=category,
                facets={N_("服务类别"): category},
                wording={"summary": summary},
            )
        )
    return out


def activity_offers(ids: Collection[int] | None) -> list[Offer]:
    """Published activities that have not started yet."""
    now = street_now()  # activities keep the street's wall-clock time
    stmt = select(Activity).where(Activity.status == "published", Activity.starts_at >= now)
    out = []
    for a in db.session.scalars(_ids(stmt, Activity.id, ids).order_by(Activity.starts_at)):
        kind = ACTIVITY_KINDS.get(a.kind, a.kind)
        summary = Phrase(
            "{starts} · {place}。{summary}",
            {
                "starts": format(a.starts_at, "%Y-%m-%d %H:%M"),
                "place": a.place,
                "summary": a.summary,
            },
        )
        out.append(
            Offer(
                kind="activity",
                id=a.id,
                title=a.title,
                criteria=list(a.criteria or []),
                tags=list(a.tags or []),
                summary=summary.zh(),
                provider=a.organizer,
                category=kind,
                facets={N_("活动类型"): kind},
                action_url="/firm/activities/",
                wording={"summary": summary},
            )
        )
    return out


def _this_minute() -> datetime:
    """Activities leave the offers when they start: a cached list holds for the minute."""
    return street_now().replace(second=0, microsecond=0)


def register_offers() -> None:
    register_offer_source(
        OfferSource("policy", "政策", policy_offers, "立即申报", "找政策", 10, street_today)
    )
    register_offer_source(
        OfferSource(
            "funding", "资金产品", funding_offers, N_("申请对接"), N_("找资金"), 20, street_today
        )
    )
    register_offer_source(
        OfferSource("service", N_("服务机构"), service_offers, N_("预约咨询"), N_("找服务"), 40)
    )
    register_offer_source(
        OfferSource("activity", "活动培训", activity_offers, N_("我要报名"), None, 50, _this_minute)
    )
