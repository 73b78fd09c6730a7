"""Saved searches (订阅): a firm user keeps a find page's words and filters, and the digest
brings the offers that newly match them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.inbox.mail import notify
from qifutong.inbox.models import SavedSearch
from qifutong.inbox.schedule import digest_due, digest_weekday
from qifutong.matching import find as finder
from qifutong.matching import registry
from qifutong.matching.services import firm_values, labels
from qifutong.models_base import utcnow
from qifutong.web.i18n import term, translate

PAGES = {"policy": "/firm/policies", "funding": "/firm/funding", "service": "/firm/services",
         "space": "/firm/spaces"}  # fmt: skip
MAX_PER_USER = 20


class SearchError(QifutongError, ValueError):
    """A search that cannot be saved; says why."""

    status = 422
    code = "invalid_search"


def _found(search: SavedSearch, ent: Enterprise, today: date) -> list[finder.Found]:
    offers = registry.load_offers(search.kind)
    values = firm_values(ent, today)
    return finder.find(offers, values, labels(), search.query, search.facets, search.fit)


def describe(search: SavedSearch) -> str:
    """How the search reads: "找政策：人才 · 层级 杭州市"."""
    src = registry.source(search.kind)
    parts = [search.query] if search.query else []
    parts += [f"{term(k)} {term(v)}" for k, v in (search.facets or {}).items() if v]
    if search.fit:
        parts.append(term(finder.FIT_FILTERS.get(search.fit, search.fit)))
    page = term(src.page_label) if src and src.page_label else search.kind
    return translate("{page}：{parts}", page=page, parts=" · ".join(parts) or translate("全部"))


def link(search: SavedSearch) -> str:
    args: dict[str, Any] = {"q": search.query, "fit": search.fit}
    args.update({f"f_{k}": v for k, v in (search.facets or {}).items()})
    return f"{PAGES[search.kind]}?{urlencode({k: v for k, v in args.items() if v})}"


def save_search(
    user: User, ent: Enterprise, kind: str, query: str, facets: dict[str, str], fit: str,
    today: date,
) -> SavedSearch:  # fmt: skip
    """Keep the search; what it finds now counts as seen (the digest brings what is new)."""
    if kind not in PAGES:
        raise SearchError(translate("没有这个查找页面"))
    if fit not in finder.FIT_FILTERS:
        raise SearchError(translate("匹配情况应为 全部、符合条件、差一点 或 面向全部企业"))
    query = (query or "").strip()[:200]
    facets = {str(k)[:40]: str(v)[:100] for k, v in facets.items() if v}
    mine = list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)))
    for s in mine:
        if (s.kind, s.query, s.facets, s.fit) == (kind, query, facets, fit):
            return s
    if len(mine) >= MAX_PER_USER:
        raise SearchError(translate("最多保存 {n} 个搜索，请先删除不用的", n=MAX_PER_USER))
    search = SavedSearch(user_id=user.id, kind=kind, query=query, facets=facets, fit=fit)
    search.seen = [f.offer.id for f in _found(search, ent, today)]
    db.session.add(search)
    db.session.flush()
    return search


def deliver_saved_searches(today: date, now: datetime | None = None) -> int:
    """One message per saved search with new matching offers, on the days the user's digest
    comes (daily, weekly or never); returns how many were sent."""
    now = now or utcnow()
    sent = 0
    rows = db.session.execute(
        select(SavedSearch, User)
        .join(User, User.id == SavedSearch.user_id)
        .where(User.active.is_(True), User.enterprise_id.is_not(None))
        .order_by(SavedSearch.id)
    ).all()
    weekday = digest_weekday()
    for search, user in rows:
        if not digest_due(user.digest_frequency, today, weekday):
            continue  # kept for the user's next digest
        ent = db.session.get(Enterprise, user.enterprise_id)
        if ent is None:
            continue
        found = _found(search, ent, today)
        seen = set(search.seen or [])
        new = [f for f in found if f.offer.id not in seen]
        if not new:
            continue
        lines = [f"{i}. {f.offer.title}" for i, f in enumerate(new, 1)]
        notify(user.id, "saved_search", f"您订阅的“{describe(search)}”有 {len(new)} 项新结果",
               "\n".join(lines), link(search))  # fmt: skip
        search.seen = sorted(seen | {f.offer.id for f in new})
        search.last_sent_at = now
        sent += 1
    return sent
