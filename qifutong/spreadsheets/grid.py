"""A sheet as the readers hand it on: every cell of it in one 2-D array (pure numpy). Shared
by the readers and the xlsx parser, which both build grids."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Grid:
    """All cells of one sheet: row numbers (1-based) and a 2-D object array (None = an empty
    or blank cell)."""

    row_numbers: np.ndarray
    cells: np.ndarray
    sheet: str | None = None
    encoding: str | None = None
    merged: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # r0, c0, r1, c1 (0-based)
    # Which cells hold a value, where the reader knows it already (else worked out from cells).
    filled: np.ndarray | None = None

    def filled_cells(self) -> np.ndarray:
        if self.filled is None:
            self.filled = self.cells != None  # noqa: E711 - element-wise
        return self.filled


def widen(cells: np.ndarray, filled: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells and their filled mask with empty columns added on the right, up to width."""
    n, w = cells.shape
    wider = np.full((n, width), None, dtype=object)
    wider_filled = np.zeros((n, width), dtype=bool)
    wider[:, :w], wider_filled[:, :w] = cells, filled
    return wider, wider_filled
