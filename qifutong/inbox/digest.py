"""The digest: each firm user's new items, daily or weekly as the user chose, with items
closing soon and news of followed items, in the app and by e-mail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from qifutong.auth.models import Role, User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inbox.mail import notify, send_email
from qifutong.inbox.models import Notification, Push
from qifutong.inbox.pushes import day_bounds
from qifutong.inbox.schedule import digest_due, digest_weekday
from qifutong.matching.queries import explain_pushes, titles
from qifutong.matching.registry import Offer, deadline_soon_days, load_offers
from qifutong.models_base import utcnow

EMAIL_LOOKBACK_DAYS = 7


def soon_closing(
    offers: Mapping[tuple[str, int], Offer], today: date
) -> dict[tuple[str, int], int]:
    """Per offer whose application window closes within QIFUTONG_DEADLINE_SOON_DAYS (即将截止),
    the days left."""
    within = deadline_soon_days()
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


def _address_frequency(users: list[User]) -> str:
    """How often the firm's own address gets mail: daily unless every user of the firm chose
    weekly (then weekly) or no digest (then none)."""
    chosen = {u.digest_frequency for u in users}
    if not users or "daily" in chosen:
        return "daily"
    return "weekly" if "weekly" in chosen else "off"


def closing_reminders(
    firm_ids: set[int], today: date, listed: set[int]
) -> dict[int, list[tuple[Push, int]]]:
    """Per firm, items pushed earlier and still waiting for it (not applied, granted or
    dismissed, not followed: a follow tells of its own) whose window now closes within
    QIFUTONG_DEADLINE_SOON_DAYS and that no digest has yet reminded it of, with the days left;
    `listed` are pushes a digest lists anyway. Read by offer (the few closing soon), not by
    firm, so that a city's firms make no long list of ids."""
    from qifutong.inbox.models import OfferFollow

    within = deadline_soon_days()
    soon = {(o.kind, o.id): o for o in load_offers() if o.closing_in(today, within) is not None}
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, oid in soon:
        by_kind[kind].append(oid)
    out: dict[int, list[tuple[Push, int]]] = defaultdict(list)
    for kind, ids in sorted(by_kind.items()):
        followed = set(
            db.session.execute(
                select(OfferFollow.enterprise_id, OfferFollow.offer_id).where(
                    OfferFollow.offer_kind == kind, OfferFollow.offer_id.in_(ids)
                )
            ).all()
        )
        for p in db.session.scalars(
            select(Push)
            .where(
                Push.offer_kind == kind,
                Push.offer_id.in_(ids),
                Push.channel == "push",
                Push.state.in_(("new", "seen", "clicked")),
            )
            .order_by(Push.enterprise_id, Push.id)
        ):
            offer = soon[(kind, p.offer_id)]
            if (
                p.enterprise_id not in firm_ids
                or p.id in listed
                or (p.enterprise_id, p.offer_id) in followed
                or p.closing_noted_on == offer.closes_on
            ):
                continue
            left = offer.closing_in(today, within)
            assert left is not None
            out[p.enterprise_id].append((p, left))
    return out


def _note_closing(pushes: list[Push], closing: dict[tuple[str, int], int]) -> None:
    """These pushes carried the 即将截止 mark in a digest: they are not reminded of again."""
    offers = _offers_of([p for p in pushes if (p.offer_kind, p.offer_id) in closing])
    for p in pushes:
        offer = offers.get((p.offer_kind, p.offer_id))
        if offer is not None:
            p.closing_noted_on = offer.closes_on


@dataclass
class _Digest:
    """What one digest of a firm holds: new items, earlier items closing soon, followed news."""

    pushes: list[Push]
    reminders: list[tuple[Push, int]]
    news: list[str]

    def empty(self) -> bool:
        return not (self.pushes or self.reminders or self.news)

    def lines(self, why: dict[int, Any], closing: dict[tuple[str, int], int]) -> list[str]:
        out = _lines(self.pushes, why, closing)
        if self.reminders:
            out += ["", "即将截止（此前推荐给您、尚未申报）："]
            out += [f"· {p.title}【{closing_text(left)}】" for p, left in self.reminders]
        if self.news:
            out += ["", "您关注的项目："]
            out += [f"· {line}" for line in self.news]
        return out

    def title(self, weekly: bool) -> str:
        if self.pushes:
            return f"{'本周' if weekly else '今日'}为您推荐 {len(self.pushes)} 项"
        n = len(self.reminders) + len(self.news)
        return f"{'本周' if weekly else '今日'}提醒 {n} 项：即将截止与关注动态"


def _last_digests(user_ids: list[int]) -> dict[int, datetime]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Notification.user_id, func.max(Notification.created_at))
        .where(Notification.kind == "push_digest", Notification.user_id.in_(user_ids))
        .group_by(Notification.user_id)
    )
    return {int(u): at for u, at in rows}


def send_digests(today: date) -> dict[str, int]:
    """Each firm user's digest when due by their frequency (daily; weekly on
    QIFUTONG_DIGEST_WEEKDAY; off): in the app once a day, the items pushed in the period, the
    earlier items closing soon (once) and news of followed items. By e-mail to the firm's
    address and its users': daily, the items not yet mailed from the last week; weekly, the
    week's items."""
    from qifutong.inbox.follows import news_since

    weekday = digest_weekday()
    start, end = day_bounds(today)
    week_start = start - timedelta(days=EMAIL_LOOKBACK_DAYS - 1)
    users_by_firm: dict[int, list[User]] = defaultdict(list)
    for user in db.session.scalars(
        select(User).where(User.role == Role.FIRM, User.active.is_(True)).order_by(User.id)
    ):
        if user.enterprise_id is not None:
            users_by_firm[user.enterprise_id].append(user)
    week = db.session.scalars(
        select(Push)
        .where(Push.pushed_at >= week_start, Push.pushed_at < end, Push.channel == "push")
        .order_by(Push.enterprise_id, Push.score.desc())
    ).all()
    pushed_by_firm: dict[int, list[Push]] = defaultdict(list)
    for p in week:
        pushed_by_firm[p.enterprise_id].append(p)
    unsent = db.session.scalars(
        select(Push)
        .where(
            Push.emailed_at.is_(None),
            Push.channel == "push",
            Push.state != "dismissed",
            Push.pushed_at >= week_start,
            Push.pushed_at < end,
        )
        .order_by(Push.enterprise_id, Push.score.desc())
    ).all()
    unsent_by_firm: dict[int, list[Push]] = defaultdict(list)
    for p in unsent:
        unsent_by_firm[p.enterprise_id].append(p)
    due_firms = {
        f
        for f in set(pushed_by_firm) | set(users_by_firm)
        if digest_due(_address_frequency(users_by_firm.get(f, [])), today, weekday)
        or any(digest_due(u.digest_frequency, today, weekday) for u in users_by_firm.get(f, []))
    }
    reminders = closing_reminders(due_firms, today, {p.id for p in week})
    shown = [p for p in week if p.enterprise_id in due_firms] + [
        p for items in reminders.values() for p, _ in items
    ]
    shown += [p for p in unsent if p.enterprise_id in due_firms]
    why = explain_pushes(list({p.id: p for p in shown}.values()), today)
    closing = soon_closing(_offers_of(shown), today)
    already = set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.kind == "push_digest",
                Notification.created_at >= start,
                Notification.created_at < end,
            )
        )
    )
    last = _last_digests([u.id for f in due_firms for u in users_by_firm.get(f, [])])
    firms = {
        e.id: e
        for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(due_firms or {-1})))
    }
    notes = mails = 0
    delivered: list[Push] = []
    now = utcnow()
    for firm_id in sorted(due_firms):
        users = users_by_firm.get(firm_id, [])
        firm_reminders = reminders.get(firm_id, [])
        for weekly in (False, True):
            frequency = "weekly" if weekly else "daily"
            group = [u for u in users if u.digest_frequency == frequency]
            since = week_start if weekly else start
            if not digest_due(frequency, today, weekday):
                continue
            pushed = [p for p in pushed_by_firm.get(firm_id, []) if p.pushed_at >= since]
            sent_any = False
            for user in group:
                if user.id in already:
                    continue
                news = news_since([user.id], max(last.get(user.id, week_start), week_start))
                digest = _Digest(pushed, firm_reminders, news)
                if digest.empty():
                    continue
                notify(user.id, "push_digest", digest.title(weekly),
                       "\n".join(digest.lines(why, closing)), "/firm/")  # fmt: skip
                notes += 1
                sent_any = True
            firm = firms.get(firm_id)
            to = [firm.email] if firm is not None and firm.email else []
            to = to if _address_frequency(users) == frequency else []
            to += [u.email for u in group if u.email]
            to = list(dict.fromkeys(to))
            if weekly:
                mailed = [p for p in pushed if p.state != "dismissed"]
            else:
                mailed = unsent_by_firm.get(firm_id, [])
            ids = [u.id for u in group]
            news = news_since(ids, max(min((last.get(i, week_start) for i in ids), default=start),
                                       week_start))  # fmt: skip
            digest = _Digest(mailed, firm_reminders, news)
            if to and not digest.empty() and _mail(firm, to, digest, why, closing, weekly):
                db.session.execute(
                    update(Push).where(Push.id.in_([p.id for p in mailed])).values(emailed_at=now)
                )
                mails += 1
                sent_any = True
            if sent_any:
                delivered += pushed + mailed + [p for p, _ in firm_reminders]
    _note_closing(list({p.id: p for p in delivered}.values()), closing)
    return {"notifications": notes, "emails": mails}


def _mail(
    firm: Enterprise | None,
    to: list[str],
    digest: _Digest,
    why: dict[int, Any],
    closing: dict[tuple[str, int], int],
    weekly: bool,
) -> bool:
    name = firm.name if firm is not None else ""
    if digest.pushes:
        subject = f"【企服通】{'本周' if weekly else ''}为您推荐 {len(digest.pushes)} 项政策与服务"
    else:
        subject = f"【企服通】{digest.title(weekly)}"
    body = "\n".join(
        [
            f"{name}：",
            "",
            "企服通根据贵企业的情况，为您推荐以下政策与服务：" if digest.pushes else "",
            "",
            *digest.lines(why, closing),
            "",
            "登录企服通查看详情、一键申报，或告诉我们不需要的原因。",
        ]
    )
    return send_email(to, subject, body)


def send_all_digests(today: date) -> dict[str, int]:
    """The day's digests, and the new matches of each saved search."""
    from qifutong.inbox.follows import follow_news
    from qifutong.inbox.searches import deliver_saved_searches

    out = {"follow_news": follow_news(today)}
    out.update(send_digests(today))
    out["saved_searches"] = deliver_saved_searches(today)
    return out
