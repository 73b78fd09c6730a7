"""The vectorised parser of worksheet XML chunks (see qifutong/spreadsheets/xlsx.py): every tag is
found by the position of its "<", cells, types, styles and values are taken by index
arithmetic, and any shape it does not expect raises Unsupported."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from qifutong.spreadsheets.grid import Grid, widen

LT, GT, QUOTE, SLASH, SPACE, EQ = 60, 62, 34, 47, 32, 61
_POWERS = np.array([10**k for k in range(1, 10)])
_T = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>|<t/>", re.S)
_RPH = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SLOW_CELL = re.compile(
    rb"<c\b[^>]*?>(?:<f\b[^>]*?(?:/>|>.*?</f>))?(?:<v>(.*?)</v>)?(?:<is>(.*?)</is>)?", re.S
)


class Unsupported(Exception):
    """The fast path does not follow this workbook's XML; read it with calamine."""


def unescape(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _text(raw: bytes) -> str:
    return unescape(raw.decode("utf-8"))


def rich_text(raw: bytes) -> str:
    """The text of an <si> or <is>: its <t> runs, phonetic runs left out."""
    raw = _RPH.sub(b"", raw)
    return "".join(_text(m.group(1) or b"") for m in _T.finditer(raw))


def _window(a: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Bytes a[start : start + width] for every start, as the rows of a (new) matrix; bytes
    outside a read as 0."""
    if len(starts) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    low, high = int(starts.min()), int(starts.max()) + width
    if low < 0 or high > len(a):
        before, after = max(0, -low), max(0, high - len(a))
        a = np.concatenate([np.zeros(before, np.uint8), a, np.zeros(after, np.uint8)])
        starts = starts + before
    return np.lib.stride_tricks.sliding_window_view(a, width)[starts]


def _ints(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The unsigned integers written at a[start : start + length] (at most 15 digits)."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    width = max(int(lengths.max()), 1)
    if width > 15:
        raise Unsupported("integer too long")
    # Right-aligned digits, the columns before each number zeroed; then Horner's rule.
    win = _window(a, starts + lengths - width, width).T.copy()
    win[np.arange(width)[:, None] < (width - lengths)] = 48
    digits = win.astype(np.int16) - 48
    if ((digits < 0) | (digits > 9)).any():
        raise Unsupported("not an integer")
    value = np.zeros(len(starts), dtype=np.int64)
    for column in digits:
        value *= 10
        value += column
    return value


def _run(a: np.ndarray, starts: np.ndarray, width: int, back: bool = False) -> np.ndarray:
    """How many digits run forwards from each start (or backwards, ending before it)."""
    win = _window(a, starts - width, width)[:, ::-1] if back else _window(a, starts, width)
    isdigit = (win >= 48) & (win <= 57)
    return np.cumprod(isdigit, axis=1, dtype=np.int8).sum(axis=1, dtype=np.int64)


def _floats_by_numpy(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    width = max(int(lengths.max()), 1)
    if width > 40:
        raise Unsupported("number too long")
    mat = _window(a, starts, width)
    mat[np.arange(width) >= lengths[:, None]] = 0
    try:
        return np.ascontiguousarray(mat).view(f"S{width}").ravel().astype(np.float64)
    except ValueError as exc:
        raise Unsupported("not a number") from exc


def _floats(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The numbers written at a[start : start + length]. Plain decimals (-12.34, 500) are read
    digit by digit, exactly as float() would round them; anything else (exponents, very long
    numbers) through numpy's own conversion."""
    out = np.empty(len(starts), dtype=np.float64)
    if len(starts) == 0:
        return out
    width = int(lengths.max())
    simple = lengths <= 16
    if width <= 16:
        win = _window(a, starts + lengths - width, width).T.copy()  # right-aligned, by column
        before = np.arange(width)[:, None] < (width - lengths)
        win[before] = 48  # leading zeros
        digit = (win >= 48) & (win <= 57)
        dot = win == 46
        minus = win == 45
        first = width - lengths  # where each number starts
        cols = np.arange(width)[:, None]
        minus_ok = minus & (cols == first)
        simple &= (digit | dot | minus_ok).all(axis=0) & (dot.sum(axis=0) <= 1)
        value = np.zeros(len(starts), dtype=np.int64)
        for k in range(width):
            d = digit[k]
            value = np.where(d, value * 10 + (win[k].astype(np.int64) - 48), value)
        # Digits after the dot: the dot's distance from the end.
        has_dot = dot.any(axis=0)
        decimals = np.where(has_dot, width - 1 - np.argmax(dot, axis=0), 0)
        result = value / (10.0**decimals)
        result[minus_ok.any(axis=0)] *= -1
        out[simple] = result[simple]
    else:
        simple[:] = False
    if not simple.all():
        rest = ~simple
        out[rest] = _floats_by_numpy(a, starts[rest], lengths[rest])
    return out


def _texts(a: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> list[str]:
    """The texts a[start:stop], decoded in one go (gathered, joined by NUL, split)."""
    if len(starts) == 0:
        return []
    lengths = stops - starts + 1  # each text and a separator
    total = int(lengths.sum())
    out_starts = np.cumsum(lengths) - lengths
    src = np.arange(total) - np.repeat(out_starts - starts, lengths)
    joined = a[np.minimum(src, len(a) - 1)]
    joined[out_starts + lengths - 1] = 0
    texts = joined.tobytes().decode("utf-8").split("\x00")[:-1]
    return [unescape(t) if "&" in t or "_x" in t else t for t in texts]


def _is(win: np.ndarray, col: int, text: str) -> np.ndarray:
    """Whether the window columns col, col+1 … hold `text`."""
    out = win[:, col] == ord(text[0])
    for i, ch in enumerate(text[1:], start=1):
        out &= win[:, col + i] == ord(ch)
    return out


@dataclass
class Part:
    """What one chunk of whole rows holds."""

    rows: np.ndarray  # row numbers
    cell_rows: np.ndarray  # index into rows, per filled cell
    cols: np.ndarray
    values: np.ndarray
    # Shared-string cells, mapped to their text once the table is read (in parallel).
    sst_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    sst_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    sst_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


class CellTooLong(ValueError):
    """A cell holds more characters than the reader accepts."""

    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


class SheetParser:
    """Parses sheetData chunk by chunk into (row, column, value) triples."""

    def __init__(
        self, dates: np.ndarray, epoch: np.datetime64, max_chars: int | None = None
    ) -> None:
        self.dates, self.epoch, self.max_chars = dates, epoch, max_chars

    def chunk(self, body: bytes | memoryview) -> Part:
        """One run of whole rows (pure: chunks may be parsed in parallel threads). The rows
        may be a view into a larger block."""
        empty = Part(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64),
                      np.zeros(0, dtype=object))  # fmt: skip
        if not body:
            return empty
        a = np.frombuffer(body, dtype=np.uint8)
        lt = np.flatnonzero(a == LT)
        if len(lt) == 0:
            return empty
        if self.max_chars is not None:
            self._check_text_runs(a, lt, self.max_chars)
        # Every "<" here is followed by at least two bytes: the chunk ends with "</row>".
        c1 = a[lt + 1]
        c2 = a[lt + 2]
        is_row = (c1 == ord("r")) & (c2 == ord("o"))
        row_pos = lt[is_row]
        rows = np.zeros(0, dtype=np.int64)
        if len(row_pos):
            if not _is(_window(a, row_pos + 4, 4), 0, ' r="').all():
                raise Unsupported("row without r first")
            lengths = _run(a, row_pos + 8, 8)
            rows = _ints(a, row_pos + 8, lengths)
        cell_k = np.flatnonzero((c1 == ord("c")) & (c2 == SPACE))
        if len(cell_k) == 0:
            return Part(rows, empty.cell_rows, empty.cols, empty.values)
        row_of = np.cumsum(is_row, dtype=np.int32)[cell_k].astype(np.int64) - 1
        return self._cells(body, a, lt, c1, c2, cell_k, row_of, rows)

    @staticmethod
    def _check_text_runs(a: np.ndarray, lt: np.ndarray, max_chars: int) -> None:
        """No text between two tags (a cell's value) longer than max_chars characters: a run
        of more bytes than that is decoded and counted."""
        gaps = np.diff(lt)
        for i in np.flatnonzero(gaps > max_chars):
            start = int(a[lt[i] : lt[i + 1]].tobytes().find(b">")) + int(lt[i]) + 1
            length = len(_text(a[start : lt[i + 1]].tobytes()))
            if length > max_chars:
                raise CellTooLong(length)

    def _cells(
        self,
        body: bytes | memoryview,
        a: np.ndarray,
        lt: np.ndarray,
        c1: np.ndarray,
        c2: np.ndarray,
        cell_k: np.ndarray,
        row_local: np.ndarray,
        row_numbers: np.ndarray,
    ) -> Part:
        if cell_k[-1] + 1 >= len(lt) or (row_local < 0).any():
            raise Unsupported("cell outside a row")
        p = lt[cell_k]
        head = _window(a, p + 3, 6)  # r="AB…
        if not _is(head, 0, 'r="').all():
            raise Unsupported("cell reference not first")
        letter = (head[:, 3:6] >= 65) & (head[:, 3:6] <= 90)
        if not letter[:, 0].all():
            raise Unsupported("bad cell reference")
        one_l = letter[:, 0] & ~letter[:, 1]
        two_l = letter[:, 1] & ~letter[:, 2]
        lv = head[:, 3:6].astype(np.int32) - 64
        col = (
            np.where(
                one_l,
                lv[:, 0],
                np.where(
                    two_l, lv[:, 0] * 26 + lv[:, 1], lv[:, 0] * 676 + lv[:, 1] * 26 + lv[:, 2]
                ),
            )
            - 1
        )
        nletters = np.where(one_l, 1, np.where(two_l, 2, 3))
        ndigits = np.searchsorted(_POWERS, row_numbers[row_local], side="right") + 1
        ref_end = p + 6 + nletters + ndigits  # the closing quote of r="…"
        nxt = lt[cell_k + 1]
        te = nxt - 1
        if not ((a[te] == GT) & (a[ref_end] == QUOTE)).all():
            raise Unsupported("unexpected open tag")
        closed = a[te - 1] == SLASH
        q = te - 1 - closed
        q = np.where(a[q] == SPACE, q - 1, q)  # the closing quote of the last attribute
        # The type, when given, is the last attribute: t="s", t="str" or t="inlineStr".
        one = (a[q - 2] == QUOTE) & (a[q - 3] == EQ) & (a[q - 4] == ord("t")) & (a[q - 5] == SPACE)
        kind = np.full(len(p), ord("n"), dtype=np.uint8)
        kind[one] = a[q[one] - 1]
        three = np.zeros(len(p), dtype=bool)
        nine = np.zeros(len(p), dtype=bool)
        other = np.flatnonzero(~one & (a[q - 1] == ord("r")))
        if len(other):
            tail = _window(a, q[other] - 14, 15)[:, ::-1]  # tail[:, j] is a[q - j]
            three[other] = _is(tail, 4, '"=t ') & _is(tail, 1, "rts")
            nine[other] = ~three[other] & _is(tail, 10, '"=t ') & _is(tail, 1, "rtSenilni")
        kind[three] = ord("S")
        kind[nine] = ord("I")
        tlen = np.where(one, 6, np.where(three, 8, np.where(nine, 14, 0)))
        # Between the reference and the type only a style s="N" may stand.
        rest = q - tlen - ref_end
        has_style = rest > 0
        if has_style.any():
            sw = _window(a, ref_end[has_style] + 1, 4)
            if not ((rest[has_style] >= 5) & _is(sw, 0, ' s="')).all():
                raise Unsupported("other cell attributes")
        if (rest < 0).any():
            raise Unsupported("cell tag shape")
        slen = np.where(has_style, rest - 5, 0)
        k1 = cell_k + 1
        n1, n2 = c1[k1], c2[k1]
        has_v = ~closed & (n1 == ord("v")) & (n2 == GT)
        has_is = ~closed & (n1 == ord("i")) & (n2 == ord("s"))
        empty = closed | ((n1 == SLASH) & (n2 == ord("c")))
        slow = ~(has_v | has_is | empty)
        values = np.full(len(p), None, dtype=object)
        filled = np.zeros(len(p), dtype=bool)
        sst_index = np.full(len(p), -1, dtype=np.int64)
        if has_v.any():
            k2 = cell_k[has_v] + 2
            if not ((c1[k2] == SLASH) & (c2[k2] == ord("v"))).all():
                raise Unsupported("value shape")
            where = np.flatnonzero(has_v)
            vs = nxt[has_v] + 3
            numeric = has_style[has_v] & (kind[has_v] == ord("n"))
            style = np.zeros(len(where), dtype=np.int64)
            if numeric.any():
                at = ref_end[where[numeric]] + 5
                style[numeric] = _ints(a, at, slen[where[numeric]])
            filled[where] = self._values(
                a, values, where, vs, lt[k2], kind[has_v], style, sst_index
            )
        if has_is.any():
            idx = np.flatnonzero(has_is)
            k = cell_k[idx]
            # <is><t>text</t></is> (or <t xml:space="preserve">); rich runs go the slow way.
            plain = (c1[k + 2] == ord("t")) & ((c2[k + 2] == GT) | (c2[k + 2] == SPACE))
            plain &= (c1[k + 3] == SLASH) & (c1[k + 4] == SLASH) & (c2[k + 4] == ord("i"))
            slow[idx[~plain]] = True
            idx, k = idx[plain], k[plain]
            open_t = lt[k + 2]
            starts = np.where(c2[k + 2] == GT, open_t + 3, open_t + 24)
            spaced = c2[k + 2] == SPACE
            if (
                spaced.any()
                and not _is(_window(a, open_t[spaced], 24), 0, '<t xml:space="preserve">').all()
            ):
                raise Unsupported("inline text attributes")
            texts = _texts(a, starts, lt[k + 3])
            if texts:
                values[idx] = np.array([*texts, None], dtype=object)[:-1]
                filled[idx] = np.array([not t.isspace() and t != "" for t in texts], dtype=bool)
        slow_cells = np.flatnonzero(slow).tolist()
        raw = bytes(body) if slow_cells else b""  # (a view has no find)
        for j in slow_cells:
            start = int(p[j])
            stop = raw.find(b"</c>", start)
            m = _SLOW_CELL.match(raw, start, stop + 4 if stop >= 0 else len(raw))
            if m is None:
                raise Unsupported("cell shape")
            if m.group(2) is not None:
                values[j] = rich_text(m.group(2))
                filled[j] = bool(values[j].strip())
            elif m.group(1):
                v = np.frombuffer(m.group(1), dtype=np.uint8)
                one_value = np.full(1, None, dtype=object)
                one_index = np.full(1, -1, dtype=np.int64)
                style_j = 0
                if has_style[j]:
                    at = int(ref_end[j]) + 5
                    style_j = int(raw[at : at + int(slen[j])])
                ok = self._values(
                    v,
                    one_value,
                    np.zeros(1, np.int64),
                    np.zeros(1, np.int64),
                    np.array([len(v)]),
                    kind[j : j + 1],
                    np.array([style_j]),
                    one_index,
                )
                values[j], filled[j], sst_index[j] = one_value[0], bool(ok[0]), one_index[0]
        shared = sst_index >= 0
        part = Part(row_numbers, row_local, col, values)
        if not filled.all():
            part = Part(row_numbers, row_local[filled], col[filled], values[filled])
        if shared.any():
            part.sst_rows, part.sst_cols = row_local[shared], col[shared]
            part.sst_index = sst_index[shared]
        return part

    def _values(
        self,
        a: np.ndarray,
        out: np.ndarray,
        where: np.ndarray,
        vs: np.ndarray,
        ve: np.ndarray,
        kind: np.ndarray,
        style: np.ndarray,
        sst_index: np.ndarray,
    ) -> np.ndarray:
        """Fill out[where] from the value texts a[vs:ve] (shared strings: their index into
        sst_index[where]); returns which got a value other than a shared string."""
        got = np.zeros(len(vs), dtype=bool)
        nonempty = ve > vs
        shared = (kind == ord("s")) & nonempty
        if shared.any():
            sst_index[where[shared]] = _ints(a, vs[shared], ve[shared] - vs[shared])
        number = (kind == ord("n")) & nonempty
        if number.any():
            nums = _floats(a, vs[number], ve[number] - vs[number])
            st = np.minimum(style[number], len(self.dates) - 1)
            is_date = self.dates[st] & (style[number] < len(self.dates))
            is_date &= (nums >= 1) & (nums < 2958466)
            objs = nums.astype(object)
            if is_date.any():
                # Few distinct days: make each date object once.
                days, where_day = np.unique(nums[is_date].astype(np.int64), return_inverse=True)
                made = (self.epoch + days.astype("timedelta64[D]")).astype(object)
                objs[is_date] = made[where_day]
            out[where[number]] = objs
            got[number] = True
        boolean = (kind == ord("b")) & nonempty
        if boolean.any():
            out[where[boolean]] = (a[vs[boolean]] == ord("1")).astype(object)
            got[boolean] = True
        other = ((kind == ord("S")) | (kind == ord("d")) | (kind == ord("I"))) & nonempty
        for j in np.flatnonzero(other).tolist():
            text = _text(a[vs[j] : ve[j]].tobytes())
            value: object = text
            if kind[j] == ord("d"):
                try:
                    value = date.fromisoformat(text[:10])
                except ValueError:
                    value = text
            out[where[j]] = value
            got[j] = bool(text.strip())
        # Errors (t="e": #N/A …) read as empty.
        return got

    @staticmethod
    def grid(blocks: list[Block], sheet: str, merged: list[tuple[int, int, int, int]]) -> Grid:
        """All blocks of a sheet, in order, as one grid."""
        if not blocks:
            empty = np.zeros((0, 0), dtype=object)
            return Grid(np.zeros(0, np.int64), empty, sheet=sheet, merged=merged)
        rows = np.concatenate([b.rows for b in blocks]).astype(np.int64)
        if len(rows) > 1 and not (np.diff(rows) > 0).all():
            raise Unsupported("rows out of order")
        width = max(b.cells.shape[1] for b in blocks)
        blocks = [b if b.cells.shape[1] == width else b.widened(width) for b in blocks]
        cells = np.concatenate([b.cells for b in blocks])
        filled = np.concatenate([b.filled for b in blocks])
        return Grid(rows, cells, sheet=sheet, merged=merged, filled=filled)


@dataclass
class Block:
    """A part's rows as cells, shared strings in place."""

    rows: np.ndarray
    cells: np.ndarray  # (rows, columns) of objects, None where empty or blank
    filled: np.ndarray  # the same shape: which cells hold a value

    def widened(self, width: int) -> Block:
        """The block with empty columns added on the right (rows whose last cells are empty
        make a narrower block)."""
        return Block(self.rows, *widen(self.cells, self.filled, width))


def as_block(part: Part, sst: np.ndarray, sst_filled: np.ndarray) -> Block:
    """The cells of one parsed part (in the worker that parsed it, once the shared strings are
    read; `sst_filled` says which are not blank), so that putting the grid together is one
    concatenation."""
    r, c, si = part.cell_rows, part.cols, part.sst_index
    if len(si) and si.max() >= len(sst):
        raise Unsupported("shared string index")
    width = max(int(c.max()) + 1 if len(c) else 0, int(part.sst_cols.max()) + 1 if len(si) else 0)
    n = len(part.rows)
    cells = np.full(n * width, None, dtype=object)
    filled = np.zeros(n * width, dtype=bool)
    if len(c):
        at = r * width + c
        cells[at] = part.values  # the parts hold filled cells only
        filled[at] = True
    if len(si):
        at = part.sst_rows * width + part.sst_cols
        cells[at] = sst[si]  # blank shared strings are None already
        filled[at] = sst_filled[si]
    return Block(part.rows, cells.reshape(n, width), filled.reshape(n, width))
