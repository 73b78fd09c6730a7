"""The demo street's applications (申报) and 免申即享 payouts, made through the same services
the pages use (history, notices, funnel), so the review list, a policy's funnel and outcome,
and the demo firm's own pages and calendar show real records.

Which firms apply for what follows from the matches: the apply-mode policies that reach the
most firms, and the firms eligible for them on verified data, in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from policies.applications import materials, services
from policies.applications.models import Application, FirmMaterial
from policies.models import Policy
from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inbox import follows
from qifutong.inbox.models import Push
from qifutong.matching import registry
from qifutong.matching.models import MatchResult
from qifutong.models_base import utcnow
from qifutong.seeding import SeedContext

DEMO_FIRM_USER = "qiye"  # the demo firm login (qifutong.auth.seed)


@dataclass(frozen=True)
class Story:
    """One application's road: the state it ends in, how many days ago it was submitted, and
    the share of the policy's top amount paid (for paid ones)."""

    end: str
    days_ago: int
    share: float = 0.0


# The moves from "submitted" to each end state (street moves; withdrawn is the firm's).
ROADS = {
    "submitted": [],
    "accepted": ["accepted"],
    "returned": ["accepted", "returned"],
    "approved": ["accepted", "approved"],
    "paid": ["accepted", "approved", "paid"],
    "rejected": ["rejected"],
    "withdrawn": ["withdrawn"],
}
NOTES = {
    "returned": "请补充近一年财务报表及社保缴纳证明后重新提交。",
    "rejected": "经核实，企业上年度研发投入未达到申报要求，本次不予通过。",
    "withdrawn": "项目计划调整，暂不申报。",
}
# The most-reached policy's applications, then the next one's, then the demo firm's own.
FIRST = [Story("paid", 58, 0.6), Story("paid", 45, 0.4), Story("paid", 40, 1.0),
         Story("approved", 21), Story("approved", 16), Story("accepted", 9), Story("accepted", 6),
         Story("returned", 12), Story("rejected", 30), Story("submitted", 2),
         Story("submitted", 1)]  # fmt: skip
SECOND = [Story("paid", 50, 0.5), Story("approved", 14), Story("returned", 8),
          Story("rejected", 20), Story("submitted", 3)]  # fmt: skip
DEMO_FIRM = [Story("paid", 60, 0.5), Story("returned", 10), Story("submitted", 2),
             Story("withdrawn", 25)]  # fmt: skip
PAYOUTS = 12  # 免申即享 payouts recorded for the most-reached automatic policy
KEEP_FOR_THE_DEMO_FIRM = 2  # pushed items it can still apply for (its inbox's 立即申报)


def _street_user() -> User | None:
    return db.session.scalar(
        select(User).where(User.role == Role.STREET, User.active.is_(True)).order_by(User.id)
    )


def _eligible(policy_id: int) -> list[int]:
    """The firms eligible for the policy on verified data, in id order."""
    return list(
        db.session.scalars(
            select(MatchResult.enterprise_id)
            .where(
                MatchResult.offer_kind == "policy",
                MatchResult.offer_id == policy_id,
                MatchResult.status == "eligible",
                MatchResult.unverified.is_(False),
            )
            .order_by(MatchResult.enterprise_id)
        )
    )


def _most_reached(modes: tuple[str, ...]) -> list[Policy]:
    """Published policies of these payout modes, the ones reaching the most firms first."""
    reach = (
        select(MatchResult.offer_id, func.count().label("n"))
        .where(MatchResult.offer_kind == "policy", MatchResult.status == "eligible")
        .group_by(MatchResult.offer_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Policy)
            .join(reach, reach.c.offer_id == Policy.id)
            .where(Policy.status == "published", Policy.payout_mode.in_(modes))
            .order_by(reach.c.n.desc(), Policy.id)
        )
    )


def _play(
    ent: Enterprise, policy: Policy, story: Story, firm_user: User | None, street: User,
    materials: list[int], now: datetime,
) -> bool:  # fmt: skip
    """Submit and move one application along its road; False (nothing kept) when the firm
    cannot apply."""
    at = now - timedelta(days=story.days_ago)
    savepoint = db.session.begin_nested()
    try:
        app = services.submit(ent, "policy", policy.id, {}, materials, firm_user, now=at)
        for step, to in enumerate(ROADS[story.end], 1):
            at = min(now, at + timedelta(days=2 if step == 1 else 5, hours=step))
            amount = (
                round((policy.max_amount or 50_000) * story.share, -2) if to == "paid" else None
            )
            mover = firm_user if to == "withdrawn" else street
            services.transition(app, to, user=mover, note=NOTES.get(to), amount=amount or None,
                                now=at)  # fmt: skip
    except services.ApplicationError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def _firm_user(enterprise_id: int) -> User | None:
    return db.session.scalar(
        select(User).where(User.enterprise_id == enterprise_id).order_by(User.id)
    )


def _demo_materials(ent: Enterprise, user: User | None, ctx: SeedContext) -> list[int]:
    """The demo firm's library: a licence, last year's statements (expiring soon) and a
    certificate."""
    made = [
        materials.add_material(
            ent, kind, name, b"%PDF-1.4 demo", ctx.today + timedelta(days=d), user, title
        )
        for kind, name, title, d in (
            ("license", "营业执照副本.pdf", "营业执照副本", 3 * 365),
            ("financials", "年度财务报表.pdf", "上年度财务报表", 20),
            ("qualification", "高新技术企业证书.pdf", "高新技术企业证书", 400),
        )
    ]
    return [made[0].id]


def _demo_firm_policies(enterprise_id: int, used: set[int]) -> list[Policy]:
    """Apply-mode policies the demo firm is eligible for: those not pushed to it first, and
    always leaving some pushed ones for it to apply for itself."""
    eligible = [
        p
        for p in _most_reached(("apply", "fast"))
        if p.id not in used and enterprise_id in _eligible(p.id)
    ]
    pushed = set(
        db.session.scalars(
            select(Push.offer_id).where(
                Push.enterprise_id == enterprise_id, Push.offer_kind == "policy"
            )
        )
    )
    unpushed = [p for p in eligible if p.id not in pushed]
    pushed_ones = [p for p in eligible if p.id in pushed][KEEP_FOR_THE_DEMO_FIRM:]
    return unpushed + pushed_ones


def load_applications(ctx: SeedContext) -> dict[str, int]:
    if db.session.scalar(select(func.count()).select_from(Application)):
        return {"applications": 0, "payouts": 0, "materials": 0}
    street = _street_user()
    if street is None:
        return {"applications": 0, "payouts": 0, "materials": 0}
    now = utcnow()
    made = 0
    demo_firm = db.session.scalar(select(User.enterprise_id).where(User.username == DEMO_FIRM_USER))
    used: set[int] = set()
    for policy, stories in zip(_most_reached(("apply", "fast")), (FIRST, SECOND), strict=False):
        used.add(policy.id)
        firms = [f for f in _eligible(policy.id) if f != demo_firm]
        for story in stories:
            for firm_id in firms:
                ent = db.session.get(Enterprise, firm_id)
                if ent is not None and _play(ent, policy, story, _firm_user(firm_id), street,
                                             [], now):  # fmt: skip
                    firms.remove(firm_id)
                    made += 1
                    break
    materials = 0
    if demo_firm is not None and (ent := db.session.get(Enterprise, demo_firm)) is not None:
        user = _firm_user(ent.id)
        kept = _demo_materials(ent, user, ctx)
        materials = len(kept) and int(
            db.session.scalar(
                select(func.count(FirmMaterial.id)).where(FirmMaterial.enterprise_id == ent.id)
            )
            or 0
        )
        policies = _demo_firm_policies(ent.id, used)
        for story in DEMO_FIRM:
            for policy in policies:
                if _play(ent, policy, story, user, street, kept, now):
                    policies.remove(policy)
                    made += 1
                    break
        _follow_withdrawn(ent.id, user, ctx)
    return {"applications": made, "payouts": _payouts(street, now), "materials": materials or 0}


def _follow_withdrawn(enterprise_id: int, user: User | None, ctx: SeedContext) -> None:
    """The demo firm follows what it withdrew from, waiting for its next batch (关注)."""
    for kind, offer_id in db.session.execute(
        select(Application.offer_kind, Application.offer_id).where(
            Application.enterprise_id == enterprise_id, Application.state == "withdrawn"
        )
    ):
        offer = registry.load_offer(kind, offer_id)
        if offer is not None:
            follows.follow(enterprise_id, user, offer, ctx.today)


def _payouts(street: User, now: datetime) -> int:
    """免申即享: the street pays the most-reached automatic policy to its first eligible firms."""
    paid = 0
    for policy in _most_reached(("auto",))[:1]:
        for i, firm_id in enumerate(_eligible(policy.id)[:PAYOUTS]):
            ent = db.session.get(Enterprise, firm_id)
            if ent is None:
                continue
            amount = round((policy.max_amount or 20_000) * (0.3 + 0.05 * i), -2)
            when = now - timedelta(days=3 + i)
            services.record_payout(policy, ent, amount, street, paid_on=None, now=when)
            paid += 1
    return paid
