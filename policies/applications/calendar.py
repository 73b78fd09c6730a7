"""A firm's calendar (申报日历): the application windows of the items it is eligible for or
follows, its applications' next steps with their deadlines, and its materials that expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from policies.applications import workflow
from policies.applications.materials import firm_materials
from policies.applications.models import Application, FirmMaterial
from policies.applications.services import is_overdue
from qifutong.extensions import db
from qifutong.inbox import follows
from qifutong.inbox.models import OfferFollow
from qifutong.matching import registry
from qifutong.matching.models import MatchResult

WINDOW_KINDS = ("policy", "funding")  # the offers a firm applies for in a window


@dataclass
class Window:
    """One item's application window, and why it is on the firm's calendar."""

    offer: registry.Offer
    eligible: bool
    followed: bool
    application: Application | None  # the firm's application for it, still under way or paid
    days_left: int | None  # to closing (0: today is the last day)
    soon: bool  # 即将截止


@dataclass
class Step:
    """An open application's next step, whose turn it is, and its deadline."""

    application: Application
    text: str
    firm_turn: bool
    due_at: datetime | None
    overdue: bool


@dataclass
class Expiring:
    material: FirmMaterial
    days_left: int  # negative: expired that many days ago


@dataclass
class Calendar:
    open_windows: list[Window]
    upcoming: list[Window]
    steps: list[Step]
    expiring: list[Expiring]
    followed: list[OfferFollow]  # every item the firm follows (services too), newest first
    soon_days: int
    expiry_days: int


def _wanted(enterprise_id: int) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """The items the firm is eligible for, and those it follows (policies, funding)."""
    eligible = set(
        db.session.execute(
            select(MatchResult.offer_kind, MatchResult.offer_id).where(
                MatchResult.enterprise_id == enterprise_id,
                MatchResult.status == "eligible",
                MatchResult.offer_kind.in_(WINDOW_KINDS),
            )
        ).all()
    )
    followed = set(
        db.session.execute(
            select(OfferFollow.offer_kind, OfferFollow.offer_id).where(
                OfferFollow.enterprise_id == enterprise_id,
                OfferFollow.offer_kind.in_(WINDOW_KINDS),
            )
        ).all()
    )
    return {(k, int(i)) for k, i in eligible}, {(k, int(i)) for k, i in followed}


def _applications(enterprise_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(
                Application.enterprise_id == enterprise_id,
                Application.state.in_((*workflow.OPEN_STATES, "paid")),
            )
            .order_by(Application.due_at.is_(None), Application.due_at, Application.id)
        )
    )


def windows(
    enterprise_id: int, today: date, applications: list[Application]
) -> tuple[list[Window], list[Window]]:
    """Windows open today (closing first) and windows still to open (opening first); items
    without a window (always open) and 免申即享 policies (no application) are left out."""
    eligible, followed = _wanted(enterprise_id)
    by_kind: dict[str, list[int]] = {}
    for kind, oid in eligible | followed:
        by_kind.setdefault(kind, []).append(oid)
    applied = {(a.offer_kind, a.offer_id): a for a in applications}
    soon = registry.deadline_soon_days()
    now_open: list[Window] = []
    later: list[Window] = []
    for kind, ids in sorted(by_kind.items()):
        for offer in registry.load_offers(kind, sorted(ids)):
            if offer.auto_payout or (offer.opens_on is None and offer.closes_on is None):
                continue
            key = (offer.kind, offer.id)
            left = (offer.closes_on - today).days if offer.closes_on else None
            item = Window(offer, key in eligible, key in followed, applied.get(key), left,
                          offer.closing_in(today, soon) is not None)  # fmt: skip
            (now_open if offer.window_open(today) else later).append(item)
    now_open.sort(key=lambda w: (w.offer.closes_on or date.max, w.offer.title))
    later.sort(key=lambda w: (w.offer.opens_on or date.max, w.offer.title))
    return now_open, later


def next_steps(applications: list[Application], now: datetime) -> list[Step]:
    """What comes next for each application still under way, the firm's own turns first."""
    steps = []
    for a in applications:
        if a.state not in workflow.NEXT_STEPS:
            continue
        text, actor = workflow.NEXT_STEPS[a.state]
        steps.append(Step(a, text, actor == workflow.FIRM, a.due_at, is_overdue(a, now)))
    return sorted(steps, key=lambda s: (not s.firm_turn, s.due_at or datetime.max))


def expiring_materials(enterprise_id: int, today: date, within: int) -> list[Expiring]:
    """Materials that expire within `within` days or have expired, unless a newer material of
    the same kind is valid for longer (the firm has already replaced it)."""
    materials = firm_materials(enterprise_id)
    out = []
    for m in materials:
        if m.valid_until is None or m.valid_until > today + timedelta(days=within):
            continue
        replaced = any(
            o.kind == m.kind
            and o.id != m.id
            and (o.valid_until is None or o.valid_until > m.valid_until)
            and o.valid_on(today)
            for o in materials
        )
        if not replaced:
            out.append(Expiring(m, (m.valid_until - today).days))
    return sorted(out, key=lambda e: e.days_left)


def firm_calendar(enterprise_id: int, today: date, now: datetime) -> Calendar:
    applications = _applications(enterprise_id)
    now_open, later = windows(enterprise_id, today, applications)
    within = int(current_app.config.get("QIFUTONG_MATERIAL_EXPIRY_DAYS", 30))
    return Calendar(
        open_windows=now_open,
        upcoming=later,
        steps=next_steps(applications, now),
        expiring=expiring_materials(enterprise_id, today, within),
        followed=follows.followed(enterprise_id),
        soon_days=registry.deadline_soon_days(),
        expiry_days=within,
    )
