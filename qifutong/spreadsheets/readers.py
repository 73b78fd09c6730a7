"""Spreadsheets as streets have them → a table of raw cells under a recognised header.

xlsx (and xls/ods through calamine) and csv in UTF-8, UTF-8 with BOM, GBK or GB18030; title
rows above the header; merged cells filled from their top-left cell; blank, repeated-header
and 合计 rows skipped. Row numbers are the ones a person sees in the spreadsheet."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from qifutong.errors import QifutongError
from qifutong.spreadsheets.columns import Column, header_score, map_columns
from qifutong.spreadsheets.grid import Grid, widen
from qifutong.spreadsheets.limits import LimitExceeded, ReadLimits, check_file, check_shape
from qifutong.spreadsheets.limits import current as current_limits
from qifutong.web.i18n import Message, Phrase, message_of

HEADER_SEARCH_ROWS = 30
_TOTAL = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|共\s*计|累\s*计)")
_TOTAL_FIRST = frozenset("合总小共累")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def is_total(text: object) -> bool:
    """Whether a cell opens a 合计/总计/小计 row."""
    return isinstance(text, str) and bool(_TOTAL.match(text))


class FileRefused(QifutongError, ValueError):
    """The file cannot be read as a roster; the message says why and what was expected."""

    status = 422
    code = "file_refused"

    def __init__(self, file_name: str, message: Message) -> None:
        super().__init__(Phrase("{file}: {problem}", {"file": file_name, "problem": message}))
        self.file_name, self.message = file_name, message


@dataclass
class Table:
    """The data rows of a roster under its header."""

    file_name: str
    kind: str  # xlsx / csv
    encoding: str | None
    sheet: str | None
    header_row: int
    columns: list[Column]
    data: pd.DataFrame  # one object column per spreadsheet column, in order
    row_numbers: np.ndarray
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.row_numbers)


# --------------------------------------------------------------------------- text files


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        raise ValueError(
            Phrase(
                "无法识别的文字编码（第{at}字节附近）：应为 UTF-8、GBK 或 GB18030",
                {"at": exc.start},
            )
        ) from exc


def _delimiter(text: str) -> str:
    head = text[:20000].splitlines()[:30]
    counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv_grid(data: bytes, file_name: str, limits: ReadLimits | None = None) -> Grid:
    limits = limits or current_limits()
    try:
        check_file(len(data), limits)
        text, encoding = decode(data)
    except ValueError as exc:
        raise FileRefused(file_name, message_of(exc)) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FileRefused(
            file_name,
            Phrase(
                "CSV 格式错误（第{row}行）：{problem}", {"row": reader.line_num, "problem": exc}
            ),
        ) from exc
    width = max((len(r) for r in rows), default=0)
    try:
        check_shape(len(rows), width, limits)
    except LimitExceeded as exc:
        raise FileRefused(file_name, message_of(exc)) from exc
    cells = np.full((len(rows), width), None, dtype=object)
    for i, row in enumerate(rows):
        cells[i, : len(row)] = [v if v.strip() else None for v in row]
    return Grid(np.arange(1, len(rows) + 1), cells, encoding=encoding)


# --------------------------------------------------------------------------- workbooks


def read_workbook_grids(
    data: bytes, file_name: str, limits: ReadLimits | None = None
) -> list[Grid]:
    """Every visible sheet of a workbook, via the fast reader when it can, else calamine; a
    workbook over the limits is refused before it is inflated."""
    from qifutong.spreadsheets import xlsx

    limits = limits or current_limits()
    try:
        check_file(len(data), limits)
        if data[:2] == b"PK":
            try:
                return xlsx.read_sheets(data, limits)
            except (LimitExceeded, zipfile.BadZipFile):
                raise
            except Exception:  # a shape the fast reader does not follow: calamine reads it
                pass
            xlsx.check_extent(data, limits)
    except LimitExceeded as exc:
        raise FileRefused(file_name, message_of(exc)) from exc
    except zipfile.BadZipFile as exc:
        raise FileRefused(
            file_name, Phrase("工作簿已损坏，无法打开（{problem}）", {"problem": exc})
        ) from exc
    return _calamine_grids(data, file_name)


def _calamine_grids(data: bytes, file_name: str) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        raise FileRefused(
            file_name,
            Phrase("无法打开工作簿：{problem}（应为 xlsx、xls 或 csv 文件）", {"problem": exc}),
        ) from exc
    grids = []
    for meta in book.sheets_metadata:
        if str(getattr(meta, "visible", "")).lower().endswith(("hidden", "veryhidden")):
            continue
        sheet = book.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=0)
        cells = np.full((len(rows), width), None, dtype=object)
        for i, row in enumerate(rows):
            cells[i, : len(row)] = [
                None if isinstance(v, str) and not v.strip() else v for v in row
            ]
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        grids.append(Grid(np.arange(1, len(rows) + 1), cells, sheet=meta.name, merged=merged))
    return grids


def fill_merged(grid: Grid) -> None:
    """A merged range reads as its top-left value in every cell it covers."""
    if not grid.merged:
        return
    numbers = grid.row_numbers  # ascending
    ncols = grid.cells.shape[1]
    for r0, c0, r1, c1 in grid.merged:
        top = int(np.searchsorted(numbers, r0 + 1))
        if top >= len(numbers) or numbers[top] != r0 + 1 or c0 >= ncols:
            continue
        value = grid.cells[top, c0]
        if value is None:
            continue
        last = int(np.searchsorted(numbers, r1 + 1, side="right"))
        for i in range(top, last):
            for c in range(c0, min(c1, ncols - 1) + 1):
                if grid.cells[i, c] is None:
                    grid.cells[i, c] = value
                    if grid.filled is not None:
                        grid.filled[i, c] = True


# --------------------------------------------------------------------------- the table


def find_header(grid: Grid) -> int | None:
    """Index of the header row: the one naming most firm fields among the first rows."""
    best, best_score = None, 2
    for i in range(min(HEADER_SEARCH_ROWS, len(grid.row_numbers))):
        score = header_score([c for c in grid.cells[i] if c is not None])
        if score > best_score:
            best, best_score = i, score
    return best


def _table_from(grid: Grid, file_name: str, kind: str) -> Table | None:
    fill_merged(grid)
    h = find_header(grid)
    if h is None:
        return None
    headers = [grid.cells[h, c] for c in range(grid.cells.shape[1])]
    while headers and headers[-1] is None:
        headers.pop()
    columns = map_columns([("" if v is None else str(v)) for v in headers])
    if not any(c.field == "name" for c in columns):
        return None
    body = grid.cells[h + 1 :, : len(columns)]
    filled = grid.filled_cells()[h + 1 :, : len(columns)]
    if body.shape[1] < len(columns):  # header cells beyond the last filled data column
        body, filled = widen(body, filled, len(columns))
    numbers = grid.row_numbers[h + 1 :]
    skipped: list[tuple[int, str]] = []
    counts = filled.sum(axis=1)
    seq = next((c.index for c in columns if c.field == "seq"), None)
    identity = [c.index for c in columns if c.field in ("name", "uscc")]
    has_identity = np.asarray(filled[:, identity].any(axis=1))
    only_seq = (counts == 1) & filled[:, seq] if seq is not None else np.zeros(len(counts), bool)
    blank = (counts == 0) | only_seq
    # A 合计 row carries no code: look only at rows without one (all rows if no code column).
    code_col = next((c.index for c in columns if c.field == "uscc"), None)
    maybe = np.flatnonzero(~filled[:, code_col]) if code_col is not None else np.arange(len(body))
    total = np.zeros(len(body), dtype=bool)
    for c in range(min(3, body.shape[1])):
        total[maybe] |= np.fromiter(
            (isinstance(x, str) and x.lstrip()[:1] in _TOTAL_FIRST and bool(_TOTAL.match(x))
             for x in body[maybe, c]),
            dtype=bool,
            count=len(maybe),
        )  # fmt: skip
    name_col = next(c.index for c in columns if c.field == "name")
    repeated = body[:, name_col] == headers[name_col]
    drop = blank | total | repeated
    for i in np.flatnonzero(drop):
        reason = "合计行" if total[i] else ("重复的表头行" if repeated[i] else "空行")
        if not blank[i] or has_identity[i]:
            skipped.append((int(numbers[i]), reason))
    keep = ~drop
    kept = body if keep.all() else body[keep]  # (the grid is not used after this)
    data = pd.DataFrame(kept, columns=range(len(columns)), dtype=object, copy=False)
    return Table(
        file_name=file_name,
        kind=kind,
        encoding=grid.encoding,
        sheet=grid.sheet,
        header_row=int(grid.row_numbers[h]),
        columns=columns,
        data=data,
        row_numbers=numbers[keep].astype(np.int64),
        skipped=skipped,
    )


def read_table(data: bytes, file_name: str) -> Table:
    """The roster in a file: the first sheet that has a header naming the firm."""
    suffix = Path(file_name).suffix.lower()
    if suffix in EXCEL_SUFFIXES or data[:2] == b"PK" or data[:4] == b"\xd0\xcf\x11\xe0":
        grids, kind = read_workbook_grids(data, file_name), "xlsx"
    else:
        grids, kind = [read_csv_grid(data, file_name)], "csv"
    for grid in grids:
        table = _table_from(grid, file_name, kind)
        if table is not None:
            return table
    raise FileRefused(
        file_name,
        Phrase(
            "未找到表头：应有一行列名，至少包含“企业名称”（或 单位名称、公司名称）"
            "以及 统一社会信用代码、法定代表人 等列"
        ),
    )
