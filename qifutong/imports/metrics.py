"""Pairwise precision and recall of a resolution against known truth (pure)."""

from __future__ import annotations

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


def _pairs(sizes: pd.Series) -> int:
    s = sizes.to_numpy(dtype=np.int64)
    return int((s * (s - 1) // 2).sum())


def pairwise(predicted: np.ndarray, truth: np.ndarray) -> PairwiseScore:
    """Over all pairs of rows: same predicted cluster vs same true firm."""
    frame = pd.DataFrame({"p": predicted, "t": truth})
    return PairwiseScore(
        true_pairs=_pairs(frame.groupby("t").size()),
        found_pairs=_pairs(frame.groupby("p").size()),
        correct_pairs=_pairs(frame.groupby(["p", "t"]).size()),
    )
