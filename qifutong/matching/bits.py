"""Packed bitsets over firms: one bit per firm, 64 firms per uint64 word (pure numpy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Bits = npt.NDArray[np.uint64]
_ONE = np.uint64(1)


def n_words(n: int) -> int:
    return (n + 63) // 64


def pack(mask: npt.NDArray[np.bool_]) -> Bits:
    """A boolean array as a bitset (bit i of the set = mask[i])."""
    n = mask.shape[0]
    packed = np.packbits(mask, bitorder="little")
    padded = np.zeros(n_words(n) * 8, dtype=np.uint8)
    padded[: packed.shape[0]] = packed
    return padded.view(np.uint64)


def zeros(n: int) -> Bits:
    return np.zeros(n_words(n), dtype=np.uint64)


def ones(n: int) -> Bits:
    """All n bits set (the bits past n stay clear, so counts are exact)."""
    out = np.full(n_words(n), np.iinfo(np.uint64).max, dtype=np.uint64)
    tail = n % 64
    if tail and out.shape[0]:
        out[-1] = (_ONE << np.uint64(tail)) - _ONE
    return out


def count(bits: Bits) -> int:
    return int(np.bitwise_count(bits).sum())


def indices(bits: Bits) -> npt.NDArray[np.int64]:
    """Positions of the set bits, ascending; only non-empty words are unpacked."""
    nz = np.flatnonzero(bits)
    if nz.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    chunk = np.unpackbits(bits[nz].view(np.uint8), bitorder="little").reshape(-1, 64)
    rows, cols = np.nonzero(chunk)
    return nz[rows].astype(np.int64) * 64 + cols.astype(np.int64)


def get(bits: Bits, idx: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """The bits at these positions."""
    if idx.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    word = bits[idx >> 6]
    return ((word >> (idx & 63).astype(np.uint64)) & _ONE).astype(bool)


def set_at(bits: Bits, idx: npt.NDArray[np.int64]) -> None:
    """Set the bits at these positions, in place."""
    np.bitwise_or.at(bits, idx >> 6, np.left_shift(_ONE, (idx & 63).astype(np.uint64)))


def from_indices(idx: npt.NDArray[np.int64], n: int) -> Bits:
    mask = np.zeros(n, dtype=bool)
    mask[idx] = True
    return pack(mask)
