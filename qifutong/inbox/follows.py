"""Following an offer (关注): a firm is told, in the app and in its digest, when the item's
application window opens, when its deadline is near and when its text is amended."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from qifutong import events
from qifutong.auth.models import Role, User
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.inbox.mail import notify
from qifutong.inbox.models import Notification, OfferFollow, Push
from qifutong.matching import registry
from qifutong.matching.registry import Offer
from qifutong.web.i18n import translate

KIND = "follow"  # the notices' kind: the digest gathers them
FOLLOWED_KINDS = ("policy", "funding", "service")  # what a firm may follow


class FollowError(QifutongError, ValueError):
    """An item that cannot be followed; says why."""

    status = 422
    code = "cannot_follow"


def offer_link(kind: str, offer_id: int) -> str:
    return f"/firm/offers/{kind}/{offer_id}"


def following(enterprise_id: int, kind: str, offer_id: int) -> OfferFollow | None:
    return db.session.scalar(
        select(OfferFollow).where(
            OfferFollow.enterprise_id == enterprise_id,
            OfferFollow.offer_kind == kind,
            OfferFollow.offer_id == offer_id,
        )
    )


def followed(enterprise_id: int) -> list[OfferFollow]:
    """The firm's followed items, the newest first."""
    return list(
        db.session.scalars(
            select(OfferFollow)
            .where(OfferFollow.enterprise_id == enterprise_id)
            .order_by(OfferFollow.id.desc())
        )
    )


def follow(enterprise_id: int, user: User | None, offer: Offer, today: date) -> OfferFollow:
    """Follow the item (once); a window already open counts as told."""
    if offer.kind not in FOLLOWED_KINDS:
        raise FollowError(translate("只能关注政策、资金产品和服务"))
    found = following(enterprise_id, offer.kind, offer.id)
    if found is not None:
        return found
    item = OfferFollow(
        enterprise_id=enterprise_id,
        user_id=user.id if user else None,
        offer_kind=offer.kind,
        offer_id=offer.id,
        title=offer.title[:300],
        opening_noted_on=offer.opens_on if offer.window_open(today) else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


def unfollow(enterprise_id: int, kind: str, offer_id: int) -> bool:
    found = following(enterprise_id, kind, offer_id)
    if found is None:
        return False
    db.session.delete(found)
    db.session.flush()
    return True


def _firm_users(firm_ids: set[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    if not firm_ids:
        return out
    rows = db.session.execute(
        select(User.enterprise_id, User.id).where(
            User.role == Role.FIRM, User.active.is_(True), User.enterprise_id.in_(firm_ids)
        )
    )
    for firm_id, user_id in rows:
        if firm_id is not None:
            out[firm_id].append(user_id)
    return out


def _tell(follows: list[OfferFollow], title_of: dict[int, str]) -> int:
    """Each followed item's notice to every user of the firm that follows it."""
    users = _firm_users({f.enterprise_id for f in follows})
    sent = 0
    for f in follows:
        for user_id in users.get(f.enterprise_id, []):
            notify(user_id, KIND, title_of[f.id], link=offer_link(f.offer_kind, f.offer_id))
            sent += 1
    return sent


def on_amended(kind: str, offer_id: int, parts: list[str]) -> None:
    """The item's text was amended: its followers are told what changed."""
    stmt = select(OfferFollow).where(
        OfferFollow.offer_kind == kind, OfferFollow.offer_id == offer_id
    )
    follows = list(db.session.scalars(stmt))
    if not follows:
        return
    offer = registry.load_offer(kind, offer_id)
    what = "、".join(parts) if parts else "内容"
    titles = {}
    for f in follows:
        f.title = (offer.title if offer else f.title)[:300]
        titles[f.id] = f"您关注的“{f.title}”已修订：{what}"
    _tell(follows, titles)


def _applied(pairs: set[tuple[int, str, int]]) -> set[tuple[int, str, int]]:
    """Of (firm, kind, offer) triples, those where the firm has applied or been granted."""
    if not pairs:
        return set()
    firms = {p[0] for p in pairs}
    rows = db.session.execute(
        select(Push.enterprise_id, Push.offer_kind, Push.offer_id).where(
            Push.enterprise_id.in_(firms), Push.state.in_(("applied", "granted"))
        )
    )
    return {(int(e), k, int(o)) for e, k, o in rows} & pairs


def follow_news(today: date) -> int:
    """The day's news of followed items: windows that opened and deadlines that are near, each
    told once per window; returns how many notices were written."""
    follows = list(db.session.scalars(select(OfferFollow).order_by(OfferFollow.id)))
    by_kind: dict[str, set[int]] = defaultdict(set)
    for f in follows:
        by_kind[f.offer_kind].add(f.offer_id)
    offers = {
        (o.kind, o.id): o
        for kind, ids in by_kind.items()
        for o in registry.load_offers(kind, sorted(ids))
    }
    done = _applied({(f.enterprise_id, f.offer_kind, f.offer_id) for f in follows})
    within = registry.deadline_soon_days()
    titles: dict[int, str] = {}
    told: list[OfferFollow] = []
    for f in follows:
        offer = offers.get((f.offer_kind, f.offer_id))
        if offer is None or (f.enterprise_id, f.offer_kind, f.offer_id) in done:
            continue  # closed, withdrawn, or applied for already
        left = offer.closing_in(today, within)
        if left is not None and f.closing_noted_on != offer.closes_on:
            f.closing_noted_on = offer.closes_on
            f.opening_noted_on = offer.opens_on
            when = "今天截止" if left == 0 else f"还剩 {left} 天"
            titles[f.id] = f"您关注的“{offer.title}”即将截止：{when}（{offer.closes_on}）"
        elif offer.window_open(today) and offer.opens_on and f.opening_noted_on != offer.opens_on:
            f.opening_noted_on = offer.opens_on
            batch = f"（{offer.batch}）" if offer.batch else ""
            until = f"，{offer.closes_on} 截止" if offer.closes_on else ""
            titles[f.id] = f"您关注的“{offer.title}”{batch}开始申报{until}"
        else:
            continue
        told.append(f)
    return _tell(told, titles)


def news_since(user_ids: list[int], since: datetime) -> list[str]:
    """The followed items' notices these users got since then (for their digest), each once."""
    if not user_ids:
        return []
    rows = db.session.scalars(
        select(Notification.title)
        .where(
            Notification.kind == KIND,
            Notification.user_id.in_(user_ids),
            Notification.created_at >= since,
        )
        .order_by(Notification.id)
    )
    return list(dict.fromkeys(rows))


def subscribe_events() -> None:
    events.subscribe(events.OFFER_AMENDED, on_amended)
