"""Pairwise precision and recall of a resolution against known truth, overall and per case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class PairwiseScore:
    true_pairs: int  # pairs of rows that are the same firm
    found_pairs: int  # pairs the resolver put together
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(sizes: pd.Series | np.ndarray) -> int:
    s = np.asarray(sizes, dtype=np.int64)
    return int((s * (s - 1) // 2).sum())


def pairwise(predicted: np.ndarray, truth: np.ndarray) -> PairwiseScore:
    """Over all pairs of rows: same predicted cluster vs same true firm."""
    frame = pd.DataFrame({"p": predicted, "t": truth})
    return PairwiseScore(
        true_pairs=_pairs(frame.groupby("t").size()),
        found_pairs=_pairs(frame.groupby("p").size()),
        correct_pairs=_pairs(frame.groupby(["p", "t"]).size()),
    )


def _touching(sizes: np.ndarray, marked: np.ndarray) -> int:
    """Pairs within groups of `sizes` rows of which `marked` carry the case: pairs with at
    least one marked row."""
    return _pairs(sizes) - _pairs(sizes - marked)


@dataclass(frozen=True)
class CaseScore:
    case: str
    rows: int  # rows carrying the case
    true_pairs: int  # true pairs with at least one such row
    found_pairs: int  # of those, put together

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0


def recall_by_case(
    predicted: np.ndarray, truth: np.ndarray, cases: Sequence[tuple[str, ...]]
) -> list[CaseScore]:
    """Per positive case: of the true pairs involving a row with that case, how many were
    found."""
    names = sorted({c for row in cases for c in row})
    out = []
    for name in names:
        marked = np.fromiter((name in row for row in cases), dtype=np.int64, count=len(cases))
        frame = pd.DataFrame({"p": predicted, "t": truth, "m": marked})
        by_t = frame.groupby("t")["m"].agg(["size", "sum"])
        by_pt = frame.groupby(["p", "t"])["m"].agg(["size", "sum"])
        out.append(
            CaseScore(
                name,
                int(marked.sum()),
                _touching(by_t["size"].to_numpy(), by_t["sum"].to_numpy()),
                _touching(by_pt["size"].to_numpy(), by_pt["sum"].to_numpy()),
            )
        )
    return out


@dataclass(frozen=True)
class NegativeScore:
    case: str
    firm_pairs: int  # pairs of firms that must stay apart (both on the roster)
    merged: int  # of those, put together at least once
    wrong_row_pairs: int  # row pairs across the two firms put together


def merges_by_negative_case(
    predicted: np.ndarray, truth: np.ndarray, negatives: Sequence[tuple[int, int, str]]
) -> list[NegativeScore]:
    """Per negative case: how many pairs of firms that must stay apart ended up together."""
    counts = pd.DataFrame({"p": predicted, "t": truth}).groupby(["t", "p"]).size()
    by_firm: dict[int, dict[int, int]] = {}
    for (t, p), n in counts.items():
        by_firm.setdefault(int(t), {})[int(p)] = int(n)
    stats: dict[str, list[int]] = {}
    for a, b, case in negatives:
        ca, cb = by_firm.get(a), by_firm.get(b)
        entry = stats.setdefault(case, [0, 0, 0])
        if ca is None or cb is None:
            continue
        entry[0] += 1
        wrong = sum(n * cb.get(p, 0) for p, n in ca.items())
        entry[1] += wrong > 0
        entry[2] += wrong
    return [NegativeScore(c, *v) for c, v in sorted(stats.items())]


def case_lines(
    predicted: np.ndarray,
    truth: np.ndarray,
    cases: Sequence[tuple[str, ...]],
    negatives: Sequence[tuple[int, int, str]],
) -> list[str]:
    """The per-case figures as printed lines."""
    lines = ["recall by case (true pairs with a row of the case):"]
    for c in recall_by_case(predicted, truth, cases):
        lines.append(
            f"  {c.case:<20} rows {c.rows:>8,}  pairs {c.true_pairs:>8,}  "
            f"found {c.found_pairs:>8,}  recall {c.recall:.4f}"
        )
    lines.append("hard negatives (pairs of firms that must stay apart):")
    for n in merges_by_negative_case(predicted, truth, negatives):
        lines.append(
            f"  {n.case:<20} firm pairs {n.firm_pairs:>7,}  merged {n.merged:>5,}  "
            f"wrong row pairs {n.wrong_row_pairs:>6,}"
        )
    return lines
