"""Offer sources: domain packages register what firms can be offered (政策, 资金, 服务, 活动, 场地).

The core never imports a domain package; each package calls `register_offer_source` in its
init_app with a loader that returns its current, offerable items as `Offer`s."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from qifutong.web.i18n import Phrase, current_locale, term


@dataclass
class Offer:
    """Something a firm can be offered, with the criteria and tags it is matched on."""

    kind: str
    id: int
    title: str
    criteria: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    provider: str = ""  # issuer, bank, firm or building
    category: str = ""
    facets: dict[str, str] = field(default_factory=dict)  # filter name (Chinese) → value
    detail_url: str | None = None  # the full record (e.g. a policy's text)
    action_url: str | None = None  # where the firm acts, when not here (e.g. a sign-up page)
    amount: float | None = None  # the most a firm can get, yuan
    auto_payout: bool = False  # 免申即享: eligible firms receive it without applying
    opens_on: date | None = None  # the first day firms may apply (None: open now)
    closes_on: date | None = None  # the last day firms may apply (closed ones are not offered)
    batch: str | None = None  # 第N批

    def closing_in(self, today: date, within: int) -> int | None:
        """Days left to apply (0: today is the last day) when at most `within`, else None
        (即将截止)."""
        if self.closes_on is None:
            return None
        left = (self.closes_on - today).days
        return left if 0 <= left <= within else None

    def window_open(self, today: date) -> bool:
        """Whether firms may apply today (the window has begun and not closed)."""
        begun = self.opens_on is None or self.opens_on <= today
        return begun and (self.closes_on is None or today <= self.closes_on)

    search_text: str = ""
    # Fields written by the platform (a space's summary, a policy's issuer line), kept as
    # Phrases so that each viewer reads them in the current language; the plain fields above
    # hold their Chinese.
    wording: dict[str, Phrase] = field(default_factory=dict)

    def localized(self) -> Offer:
        """This offer as the current locale shows it: platform words and phrases translated,
        people's texts (titles, summaries, names) as written."""
        if current_locale() != "en":
            return self
        changes: dict[str, Any] = {name: str(phrase) for name, phrase in self.wording.items()}
        changes.setdefault("category", term(self.category))
        changes.setdefault("facets", {k: term(v) for k, v in self.facets.items()})
        return replace(self, **changes)


def deadline_soon_days() -> int:
    """How many days before closing an item is 即将截止 (QIFUTONG_DEADLINE_SOON_DAYS)."""
    from flask import current_app

    return int(current_app.config.get("QIFUTONG_DEADLINE_SOON_DAYS", 7))


Loader = Callable[[Collection[int] | None], list[Offer]]


@dataclass(frozen=True)
class OfferSource:
    kind: str
    label: str  # 政策, 资金产品, 服务机构, 活动, 场地
    loader: Loader  # ids=None: every offerable item of this kind; else only those ids
    action: str = "立即申报"  # the one-click button on the firm's side
    page_label: str | None = None  # the firm's find page (找政策 …), if the kind has one
    order: int = 50
    # The moment the loader's answer depends on besides the data (e.g. the street's date for
    # "still in force"): a cached answer is used only at the same moment.
    moment: Callable[[], Hashable] | None = None


_SOURCES: dict[str, OfferSource] = {}


def register_offer_source(source: OfferSource) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[OfferSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.order)


def source(kind: str) -> OfferSource | None:
    return _SOURCES.get(kind)


def load_offers(kind: str | None = None, ids: Collection[int] | None = None) -> list[Offer]:
    """The offerable items of one kind (or all kinds); inactive or unknown ids are left out.
    Named items of one kind come from the process's cache while the tables their loader read
    are unchanged (an inbox reads its few offers without a query); callers must not change
    the Offers they get."""
    if kind is not None and ids is not None:
        src = source(kind)
        return [o.localized() for o in _cached.get(src, ids)] if src is not None else []
    out: list[Offer] = []
    for src in sources():
        if kind is None or src.kind == kind:
            out.extend(o.localized() for o in src.loader(ids if kind is not None else None))
    return out


class _OfferCache:
    """Per database and kind, the offers loaded so far by id (None: not offerable), kept with
    the tables their loader read and those tables' versions; a change to any of them drops the
    kind. Equal versions in another database say nothing of this one."""

    def __init__(self) -> None:
        self._kinds: dict[
            tuple[Any, str], tuple[frozenset[str], tuple[Any, ...], dict[int, Offer | None]]
        ] = {}
        self._lock = threading.Lock()

    def get(self, src: OfferSource, ids: Collection[int]) -> list[Offer]:
        from qifutong.changes import UNSTAMPED, note_reads, reading, table_versions, versions_at
        from qifutong.extensions import db

        wanted = list(dict.fromkeys(ids))
        versions = table_versions(db.session)
        if versions is None:
            return src.loader(wanted)
        moment = src.moment() if src.moment else None
        tables: frozenset[str] = frozenset()
        known: dict[int, Offer | None] = {}
        key = (db.engine.url, src.kind)
        with self._lock:
            entry = self._kinds.get(key)
            if entry is not None and (moment, *versions_at(versions, entry[0])) == entry[1]:
                tables, known = entry[0], entry[2]
        missing = [i for i in wanted if i not in known]
        if missing:
            with reading() as read:
                loaded = {o.id: o for o in src.loader(missing)}
            known = {**known, **{i: loaded.get(i) for i in missing}}
            if not read & UNSTAMPED:
                tables |= read
                with self._lock:
                    at = (moment, *versions_at(versions, tables))
                    self._kinds[key] = (tables, at, known)
        note_reads(tables)  # for a cache around this one (a firm's inbox)
        return [o for i in wanted if (o := known.get(i)) is not None]

    def clear(self) -> None:
        with self._lock:
            self._kinds.clear()


_cached = _OfferCache()


def load_offer(kind: str, offer_id: int) -> Offer | None:
    found = [o for o in load_offers(kind, [offer_id]) if o.id == offer_id]
    return found[0] if found else None
