"""The matching engine: every firm against every offer at once, over bitsets (pure numpy).

For each offer the `must` conditions are folded into saturating counters of "not met"
(at least 1, 2, 3), so eligible = none missing and near-miss = one or two missing with at least
one met, for all firms in a handful of word-wise operations. No firm × offer Python object is
made until results are written, and only eligible and near-miss pairs are written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from itertools import compress
from typing import Any

import numpy as np
import numpy.typing as npt

from qifutong.matching import bits
from qifutong.matching.bits import Bits
from qifutong.matching.columns import FirmColumns
from qifutong.matching.criteria import (
    ELIGIBLE,
    MET,
    NEAR_MISS,
    TAG_WEIGHT,
    UNKNOWN,
    UNMET,
    Condition,
    Labels,
    asks,
    describe,
    normalise_tags,
    parse_criteria,
    shared_tags_text,
    value_text,
)
from qifutong.matching.fields import SET


@dataclass(frozen=True)
class CompiledOffer:
    """An offer's criteria parsed once: what the engine evaluates."""

    kind: str
    id: int
    conditions: tuple[Condition, ...]
    tags: tuple[str, ...]

    @property
    def musts(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.kind == "must")

    @property
    def is_open(self) -> bool:
        """No `must` and no tags: fits every firm, so nothing is stored or pushed."""
        return not self.musts and not self.tags


def compile_offer(kind: str, offer_id: int, criteria: Any, tags: Iterable[str]) -> CompiledOffer:
    return CompiledOffer(
        kind, offer_id, tuple(parse_criteria(criteria)), tuple(normalise_tags(tags))
    )


@dataclass
class OfferBits:
    offer: CompiledOffer
    eligible: Bits
    near: Bits

    def counts(self) -> tuple[int, int]:
        return bits.count(self.eligible), bits.count(self.near)


def offer_bits(cols: FirmColumns, offer: CompiledOffer) -> OfferBits:
    """Eligible and near-miss firms of one offer (both empty for an open offer)."""
    everyone = cols.all
    if offer.is_open:
        empty = bits.zeros(cols.n)
        return OfferBits(offer, empty, empty)
    musts = offer.musts
    if not musts:
        return OfferBits(offer, cols.tag_bits(offer.tags), bits.zeros(cols.n))
    if len(musts) == 1:
        # One condition: met or not shown (a near-miss needs at least one condition met).
        return OfferBits(offer, cols.met(musts[0]).copy(), bits.zeros(cols.n))
    at_least_1 = bits.zeros(cols.n)
    at_least_2 = bits.zeros(cols.n)
    at_least_3 = bits.zeros(cols.n)
    any_met = bits.zeros(cols.n)
    for cond in musts:
        met = cols.met(cond)
        failed = everyone & ~met
        at_least_3 |= at_least_2 & failed
        at_least_2 |= at_least_1 & failed
        at_least_1 |= failed
        any_met |= met
    eligible = everyone & ~at_least_1
    near = at_least_1 & ~at_least_3 & any_met
    return OfferBits(offer, eligible, near)


def match_all(
    cols: FirmColumns, offers: Sequence[CompiledOffer], workers: int = 1, batch: int = 32
) -> Iterator[OfferBits]:
    """offer_bits for each offer, in order; `workers` threads share the work (numpy releases
    the GIL in the word-wise operations). Results stream out batch by batch."""
    if workers <= 1 or len(offers) < 2 * batch:
        for offer in offers:
            yield offer_bits(cols, offer)
        return

    def run(chunk: Sequence[CompiledOffer]) -> list[OfferBits]:
        return [offer_bits(cols, o) for o in chunk]

    chunks = [offers[i : i + batch] for i in range(0, len(offers), batch)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for start in range(0, len(chunks), workers * 2):
            for result in pool.map(run, chunks[start : start + workers * 2]):
                yield from result


# --- results for storage -------------------------------------------------------------------


@dataclass
class Extracted:
    """The eligible and near-miss firms of one offer, as positions into the columns."""

    positions: npt.NDArray[np.int64]
    eligible: npt.NDArray[np.bool_]


def extract(ob: OfferBits) -> Extracted:
    e = bits.indices(ob.eligible)
    n = bits.indices(ob.near)
    positions = np.concatenate([e, n])
    flags = np.zeros(positions.shape[0], dtype=bool)
    flags[: e.shape[0]] = True
    return Extracted(positions, flags)


def result_rows(
    cols: FirmColumns,
    ob: OfferBits,
    labels: Labels,
    computed_at: datetime,
) -> list[dict[str, Any]]:
    """MatchResult rows (eligible and near-miss only) with score, reasons and missing."""
    return [row for chunk in iter_result_rows(cols, ob, labels, computed_at) for row in chunk]


def iter_result_rows(
    cols: FirmColumns,
    ob: OfferBits,
    labels: Labels,
    computed_at: datetime,
    chunk: int = 20_000,
) -> Iterator[list[dict[str, Any]]]:
    """result_rows in chunks, so a large audience is written without holding it all."""
    found = extract(ob)
    for start in range(0, found.positions.shape[0], chunk):
        part = Extracted(
            found.positions[start : start + chunk], found.eligible[start : start + chunk]
        )
        yield _rows(cols, ob.offer, part, labels, computed_at)


def _rows(
    cols: FirmColumns,
    offer: CompiledOffer,
    found: Extracted,
    labels: Labels,
    computed_at: datetime,
) -> list[dict[str, Any]]:
    idx = found.positions
    texts: list[list[str]] = []
    met_rows: list[npt.NDArray[np.bool_]] = []
    for cond in offer.conditions:
        met = bits.get(cols.met(cond), idx)
        met_rows.append(met)
        texts.append(_texts(cols, cond, idx, labels))
    score = np.zeros(idx.shape[0])
    for cond, met in zip(offer.conditions, met_rows, strict=True):
        if cond.kind == "bonus":
            score += met
    shared_rows: dict[int, list[str]] = {}
    for tag in offer.tags:
        table = cols.sets["tags"].get(tag)
        if table is None:
            continue
        has = bits.get(table, idx)
        score += TAG_WEIGHT * has
        for r in np.flatnonzero(has).tolist():
            shared_rows.setdefault(r, []).append(tag)
    musts = [i for i, c in enumerate(offer.conditions) if c.kind == "must"]
    ids = cols.ids[idx].tolist()
    statuses = np.where(found.eligible, ELIGIBLE, NEAR_MISS).tolist()
    scores = score.tolist()
    # Row-wise tuples, so each row's reasons and missing are picked in C (itertools.compress).
    row_texts = list(zip(*texts, strict=True)) if texts else [()] * len(ids)
    row_met = list(zip(*[m.tolist() for m in met_rows], strict=True)) if texts else row_texts
    must_texts = list(zip(*[texts[i] for i in musts], strict=True)) if musts else None
    must_missed = (
        list(zip(*[(~met_rows[i]).tolist() for i in musts], strict=True)) if musts else None
    )
    kind, offer_id = offer.kind, offer.id
    rows = []
    for r, enterprise_id in enumerate(ids):
        reasons = list(compress(row_texts[r], row_met[r]))
        shared = shared_rows.get(r)
        if shared:
            reasons.append(shared_tags_text(shared))
        missing = (
            list(compress(must_texts[r], must_missed[r]))
            if must_texts is not None and must_missed is not None
            else []
        )
        rows.append(
            {
                "enterprise_id": enterprise_id,
                "offer_kind": kind,
                "offer_id": offer_id,
                "status": statuses[r],
                "score": scores[r],
                "reasons": reasons,
                "missing": missing,
                "computed_at": computed_at,
            }
        )
    return rows


def _texts(
    cols: FirmColumns, cond: Condition, idx: npt.NDArray[np.int64], labels: Labels
) -> list[str]:
    """describe() for each firm at these positions, computed once per distinct value."""
    cache: dict[Any, str] = {}
    if cond.spec.type == SET:
        table = cols.sets[cond.field]
        empty = bits.zeros(cols.n)
        held = [bits.get(table.get(code, empty), idx) for code in cond.value]
        keys: list[Any] = list(zip(*[h.tolist() for h in held], strict=True))
        out = []
        for key in keys:
            text = cache.get(key)
            if text is None:
                value = [code for code, has in zip(cond.value, key, strict=True) if has]
                text = cache[key] = describe(cond, value, labels)
            out.append(text)
        return out
    # "label value，要求 …": only the value part differs from firm to firm.
    head, tail = f"{cond.spec.label} ", f"，{asks(cond, labels)}"
    out = []
    for value in cols.values_at(cond.field, idx):
        text = cache.get(value)
        if text is None:
            text = cache[value] = head + value_text(cond, value, labels) + tail
        out.append(text)
    return out


def condition_statuses(cols: FirmColumns, cond: Condition, idx: npt.NDArray[np.int64]) -> list[str]:
    """met / unmet / unknown for the firms at these positions (used by tests and previews)."""
    met = bits.get(cols.met(cond), idx)
    known = bits.get(cols.known(cond.field), idx)
    return [MET if m else (UNMET if k else UNKNOWN) for m, k in zip(met, known, strict=True)]
