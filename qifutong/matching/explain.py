"""Reasons and what is missing, rendered when read: from a stored result's codes, or worked
out on demand by the engine for any firm and offer (a near-miss not kept, a pushed item).

Both paths run through the same engine (columns for the firms asked about, the offer's
compiled criteria, `engine.render`), so an item reads the same whether it was stored or not."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from qifutong.matching import bits, registry
from qifutong.matching.columns import FirmColumns
from qifutong.matching.criteria import ELIGIBLE, NEAR_MISS, CriteriaError
from qifutong.matching.engine import (
    CompiledOffer,
    Extracted,
    compile_offer,
    offer_bits,
    offer_codes,
    render,
)
from qifutong.matching.wording import Labels

Pair = tuple[int, str, int]  # enterprise_id, offer kind, offer id


@dataclass(frozen=True)
class Explained:
    status: str | None  # eligible / near_miss, None where the offer does not fit the firm
    score: float
    reasons: list[str]
    missing: list[str]


def _compiled(offers: Iterable[registry.Offer]) -> dict[tuple[str, int], CompiledOffer]:
    out = {}
    for o in offers:
        try:
            out[(o.kind, o.id)] = compile_offer(o.kind, o.id, o.criteria, o.tags)
        except CriteriaError:
            continue
    return out


Loaded = Mapping[tuple[str, int], registry.Offer]


def _offers(
    pairs: Collection[tuple[str, int]], loaded: Loaded | None = None
) -> dict[tuple[str, int], CompiledOffer]:
    """The offers compiled; those the caller has already loaded are not read again."""
    loaded = loaded or {}
    by_kind: dict[str, set[int]] = {}
    found: list[registry.Offer] = []
    for kind, oid in pairs:
        if (kind, oid) in loaded:
            found.append(loaded[(kind, oid)])
        else:
            by_kind.setdefault(kind, set()).add(oid)
    for kind, ids in by_kind.items():
        found.extend(registry.load_offers(kind, sorted(ids)))
    return _compiled(found)


def from_codes(
    cols: FirmColumns,
    items: Iterable[tuple[Pair, int]],
    labels: Labels,
    loaded: Loaded | None = None,
) -> dict[Pair, tuple[list[str], list[str]]]:
    """Stored results (pair, met mask) rendered for the firms in `cols`."""
    by_offer: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for (eid, kind, oid), met in items:
        by_offer.setdefault((kind, oid), []).append((eid, met))
    offers = _offers(list(by_offer), loaded)
    out: dict[Pair, tuple[list[str], list[str]]] = {}
    for key, rows in by_offer.items():
        offer = offers.get(key)
        if offer is None:
            continue
        known = [(cols.position(e), e, m) for e, m in rows]
        known = [(p, e, m) for p, e, m in known if p is not None]
        if not known:
            continue
        positions = np.asarray([p for p, _, _ in known], dtype=np.int64)
        masks = np.asarray([m for _, _, m in known], dtype=np.int64)
        texts = render(cols, offer, positions, masks, labels)
        for (_, e, _), pair in zip(known, texts, strict=True):
            out[(e, key[0], key[1])] = pair
    return out


def on_demand(
    cols: FirmColumns, pairs: Iterable[Pair], labels: Labels, loaded: Loaded | None = None
) -> dict[Pair, Explained]:
    """Status, score, reasons and missing of each firm × offer, worked out now by the engine."""
    by_offer: dict[tuple[str, int], list[int]] = {}
    for eid, kind, oid in pairs:
        by_offer.setdefault((kind, oid), []).append(eid)
    offers = _offers(list(by_offer), loaded)
    out: dict[Pair, Explained] = {}
    for key, firm_ids in by_offer.items():
        offer = offers.get(key)
        found = [(cols.position(e), e) for e in firm_ids]
        found = [(p, e) for p, e in found if p is not None]
        if offer is None or not found:
            continue
        ob = offer_bits(cols, offer)
        positions = np.asarray([p for p, _ in found], dtype=np.int64)
        eligible = bits.get(ob.eligible, positions)
        near = bits.get(ob.near, positions)
        codes = offer_codes(cols, offer, Extracted(positions, eligible))
        texts = render(cols, offer, positions, codes.met, labels)
        for r, (_, eid) in enumerate(found):
            status = ELIGIBLE if eligible[r] else NEAR_MISS if near[r] else None
            out[(eid, key[0], key[1])] = Explained(status, float(codes.score[r]), *texts[r])
    return out


def firm_columns(ids: Collection[int], today: date) -> FirmColumns:
    from qifutong.matching.services import load_columns

    return load_columns(ids, today)
