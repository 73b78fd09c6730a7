"""The firm's find pages (找政策, 找场地, 找资金, 找服务): filter, typo-tolerant search, and
for each offer why it fits this firm or what is missing (pure: offers and firm values in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from qifutong.matching.criteria import (
    ELIGIBLE,
    NEAR_MISS,
    OPEN,
    CriteriaError,
    Evaluation,
    evaluate_offer,
    normalise_tags,
    parse_criteria,
)
from qifutong.matching.registry import Offer
from qifutong.matching.wording import Labels

SEARCH_THRESHOLD = 70.0
FIT_FILTERS = {"": "全部", "eligible": "符合条件", "near_miss": "差一点", "open": "面向全部企业"}
_STATUS_ORDER = {ELIGIBLE: 0, NEAR_MISS: 1, OPEN: 2, None: 3}


@dataclass
class Found:
    offer: Offer
    evaluation: Evaluation
    relevance: float  # search score 0–100 (100 when there is no query)


def search_score(query: str, offer: Offer) -> float:
    """How well the query matches the offer's text, tolerating typos (高薪技术 finds 高新技术)."""
    q = query.strip().lower()
    if not q:
        return 100.0
    title = offer.title.lower()
    if q in title:
        return 100.0
    text = " ".join([offer.title, offer.provider, offer.category, offer.summary, offer.search_text])
    text = text.lower()
    if q in text:
        return 95.0
    best = max(fuzz.partial_ratio(q, title), 0.95 * fuzz.partial_ratio(q, text))
    # Several words: each should be found somewhere.
    words = [w for w in q.split() if w]
    if len(words) > 1:
        best = max(best, min(fuzz.partial_ratio(w, text) for w in words))
    return float(best)


def facet_values(offers: Sequence[Offer]) -> dict[str, list[str]]:
    """Each filter name with the values present, in first-seen order."""
    out: dict[str, list[str]] = {}
    for offer in offers:
        for name, value in offer.facets.items():
            if value and value not in out.setdefault(name, []):
                out[name].append(value)
    return out


def find(
    offers: Sequence[Offer],
    firm: Mapping[str, Any],
    labels: Labels,
    query: str = "",
    facets: Mapping[str, str] | None = None,
    fit: str = "",
) -> list[Found]:
    """Offers for one firm, filtered and ranked: fitting ones first, then by relevance and score."""
    wanted = {k: v for k, v in (facets or {}).items() if v}
    out = []
    for offer in offers:
        if any(offer.facets.get(k) != v for k, v in wanted.items()):
            continue
        relevance = search_score(query, offer)
        if relevance < SEARCH_THRESHOLD:
            continue
        try:
            conditions = parse_criteria(offer.criteria)
        except CriteriaError:
            continue
        evaluation = evaluate_offer(conditions, normalise_tags(offer.tags), firm, labels)
        if fit and evaluation.status != fit:
            continue
        out.append(Found(offer, evaluation, relevance))
    out.sort(
        key=lambda f: (
            -round(f.relevance / 10) if query else 0,
            _STATUS_ORDER.get(f.evaluation.status, 3),
            -f.evaluation.score,
            f.offer.title,
        )
    )
    return out
