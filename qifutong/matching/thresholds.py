"""A numeric field of many distinct values (revenue, tax) kept in value order, so that a
threshold condition over all firms is a stored bitset and a few firms, not a pass over every
firm's value (pure numpy)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from qifutong.matching import bits
from qifutong.matching.bits import Bits

BLOCKS = 256  # bitsets kept per field: 32 MB at a million firms


def value_order(arr: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.int64], Any]:
    """The positions of the firms with data, in the order of their values; and those values."""
    known = np.flatnonzero(~np.isnan(arr))
    order = known[np.argsort(arr[known], kind="stable")]
    return order, arr[order]


class SortedValues:
    """One field's firms with data in value order, and for every 1/BLOCKS of them the bitset of
    the firms from that place on: the firms at or above a threshold are one of those bitsets
    plus the firms between its place and the threshold's. Selects what comparing the floats
    selects (firms without data never meet a condition)."""

    def __init__(self, order: npt.NDArray[np.int64], values: Any, n: int) -> None:
        self.order, self.values = order, values
        k = int(order.shape[0])
        self.step = max(1, -(-k // BLOCKS))
        tails = [bits.zeros(n)]
        for j in range(-(-k // self.step) - 1, -1, -1):
            tail = tails[-1].copy()
            bits.set_at(tail, order[j * self.step : (j + 1) * self.step])
            tails.append(tail)
        self.tails = tails[::-1]  # tails[j]: the firms from place j * step on

    def from_place(self, place: int) -> Bits:
        """The firms at this place in the value order or later."""
        j = -(-place // self.step)
        out = self.tails[j].copy()
        bits.set_at(out, self.order[place : j * self.step])
        return out

    def met(self, op: str, value: Any) -> Bits:
        """The firms whose value meets `op value` (between: both bounds inclusive)."""
        known = self.tails[0]
        if op == "between":
            lo = int(np.searchsorted(self.values, value[0], "left"))
            hi = int(np.searchsorted(self.values, value[1], "right"))
            return self.from_place(lo) ^ self.from_place(max(lo, hi))
        left = int(np.searchsorted(self.values, value, "left"))
        right = int(np.searchsorted(self.values, value, "right"))
        if op == "gte":
            return self.from_place(left)
        if op == "gt":
            return self.from_place(right)
        if op == "lt":
            return known ^ self.from_place(left)
        if op == "lte":
            return known ^ self.from_place(right)
        equal = self.from_place(left) ^ self.from_place(right)
        return equal if op == "eq" else known ^ equal
