"""All firms as column arrays, and each condition as a bitset over them (pure numpy/pandas).

Numbers, dates (as day ordinals) and yes/no fields are float arrays with NaN for "no data";
categories and industry codes are integer codes into a small list of values; qualifications and
tags are one bitset per code. A condition becomes two bitsets: the firms meeting it and the firms
with data for its field; everything else is `unknown` or `unmet`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from qifutong.matching import bits
from qifutong.matching.bits import Bits
from qifutong.matching.criteria import MET, Condition, compare, condition_status, set_test
from qifutong.matching.fields import BOOL, CATEGORY, DATE, FIELDS, INDUSTRY, NUMERIC, SET
from qifutong.matching.thresholds import SortedValues, value_order

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.integer[Any]]

NUMERIC_FIELDS = tuple(n for n, f in FIELDS.items() if f.type in (NUMERIC, DATE, BOOL))
CATEGORY_FIELDS = tuple(n for n, f in FIELDS.items() if f.type in (CATEGORY, INDUSTRY))
SET_FIELDS = tuple(n for n, f in FIELDS.items() if f.type == SET)
# The stored firm columns a frame carries (years_since_founding is derived from founded_on).
FRAME_COLUMNS = (
    "id",
    "industry_code",
    "size_class",
    "headcount",
    "revenue",
    "tax",
    "registered_capital",
    "founded_on",
    "qualifications",
    "registered_here",
    "operates_here",
    "tax_here",
    "building_id",
    "tags",
    "stage",
    "area_need",
    "ip_patents",
    "ip_software",
    "ip_trademarks",
    "above_scale",
    "grade",
)


class FirmColumns:
    """The firms to match, column by column, with a cache of condition bitsets."""

    def __init__(
        self,
        ids: npt.NDArray[np.int64],
        numeric: Mapping[str, FloatArray],
        categories: Mapping[str, tuple[CodeArray, Sequence[Any]]],
        sets: Mapping[str, Mapping[str, Bits]],
        cache_bytes: int = 256 * 2**20,
    ) -> None:
        self.ids = ids
        self.n = int(ids.shape[0])
        self.numeric = dict(numeric)
        self.categories = dict(categories)
        self.sets = {k: dict(v) for k, v in sets.items()}
        self.all = bits.ones(self.n)
        self._known: dict[str, Bits] = {}
        self._cache: dict[tuple[str, str, Any], Bits] = {}
        word_bytes = max(1, bits.n_words(self.n) * 8)
        self._cache_max = max(64, cache_bytes // word_bytes)
        self._position: dict[int, int] | None = None
        self._code_bits: dict[str, list[Bits] | None] = {}
        self._code_bits_limit = CODE_BITS_LIMIT
        self._prefix_hits: dict[tuple[str, str], npt.NDArray[np.bool_]] = {}
        # Narrow integer codes compare several times faster than floats or look-up tables.
        self.categories = {
            name: (_narrow(codes), list(cats)) for name, (codes, cats) in self.categories.items()
        }
        self._ranks: dict[str, tuple[npt.NDArray[np.integer[Any]], FloatArray]] = {}
        # Fields of many distinct values, in value order (their bitsets are made when used).
        self._orders: dict[str, tuple[npt.NDArray[np.int64], FloatArray]] = {}
        self._sorted: dict[str, SortedValues] = {}
        for name, arr in self.numeric.items():
            order, values = value_order(arr)
            ranked = _ranks(order, values, self.n)
            if ranked is not None:
                self._ranks[name] = ranked
            elif self.n >= SORTED_MIN:
                self._orders[name] = (order, values)

    # --- building -----------------------------------------------------------------------

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, today: date) -> FirmColumns:
        """Columns from a frame of FRAME_COLUMNS (one row per firm; lists for the set fields)."""
        frame = frame.reset_index(drop=True)
        n = len(frame)
        ids = frame["id"].to_numpy(dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
        numeric: dict[str, FloatArray] = {}
        for name in NUMERIC_FIELDS:
            if name == "years_since_founding":
                continue
            if name not in frame.columns:
                numeric[name] = np.full(n, np.nan)
            elif FIELDS[name].type == DATE:
                numeric[name] = _ordinals(frame[name])
            elif n <= SMALL:
                numeric[name] = np.array([_number(v) for v in frame[name].tolist()], np.float64)
            else:
                numeric[name] = pd.to_numeric(
                    frame[name].astype(object).where(frame[name].notna(), np.nan),
                    errors="coerce",
                ).to_numpy(dtype=np.float64)
        founded = numeric["founded_on"]
        numeric["years_since_founding"] = (float(today.toordinal()) - founded) / 365.25
        categories = {
            name: _codes(frame[name] if name in frame.columns else pd.Series([None] * n))
            for name in CATEGORY_FIELDS
        }
        sets = {
            name: _set_bits(frame[name] if name in frame.columns else pd.Series([[]] * n), n)
            for name in SET_FIELDS
        }
        return cls(ids, numeric, categories, sets)

    # --- reading one firm back (for explanations) ----------------------------------------

    def position(self, enterprise_id: int) -> int | None:
        if self._position is None:
            self._position = {int(e): i for i, e in enumerate(self.ids)}
        return self._position.get(enterprise_id)

    def values_at(self, name: str, idx: npt.NDArray[np.int64]) -> list[Any]:
        """The firms' values of a field at these positions, as the one-firm evaluator sees them."""
        spec = FIELDS[name]
        if spec.type == SET:
            raise ValueError("set fields are read per code")
        if spec.type in (CATEGORY, INDUSTRY):
            codes, cats = self.categories[name]
            return [None if c < 0 else cats[c] for c in codes[idx].tolist()]
        arr = self.numeric[name][idx].tolist()
        if spec.type == DATE:
            return [None if math.isnan(v) else date.fromordinal(int(v)) for v in arr]
        if spec.type == BOOL:
            return [None if math.isnan(v) else bool(v) for v in arr]
        return [None if math.isnan(v) else v for v in arr]

    # --- conditions as bitsets ------------------------------------------------------------

    def clear_cache(self) -> None:
        """Forget the condition bitsets (benchmarks time conditions seen for the first time)."""
        self._cache.clear()

    def known(self, name: str) -> Bits:
        """Firms with data for this field."""
        hit = self._known.get(name)
        if hit is None:
            spec = FIELDS[name]
            if spec.type == SET:
                hit = self.all
            elif spec.type in (CATEGORY, INDUSTRY):
                hit = bits.pack(self.categories[name][0] >= 0)
            else:
                hit = bits.pack(~np.isnan(self.numeric[name]))
            self._known[name] = hit
        return hit

    def met(self, cond: Condition) -> Bits:
        """Firms meeting the condition (never includes a firm without data for the field)."""
        key = cond.key()
        hit = self._cache.get(key)
        if hit is None:
            hit = self._met(cond)
            if len(self._cache) >= self._cache_max:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _met(self, cond: Condition) -> Bits:
        spec, op, value = cond.spec, cond.op, cond.value
        if spec.type == SET:
            return self._set_met(cond.field, op, value)
        if spec.type in (CATEGORY, INDUSTRY):
            return self._category_met(cond)
        arr = self.numeric[cond.field]
        if spec.type == DATE:
            value = (
                (float(value[0].toordinal()), float(value[1].toordinal()))
                if op == "between"
                else float(value.toordinal())
            )
        elif spec.type == BOOL:
            value = 1.0 if value else 0.0
        ranked = self._ranks.get(cond.field)
        if ranked is not None:
            return self._rank_met(cond.field, op, value, *ranked)
        if cond.field in self._orders and not np.isnan(value).any():
            if cond.field not in self._sorted:
                self._sorted[cond.field] = SortedValues(*self._orders[cond.field], self.n)
            return self._sorted[cond.field].met(op, value)
        # Comparisons with NaN are False, so firms without data never "meet"; `ne` is the
        # exception (NaN != x is True) and is cut back to the known firms.
        hit = bits.pack(compare(op, arr, value))
        return hit & self.known(cond.field) if op == "ne" else hit

    def _category_met(self, cond: Condition) -> Bits:
        """Each distinct code judged by the one-firm rule; firms map to their code. A field of
        few codes keeps a bitset per code, so a condition is an OR of the codes it hits."""
        codes, cats = self.categories[cond.field]
        hits = self._category_hits(cond, cats)
        table = self._code_table(cond.field)
        if table is None:
            return bits.pack(_code_mask(codes, hits.tolist()))
        chosen = np.flatnonzero(hits)
        if 2 * chosen.shape[0] <= hits.shape[0]:
            return _union(table, chosen, self.n)
        # Most codes hit: the firms with a code, less those whose code misses.
        out = self.known(cond.field).copy()
        return np.bitwise_xor(out, _union(table, np.flatnonzero(~hits), self.n), out=out)

    def _category_hits(self, cond: Condition, cats: Sequence[Any]) -> npt.NDArray[np.bool_]:
        """Which distinct codes meet the condition (condition_status on each). An industry
        condition hits a code where any of its prefixes does, so each prefix is judged once."""
        if cond.spec.type != INDUSTRY:
            return np.array([condition_status(cond, c) == MET for c in cats], dtype=bool)
        hit = np.zeros(len(cats), dtype=bool)
        for prefix in cond.value:
            one = self._prefix_hits.get((cond.field, prefix))
            if one is None:
                single = replace(cond, op="in", value=(prefix,))
                one = np.array([condition_status(single, c) == MET for c in cats], dtype=bool)
                self._prefix_hits[(cond.field, prefix)] = one
            hit |= one
        return hit if cond.op in ("eq", "in") else ~hit

    def _code_table(self, name: str) -> list[Bits] | None:
        """One bitset per code of a field with at most CODE_BITS_LIMIT codes, else None."""
        if name not in self._code_bits:
            codes, cats = self.categories[name]
            self._code_bits[name] = (
                [bits.pack(codes == c) for c in range(len(cats))]
                if len(cats) <= self._code_bits_limit
                else None
            )
        return self._code_bits[name]

    def _rank_met(
        self,
        name: str,
        op: str,
        value: Any,
        ranks: npt.NDArray[np.integer[Any]],
        uniques: FloatArray,
    ) -> Bits:
        """The same comparison on each firm's rank among the field's distinct values (-1 = no
        data): v ≥ t exactly when rank(v) ≥ the number of distinct values below t."""
        if op == "between":
            lo = int(np.searchsorted(uniques, value[0], "left"))
            hi = int(np.searchsorted(uniques, value[1], "right"))
            return bits.pack((ranks >= lo) & (ranks < hi))
        left = int(np.searchsorted(uniques, value, "left"))
        right = int(np.searchsorted(uniques, value, "right"))
        if op == "gte":
            return bits.pack(ranks >= left)
        if op == "gt":
            return bits.pack(ranks >= right)
        if op == "lt":
            return bits.pack(ranks < left) & self.known(name)
        if op == "lte":
            return bits.pack(ranks < right) & self.known(name)
        equal = bits.pack(ranks == left) if right > left else bits.zeros(self.n)
        return equal if op == "eq" else self.known(name) & ~equal

    def _set_met(self, name: str, op: str, value: Sequence[str]) -> Bits:
        table = self.sets[name]
        empty = bits.zeros(self.n)
        parts = [table.get(v, empty) for v in value]
        out: Bits = set_test(op, parts, self.all.copy(), empty)
        return out

    def tag_bits(self, tags: Iterable[str]) -> Bits:
        """Firms carrying any of these tags."""
        return self._set_met("tags", "has_any", list(tags))


RANK_LIMIT = 32_000  # distinct values that still fit int16 ranks
SORTED_MIN = 65_536  # firms from which a field of more distinct values is kept in value order
CODE_BITS_LIMIT = 256  # codes of a field that each keep a bitset (industry divisions, sizes)


def _union(table: Sequence[Bits], chosen: npt.NDArray[np.int64], n: int) -> Bits:
    out = bits.zeros(n)
    for i in chosen.tolist():
        np.bitwise_or(out, table[i], out=out)
    return out


def _narrow(codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.integer[Any]]:
    top = int(codes.max()) if codes.shape[0] else 0
    dtype = np.int8 if top < 127 else np.int16 if top < 32_767 else np.int32
    return codes.astype(dtype, copy=False)


def _ranks(
    order: npt.NDArray[np.int64], values: FloatArray, n: int
) -> tuple[npt.NDArray[np.integer[Any]], FloatArray] | None:
    """int16 ranks (-1 for no data) and the sorted distinct values, when there are few."""
    first = np.ones(values.shape[0], dtype=bool)
    first[1:] = values[1:] != values[:-1]
    if int(first.sum()) > RANK_LIMIT:
        return None
    ranks = np.full(n, -1, dtype=np.int16)
    ranks[order] = np.cumsum(first) - 1
    return ranks, values[first]


def _code_mask(codes: npt.NDArray[np.integer[Any]], hits: Sequence[bool]) -> npt.NDArray[np.bool_]:
    """Firms whose category code is a hit: a few range comparisons on the narrow codes (the
    categories are sorted, so an industry prefix is one run of codes), else a look-up."""
    chosen = np.flatnonzero(np.asarray(hits, dtype=bool))
    if chosen.shape[0] == 0:
        return np.zeros(codes.shape[0], dtype=bool)
    breaks = np.flatnonzero(np.diff(chosen) != 1)
    starts = chosen[np.r_[0, breaks + 1]].tolist()
    ends = chosen[np.r_[breaks, chosen.shape[0] - 1]].tolist()
    if len(starts) > 8:
        lut = np.concatenate([[False], np.asarray(hits, dtype=bool)])
        return np.take(lut, codes.astype(np.int32) + 1)
    mask: npt.NDArray[np.bool_] | None = None
    for lo, hi in zip(starts, ends, strict=True):
        part = codes == lo if lo == hi else (codes >= lo) & (codes <= hi)
        mask = part if mask is None else mask | part
    assert mask is not None
    return mask


def _ordinals(series: pd.Series) -> FloatArray:
    out = np.full(len(series), np.nan)
    for i, v in enumerate(series.tolist()):
        if isinstance(v, date):
            out[i] = float(v.toordinal())
        elif isinstance(v, str) and v:
            out[i] = float(date.fromisoformat(v[:10]).toordinal())
    return out


# Up to this many firms (one firm's page), columns are built in plain Python: pandas' fixed
# cost per column is larger than the work. Both ways give the same columns (a test checks).
SMALL = 64


def _missing(v: Any) -> bool:
    return v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _number(v: Any) -> float:
    """A value as pd.to_numeric(errors="coerce") reads it."""
    if _missing(v):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _codes(series: pd.Series) -> tuple[CodeArray, list[Any]]:
    if len(series) <= SMALL:
        return _codes_small(series.tolist())
    clean = series.astype(object).where(series.notna(), None)
    values = [None if v is None or v == "" else v for v in clean.tolist()]
    values = [int(v) if isinstance(v, float) and v == int(v) else v for v in values]
    series = pd.Series(values, dtype=object)
    try:  # sorted categories keep an industry prefix in one run of codes
        codes, uniques = pd.factorize(series, sort=True, use_na_sentinel=True)
    except TypeError:  # mixed types cannot be sorted; order does not matter for correctness
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes.astype(np.int32), list(uniques)


def _codes_small(raw: list[Any]) -> tuple[CodeArray, list[Any]]:
    values = [None if _missing(v) or v == "" else v for v in raw]
    values = [int(v) if isinstance(v, float) and v == int(v) else v for v in values]
    present = [v for v in values if v is not None]
    try:
        uniques = sorted(set(present))
    except TypeError:
        uniques = list(dict.fromkeys(present))
    index = {v: i for i, v in enumerate(uniques)}
    codes = np.array([-1 if v is None else index[v] for v in values], dtype=np.int32)
    return codes, uniques


def _set_bits(series: pd.Series, n: int) -> dict[str, Bits]:
    if n <= SMALL:
        found: dict[str, list[int]] = {}
        for pos, v in enumerate(series.tolist()):
            if isinstance(v, list | tuple | set):
                for code in v:
                    if not _missing(code):
                        found.setdefault(str(code), []).append(pos)
        return {c: bits.from_indices(np.asarray(p, dtype=np.int64), n) for c, p in found.items()}
    exploded = series.map(lambda v: list(v) if isinstance(v, list | tuple | set) else []).explode()
    exploded = exploded.dropna()
    out: dict[str, Bits] = {}
    if exploded.empty:
        return out
    frame = pd.DataFrame({"pos": exploded.index.to_numpy(), "code": exploded.to_numpy()})
    for code, group in frame.groupby("code", sort=False):
        out[str(code)] = bits.from_indices(group["pos"].to_numpy(dtype=np.int64), n)
    return out
