"""Any sheet whose header names known columns (leases, monthly figures …): the file's rows as
(row number, cells) and the header found among its top rows. Files are read by the shared
readers: xlsx (xls/ods through calamine) with merged cells filled, or csv in UTF-8, GBK or
GB18030. Pure: no database."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qifutong.errors import QifutongError
from qifutong.spreadsheets.readers import (
    EXCEL_SUFFIXES,
    FileRefused,
    fill_merged,
    read_csv_grid,
    read_workbook_grids,
)
from qifutong.web.i18n import Phrase

TEXT_SUFFIXES = (".csv", ".txt")


class Unreadable(QifutongError, ValueError):
    """The file cannot be read as a table at all; the message names the file and says why."""

    status = 422
    code = "unreadable_file"


@dataclass(frozen=True)
class Sheet:
    file_name: str
    rows: list[tuple[int, list[Any]]]  # (row number as a person sees it, cells)


@dataclass(frozen=True)
class Header:
    row: int  # its row number
    index: dict[str, int]  # canonical column → position
    names: list[str]  # each cell of the header row as written


def cell_text(cell: object) -> str:
    """A cell as stripped text; a whole number read as a float loses its ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def header_key(cell: object) -> str:
    """A header as compared: NFKC, lower case, units in brackets, spaces and colons removed."""
    raw = unicodedata.normalize("NFKC", cell_text(cell)).lower()
    raw = re.sub(r"[(\[（【].*?[)\]）】]", "", raw)
    return re.sub(r"[\s:：*]", "", raw)


def header_lookup(columns: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Compared header → canonical column, from each column's synonyms."""
    return {header_key(h): col for col, names in columns.items() for h in names}


def read_sheets(data: bytes, file_name: str) -> list[Sheet]:
    """Every visible sheet of a workbook, or the one table of a csv file."""
    suffix = Path(file_name).suffix.lower()
    workbook = suffix in EXCEL_SUFFIXES or data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0"
    if not workbook and suffix not in TEXT_SUFFIXES:
        raise Unreadable(Phrase("{file}：只接受 .xlsx、.xls 或 .csv 文件", {"file": file_name}))
    try:
        grids = (
            read_workbook_grids(data, file_name) if workbook else [read_csv_grid(data, file_name)]
        )
    except FileRefused as exc:
        raise Unreadable(
            Phrase("{file}：{problem}", {"file": file_name, "problem": exc.message})
        ) from exc
    sheets = []
    for grid in grids:
        fill_merged(grid)
        rows = [(int(n), list(c)) for n, c in zip(grid.row_numbers, grid.cells, strict=True)]
        sheets.append(Sheet(file_name, rows))
    return sheets


def find_header(
    rows: Iterable[tuple[int, list[Any]]], lookup: Mapping[str, str], minimum: int, scan: int
) -> Header | None:
    """The first of the top `scan` rows naming `minimum` or more known columns."""
    for n, cells in list(rows)[:scan]:
        found: dict[str, int] = {}
        for i, cell in enumerate(cells):
            col = lookup.get(header_key(cell))
            if col and col not in found:
                found[col] = i
        if len(found) >= minimum:
            return Header(n, found, [cell_text(c) for c in cells])
    return None


def sheet_with_header(
    sheets: Sequence[Sheet], lookup: Mapping[str, str], minimum: int, scan: int
) -> Sheet:
    """The first sheet with a header; else the first sheet (its header is then reported missing)."""
    for sheet in sheets:
        if find_header(sheet.rows, lookup, minimum, scan) is not None:
            return sheet
    return sheets[0] if sheets else Sheet("", [])
