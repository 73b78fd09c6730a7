"""Credit codes one slip away (pure, vectorised): the valid codes a mistyped one may stand for.

A single wrong character or two adjacent characters swapped always break the check character
of GB 32100 (its weights differ pairwise modulo 31), so the mistyped code is the invalid one of
the two. From it, every valid code one substitution or one adjacent transposition away is
worked out on whole arrays: at most 18 + 17 candidates per code, looked up among the codes
the roster holds."""

from __future__ import annotations

import numpy as np

from qifutong.uscc import ALPHABET, WEIGHTS

SUBSTITUTION, TRANSPOSITION = 1, 2
_LUT = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate(ALPHABET):
    _LUT[ord(_c)] = _i
_W = np.array(WEIGHTS, dtype=np.int64)
_W_INV = np.array([pow(int(w), -1, 31) for w in WEIGHTS], dtype=np.int64)
_CHARS = np.array([ord(c) for c in ALPHABET], dtype=np.uint32)


def _values(codes: np.ndarray) -> np.ndarray:
    """(n, 18) alphabet values, -1 for a character outside the alphabet."""
    points = np.asarray(codes, dtype="U18").view(np.uint32).reshape(len(codes), 18)
    return np.where(points < 128, _LUT[np.minimum(points, 127)], -1)


def _check(values17: np.ndarray) -> np.ndarray:
    return (31 - (values17 * _W).sum(axis=1) % 31) % 31


def _text(values: np.ndarray) -> np.ndarray:
    return _CHARS[values].view("U18").reshape(len(values)).astype(object)


def near_valid_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For 18-character invalid codes: (index into codes, candidate valid code, kind), one
    entry per valid code one substitution or one adjacent transposition away."""
    n = len(codes)
    empty = (np.zeros(0, np.int64), np.zeros(0, object), np.zeros(0, np.int8))
    if n == 0:
        return empty
    v = _values(codes)
    bad = v < 0
    out_i: list[np.ndarray] = []
    out_v: list[np.ndarray] = []
    out_k: list[int] = []
    rows = np.arange(n)
    # One substitution at position p < 17: the value that makes the check character fit.
    clean = np.where(bad, 0, v)
    total = (clean[:, :17] * _W).sum(axis=1)
    for p in range(17):
        others_bad = bad.sum(axis=1) - bad[:, p] > 0
        rest = total - clean[:, p] * _W[p]
        x = ((-v[:, 17] - rest) % 31) * _W_INV[p] % 31
        ok = ~others_bad & (v[:, 17] >= 0) & (x != v[:, p])
        if ok.any():
            cand = clean[ok].copy()
            cand[:, p] = x[ok]
            out_i.append(rows[ok])
            out_v.append(cand)
            out_k.append(SUBSTITUTION)
    # A wrong check character.
    ok = ~bad[:, :17].any(axis=1)
    if ok.any():
        cand = clean[ok].copy()
        cand[:, 17] = _check(cand[:, :17])
        keep = cand[:, 17] != v[ok, 17]
        out_i.append(rows[ok][keep])
        out_v.append(cand[keep])
        out_k.append(SUBSTITUTION)
    # Two adjacent characters swapped.
    ok = ~bad.any(axis=1)
    for p in range(17):
        cand = clean[ok].copy()
        cand[:, [p, p + 1]] = cand[:, [p + 1, p]]
        fits = (cand[:, 17] == _check(cand[:, :17])) & (cand[:, p] != cand[:, p + 1])
        if fits.any():
            out_i.append(rows[ok][fits])
            out_v.append(cand[fits])
            out_k.append(TRANSPOSITION)
    if not out_i:
        return empty
    kinds = np.concatenate([np.full(len(i), k, np.int8) for i, k in zip(out_i, out_k, strict=True)])
    return np.concatenate(out_i), _text(np.concatenate(out_v)), kinds


def valid_as_written(values: np.ndarray) -> np.ndarray:
    """True where a cell is already a valid code as written: 18 characters of the alphabet,
    the region digits, the right check character (the rest needs normalising first)."""
    out = np.zeros(len(values), dtype=bool)
    text = np.fromiter((type(x) is str and len(x) == 18 for x in values), bool, len(values))
    if not text.any():
        return out
    v = _values(values[text])
    ok = np.asarray((v >= 0).all(axis=1) & (v[:, 2:8] <= 9).all(axis=1))
    ok[ok] = _check(v[ok, :17]) == v[ok, 17]
    out[text] = ok
    return out


def slip(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair of 18-character codes: 0 equal, SUBSTITUTION, TRANSPOSITION, else 3."""
    out = np.full(len(a), 3, dtype=np.int8)
    if len(a) == 0:
        return out
    pa = np.asarray(a, dtype="U18").view(np.uint32).reshape(len(a), 18)
    pb = np.asarray(b, dtype="U18").view(np.uint32).reshape(len(b), 18)
    diff = pa != pb
    count = diff.sum(axis=1)
    out[count == 0] = 0
    out[count == 1] = SUBSTITUTION
    two = np.flatnonzero(count == 2)
    if len(two):
        first = diff[two].argmax(axis=1)
        second = np.minimum(first + 1, 17)
        swapped = (
            diff[two, second]
            & (pa[two, first] == pb[two, second])
            & (pa[two, second] == pb[two, first])
        )
        out[two[swapped]] = TRANSPOSITION
    return out
