"""A small, fast xlsx writer (shared strings and a date style, as Excel itself writes them),
used for benchmark rosters of up to a million rows where openpyxl would take minutes."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
_EPOCH = date(1899, 12, 30).toordinal()


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _cell(ref: str, value: object, strings: dict[str, int]) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return f'<c r="{ref}" s="1"><v>{day.toordinal() - _EPOCH}</v></c>'
    idx = strings.setdefault(str(value), len(strings))
    return f'<c r="{ref}" t="s"><v>{idx}</v></c>'


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    sheet: str = "Sheet1",
    merged: Sequence[str] = (),
) -> int:
    """Write rows (str, numbers, dates; None or "" for empty) to one sheet, streaming the
    sheet part; returns the number of rows written."""
    strings: dict[str, int] = {}
    cols = [_column(i) for i in range(702)]
    count = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            buffer: list[str] = []
            for r, row in enumerate(rows, start=1):
                cells = "".join(
                    _cell(f"{cols[c]}{r}", v, strings)
                    for c, v in enumerate(row)
                    if v is not None and v != ""
                )
                buffer.append(f'<row r="{r}">{cells}</row>')
                count = r
                if len(buffer) >= 5000:
                    out.write("".join(buffer).encode("utf-8"))
                    buffer.clear()
            out.write("".join(buffer).encode("utf-8"))
            merge = ""
            if merged:
                merge = (
                    f'<mergeCells count="{len(merged)}">'
                    + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
                    + "</mergeCells>"
                )
            out.write(f"</sheetData>{merge}</worksheet>".encode())
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                + f'count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
            )
            chunk: list[str] = []
            for s in strings:
                space = ' xml:space="preserve"' if s != s.strip() else ""
                chunk.append(f"<si><t{space}>{escape(s)}</t></si>")
                if len(chunk) >= 20000:
                    out.write("".join(chunk).encode("utf-8"))
                    chunk.clear()
            out.write(("".join(chunk) + "</sst>").encode("utf-8"))
    return count
