"""The daily digest: each firm's new items of the day, in the app and by e-mail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.mail import notify, send_email
from qifutong.matching.models import Notification, Push
from qifutong.matching.push import day_bounds
from qifutong.matching.queries import explain_pushes, titles
from qifutong.matching.registry import Offer
from qifutong.models_base import utcnow

EMAIL_LOOKBACK_DAYS = 7


def soon_closing(
    offers: Mapping[tuple[str, int], Offer], today: date
) -> dict[tuple[str, int], int]:
    """Per offer whose application window closes within QIFUTONG_DEADLINE_SOON_DAYS (即将截止),
    the days left."""
    within = int(current_app.config.get("QIFUTONG_DEADLINE_SOON_DAYS", 7))
    out = {}
    for key, offer in offers.items():
        left = offer.closing_in(today, within)
        if left is not None:
            out[key] = left
    return out


def _offers_of(pushes: list[Push]) -> dict[tuple[str, int], Offer]:
    return titles({(p.offer_kind, p.offer_id) for p in pushes})


def closing_text(left: int) -> str:
    return "即将截止：今天截止" if left == 0 else f"即将截止：还剩 {left} 天"


def soonest_first(pushes: list[Push], closing: dict[tuple[str, int], int]) -> list[Push]:
    """Items closing soon first (the soonest first), the rest in their order."""
    return sorted(pushes, key=lambda p: closing.get((p.offer_kind, p.offer_id), 10_000))


def _lines(
    pushes: list[Push], why: dict[int, Any], closing: dict[tuple[str, int], int]
) -> list[str]:
    lines = []
    for i, p in enumerate(soonest_first(pushes, closing), 1):
        left = closing.get((p.offer_kind, p.offer_id))
        lines.append(f"{i}. {p.title}" + (f"【{closing_text(left)}】" if left is not None else ""))
        found = why.get(p.id)
        lines.extend(f"   ✓ {r}" for r in (found.reasons[:3] if found else []))
    return lines


def send_digests(today: date) -> dict[str, int]:
    """In-app: one note per firm user for the items pushed today (once a day). E-mail: the items
    not yet mailed from the last week, to the firm's address and its users'; marked when sent."""
    start, end = day_bounds(today)
    todays = db.session.scalars(
        select(Push)
        .where(Push.pushed_at >= start, Push.pushed_at < end, Push.channel == "push")
        .order_by(Push.enterprise_id, Push.score.desc())
    ).all()
    why = explain_pushes(list(todays), today)
    closing = soon_closing(_offers_of(list(todays)), today)
    by_firm: dict[int, list[Push]] = defaultdict(list)
    for p in todays:
        by_firm[p.enterprise_id].append(p)
    users_by_firm: dict[int, list[User]] = defaultdict(list)
    for user in db.session.scalars(
        select(User).where(User.role == Role.FIRM, User.active.is_(True))
    ):
        if user.enterprise_id is not None:
            users_by_firm[user.enterprise_id].append(user)
    already = set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.kind == "push_digest",
                Notification.created_at >= start,
                Notification.created_at < end,
            )
        )
    )
    notes = 0
    for firm_id, pushes in by_firm.items():
        for user in users_by_firm.get(firm_id, []):
            if user.id in already:
                continue
            notify(
                user.id,
                "push_digest",
                f"今日为您推荐 {len(pushes)} 项",
                "\n".join(_lines(pushes, why, closing)),
                "/firm/",
            )
            notes += 1

    unsent = db.session.scalars(
        select(Push)
        .where(
            Push.emailed_at.is_(None),
            Push.channel == "push",
            Push.state != "dismissed",
            Push.pushed_at >= start - timedelta(days=EMAIL_LOOKBACK_DAYS),
            Push.pushed_at < end,
        )
        .order_by(Push.enterprise_id, Push.score.desc())
    ).all()
    why.update(explain_pushes([p for p in unsent if p.id not in why], today))
    closing.update(soon_closing(_offers_of(list(unsent)), today))
    mail_by_firm: dict[int, list[Push]] = defaultdict(list)
    for p in unsent:
        mail_by_firm[p.enterprise_id].append(p)
    firms = {
        e.id: e
        for e in db.session.scalars(
            select(Enterprise).where(Enterprise.id.in_(list(mail_by_firm) or [-1]))
        )
    }
    mails = 0
    now = utcnow()
    for firm_id, pushes in mail_by_firm.items():
        firm = firms.get(firm_id)
        to = [firm.email] if firm is not None and firm.email else []
        to += [u.email for u in users_by_firm.get(firm_id, []) if u.email]
        to = list(dict.fromkeys(to))
        if not to:
            continue
        name = firm.name if firm is not None else ""
        body = "\n".join(
            [
                f"{name}：",
                "",
                "企服通根据贵企业的情况，为您推荐以下政策与服务：",
                "",
                *_lines(pushes, why, closing),
                "",
                "登录企服通查看详情、一键申报，或告诉我们不需要的原因。",
            ]
        )
        if send_email(to, f"【企服通】为您推荐 {len(pushes)} 项政策与服务", body):
            db.session.execute(
                update(Push).where(Push.id.in_([p.id for p in pushes])).values(emailed_at=now)
            )
            mails += 1
    return {"notifications": notes, "emails": mails}


def send_all_digests(today: date) -> dict[str, int]:
    """The day's digests, and the new matches of each saved search."""
    from qifutong.matching.searches import deliver_saved_searches

    out = send_digests(today)
    out["saved_searches"] = deliver_saved_searches(today)
    return out
