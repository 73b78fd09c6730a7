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
    normalise_tags,
    parse_criteria,
)
from qifutong.matching.fields import SET
from qifutong.matching.wording import (
    Labels,
    asks,
    describe,
    describe_value,
    shared_tags_text,
    value_text,
)


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
    if len(musts) <= 3:
        # Two or three `must`s: one or two missing is the same as some met but not all.
        eligible = cols.met(musts[0]) & cols.met(musts[1])
        any_met = cols.met(musts[0]) | cols.met(musts[1])
        for cond in musts[2:]:
            np.bitwise_and(eligible, cols.met(cond), out=eligible)
            np.bitwise_or(any_met, cols.met(cond), out=any_met)
        return OfferBits(offer, eligible, np.bitwise_xor(any_met, eligible, out=any_met))
    # Counters of failed `must`s, updated in place: no array is made per condition (each
    # condition's bitset is a subset of `everyone`, so everyone ^ met = the firms failing it).
    at_least_1 = everyone ^ cols.met(musts[0])
    at_least_2 = bits.zeros(cols.n)
    at_least_3 = bits.zeros(cols.n)
    any_met = cols.met(musts[0]).copy()
    failed = np.empty_like(at_least_1)
    step = np.empty_like(at_least_1)
    for cond in musts[1:]:
        met = cols.met(cond)
        np.bitwise_xor(everyone, met, out=failed)
        np.bitwise_and(at_least_2, failed, out=step)
        np.bitwise_or(at_least_3, step, out=at_least_3)
        np.bitwise_and(at_least_1, failed, out=step)
        np.bitwise_or(at_least_2, step, out=at_least_2)
        np.bitwise_or(at_least_1, failed, out=at_least_1)
        np.bitwise_or(any_met, met, out=any_met)
    eligible = everyone ^ at_least_1
    near = np.invert(at_least_3, out=at_least_3)
    np.bitwise_and(near, at_least_1, out=near)
    np.bitwise_and(near, any_met, out=near)
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


@dataclass
class Codes:
    """Eligible and near-miss firms of one offer as compact codes: what is stored. `met` has
    bit i set where condition i is met; reasons and missing are rendered from it when read."""

    positions: npt.NDArray[np.int64]
    eligible: npt.NDArray[np.bool_]
    met: npt.NDArray[np.int64]
    score: npt.NDArray[np.float64]
    missing: npt.NDArray[np.int8]  # `must` conditions not met (0 for eligible firms)

    def take(self, keep: npt.NDArray[Any]) -> Codes:
        return Codes(
            self.positions[keep],
            self.eligible[keep],
            self.met[keep],
            self.score[keep],
            self.missing[keep],
        )


def offer_codes(cols: FirmColumns, offer: CompiledOffer, found: Extracted) -> Codes:
    """Status, score, met conditions and the count of unmet `must`s, for these firms."""
    idx = found.positions
    met = np.zeros(idx.shape[0], dtype=np.int64)
    score = np.zeros(idx.shape[0])
    missing = np.zeros(idx.shape[0], dtype=np.int8)
    for i, cond in enumerate(offer.conditions):
        hit = bits.get(cols.met(cond), idx)
        met |= hit.astype(np.int64) << i
        if cond.kind == "bonus":
            score += hit
        else:
            missing += ~hit
    for tag in offer.tags:
        table = cols.sets["tags"].get(tag)
        if table is not None:
            score += TAG_WEIGHT * bits.get(table, idx)
    return Codes(idx, found.eligible, met, score, missing)


def codes_at(cols: FirmColumns, ob: OfferBits) -> Codes:
    return offer_codes(cols, ob.offer, extract(ob))


def render(
    cols: FirmColumns,
    offer: CompiledOffer,
    positions: npt.NDArray[np.int64],
    met: npt.NDArray[np.int64],
    labels: Labels,
) -> list[tuple[list[str], list[str]]]:
    """Reasons (conditions met, tags shared) and missing (`must`s not met) of these firms,
    in the firms' own words and values, from the stored codes."""
    texts = [_texts(cols, cond, positions, labels) for cond in offer.conditions]
    flags = [((met >> i) & 1).astype(bool).tolist() for i in range(len(offer.conditions))]
    musts = [i for i, c in enumerate(offer.conditions) if c.kind == "must"]
    shared_rows: dict[int, list[str]] = {}
    for tag in offer.tags:
        table = cols.sets["tags"].get(tag)
        if table is not None:
            for r in np.flatnonzero(bits.get(table, positions)).tolist():
                shared_rows.setdefault(r, []).append(tag)
    out = []
    for r in range(positions.shape[0]):
        reasons = [texts[i][r] for i in range(len(texts)) if flags[i][r]]
        shared = shared_rows.get(r)
        if shared:
            reasons.append(shared_tags_text(shared))
        out.append((reasons, [texts[i][r] for i in musts if not flags[i][r]]))
    return out


def result_rows(
    cols: FirmColumns,
    ob: OfferBits,
    labels: Labels,
    computed_at: datetime,
) -> list[dict[str, Any]]:
    """Eligible and near-miss rows with status, score, reasons and missing (previews, tests)."""
    found = codes_at(cols, ob)
    explained = render(cols, ob.offer, found.positions, found.met, labels)
    ids = cols.ids[found.positions].tolist()
    statuses = np.where(found.eligible, ELIGIBLE, NEAR_MISS).tolist()
    return [
        {
            "enterprise_id": enterprise_id,
            "offer_kind": ob.offer.kind,
            "offer_id": ob.offer.id,
            "status": status,
            "score": score,
            "met": met,
            "reasons": reasons,
            "missing": missing,
            "computed_at": computed_at,
        }
        for enterprise_id, status, score, met, (reasons, missing) in zip(
            ids, statuses, found.score.tolist(), found.met.tolist(), explained, strict=True
        )
    ]


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
    asked = asks(cond, labels)
    out = []
    for value in cols.values_at(cond.field, idx):
        text = cache.get(value)
        if text is None:
            text = cache[value] = describe_value(cond, value_text(cond, value, labels), asked)
        out.append(text)
    return out


def condition_statuses(cols: FirmColumns, cond: Condition, idx: npt.NDArray[np.int64]) -> list[str]:
    """met / unmet / unknown for the firms at these positions (used by tests and previews)."""
    met = bits.get(cols.met(cond), idx)
    known = bits.get(cols.known(cond.field), idx)
    return [MET if m else (UNMET if k else UNKNOWN) for m, k in zip(met, known, strict=True)]
