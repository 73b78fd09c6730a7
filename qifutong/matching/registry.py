"""Offer sources: domain packages register what firms can be offered (政策, 资金, 服务, 活动, 场地).

The core never imports a domain package; each package calls `register_offer_source` in its
init_app with a loader that returns its current, offerable items as `Offer`s."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any


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
    search_text: str = ""


Loader = Callable[[Collection[int] | None], list[Offer]]


@dataclass(frozen=True)
class OfferSource:
    kind: str
    label: str  # 政策, 资金产品, 服务机构, 活动, 场地
    loader: Loader  # ids=None: every offerable item of this kind; else only those ids
    action: str = "立即申报"  # the one-click button on the firm's side
    page_label: str | None = None  # the firm's find page (找政策 …), if the kind has one
    order: int = 50


_SOURCES: dict[str, OfferSource] = {}


def register_offer_source(source: OfferSource) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[OfferSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.order)


def source(kind: str) -> OfferSource | None:
    return _SOURCES.get(kind)


def load_offers(kind: str | None = None, ids: Collection[int] | None = None) -> list[Offer]:
    """The offerable items of one kind (or all kinds); inactive or unknown ids are left out."""
    out: list[Offer] = []
    for src in sources():
        if kind is None or src.kind == kind:
            out.extend(src.loader(ids if kind is not None else None))
    return out


def load_offer(kind: str, offer_id: int) -> Offer | None:
    found = [o for o in load_offers(kind, [offer_id]) if o.id == offer_id]
    return found[0] if found else None
