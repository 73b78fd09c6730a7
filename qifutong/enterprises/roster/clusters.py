"""Array helpers for resolution (pure): components, labels, codes and identity keys."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from qifutong.names import key_digest

# A pair of rows for review: (row, row, name similarity, reasons in words, kind).
RowPair = tuple[int, int, float, list[str], str]


def identity_keys(uscc: str, key: str) -> tuple[str, ...]:
    """The keys by which review decisions name a side: its USCC and its name."""
    keys = ("N:" + key_digest(key),)
    return (("U:" + uscc), *keys) if uscc else keys


def primary_key(uscc: str, key: str) -> str:
    return identity_keys(uscc, key)[0]


def distinct_per_group(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row: how many distinct values (≥ 0) its group holds."""
    ok = values >= 0
    out = np.zeros(len(groups), dtype=np.int64)
    if not ok.any():
        return out
    base = int(values[ok].max()) + 1
    combined = np.sort(groups[ok].astype(np.int64) * base + values[ok])
    combined = combined[np.r_[True, combined[1:] != combined[:-1]]]
    counts = np.bincount(combined // base, minlength=int(groups.max()) + 1)
    return counts[groups]


def propagate(labels: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Connected components: rows sharing any group id (≥ 0) end with one label, the least
    row index among them (so every label is a row of its own component)."""
    labels = labels.copy()
    while True:
        before = labels.copy()
        for g in groups:
            ok = g >= 0
            if ok.any():
                labels[ok] = pd.Series(labels[ok]).groupby(g[ok]).transform("min").to_numpy()
        if np.array_equal(labels, before):
            return labels


def canonical(labels: np.ndarray) -> np.ndarray:
    """Labels pointing at themselves (a row index per component)."""
    labels = labels.copy()
    while True:
        nxt = labels[labels]
        if np.array_equal(nxt, labels):
            return labels
        labels = nxt


class Union:
    def __init__(self, labels: np.ndarray) -> None:
        self.parent = labels.copy()

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return int(root)

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra
        return ra


def codes(values: np.ndarray, empty: str = "") -> np.ndarray:
    """Integer codes of an object column, -1 for the empty value."""
    codes, _ = pd.factorize(values)
    codes[values == empty] = -1
    return codes.astype(np.int64)


def decided(
    decisions: Mapping[tuple[str, str], str], keys_a: set[str], keys_b: set[str]
) -> str | None:
    for ka in keys_a:
        for kb in keys_b:
            found = decisions.get((ka, kb) if ka <= kb else (kb, ka))
            if found is not None:
                return found
    return None
