"""CSV and xlsx for people to open in Excel or WPS: text that looks like a formula stays text.

Every export goes through here (OWASP's rule for CSV injection): a text cell that begins with
=, +, -, @, a tab or a carriage return is written so that a spreadsheet never evaluates it. In a
CSV file the cell gets a leading apostrophe; in a workbook it is a text cell with the quote
prefix style (as if typed with a leading apostrophe), so it shows exactly as written."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl is loaded when a workbook is made, not when a process starts
    from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel refuses in a sheet title, and its length limit.
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
TITLE_MAX = 31


def formula_like(value: Any) -> bool:
    """Text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A cell as CSV may carry it: formula-like text gets a leading apostrophe."""
    return "'" + value if formula_like(value) else value


class CsvWriter:
    """csv.writer whose text cells are formula-safe."""

    def __init__(self, fh: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(header: Sequence[Any], rows: Iterable[Iterable[Any]], bom: bool = True) -> str:
    """A whole CSV document as text (with a BOM so that Excel reads it as UTF-8)."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


def sheet_title(text: str, fallback: str = "Sheet1") -> str:
    """A title Excel accepts: without []:*?/\\, not wrapped in quotes, at most 31 characters."""
    title = _TITLE_FORBIDDEN.sub("_", text or "").strip().strip("'")[:TITLE_MAX].strip()
    return title or fallback


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """Append one row to an openpyxl sheet; every text cell is written as text."""
    sheet.append(list(values))
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"  # openpyxl would take "=…" for a formula
            if formula_like(value):
                cell.quotePrefix = True


def new_workbook(title: str) -> tuple[Workbook, Any]:
    """A workbook and its first sheet, titled safely."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title(title)
    return book, sheet


def add_sheet(book: Workbook, title: str) -> Any:
    return book.create_sheet(sheet_title(title))


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
