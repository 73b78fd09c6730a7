"""Reading rosters as streets have them: xlsx with title rows and merged cells, csv in UTF-8,
UTF-8 with BOM, GBK and GB18030."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from qifutong.spreadsheets import readers, xlsx
from qifutong.spreadsheets.readers import FileRefused, read_table
from qifutong.spreadsheets.xlsx_writer import write_xlsx
from tests.imports.conftest import GBK_HEADERS, ROWS, write_gbk_csv
from tests.imports.conftest import write_xlsx as write_openpyxl


def _field(table: readers.Table, field: str) -> list[object]:
    col = next(c for c in table.columns if c.field == field)
    return table.data[col.index].tolist()


def test_xlsx_title_rows_blank_and_total_rows(tmp_path):
    path = write_openpyxl(tmp_path / "名录.xlsx")
    table = read_table(path.read_bytes(), path.name)
    assert table.header_row == 3
    assert len(table) == len(ROWS)
    # Row numbers as Excel shows them: data from row 4, one blank row skipped after the 4th.
    assert table.row_numbers[:5].tolist() == [4, 5, 6, 7, 9]
    assert (table.row_numbers[-1] + 1, "合计行") in table.skipped
    assert _field(table, "founded_on")[1] == date(2019, 3, 1)  # an Excel date cell


def test_merged_cells_read_as_their_top_left_value(tmp_path):
    rows = [["序号", "企业名称", "所在楼宇"], [1, "杭州甲科技有限公司", "云栖大厦"],
            [2, "杭州乙科技有限公司", None], [3, "杭州丙科技有限公司", "华星大厦"]]  # fmt: skip
    path = tmp_path / "merged.xlsx"
    write_xlsx(path, rows, merged=["C2:C3"])
    table = read_table(path.read_bytes(), path.name)
    assert _field(table, "building") == ["云栖大厦", "云栖大厦", "华星大厦"]


@pytest.mark.parametrize("chunk", [xlsx.CHUNK, 700], ids=["one-chunk", "many-chunks"])
def test_fast_reader_agrees_with_calamine(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(xlsx, "CHUNK", chunk)
    for path in (write_openpyxl(tmp_path / "openpyxl.xlsx"), tmp_path / "shared.xlsx"):
        if path.name == "shared.xlsx":
            write_xlsx(path, [list(r) for r in ROWS], merged=["A1:B1"])
        data = path.read_bytes()
        fast = xlsx.read_sheets(data)[0]
        slow = readers._calamine_grids(data, path.name)[0]
        rows = fast.row_numbers - 1
        assert fast.merged == slow.merged
        for i, r in enumerate(rows):
            for c in range(fast.cells.shape[1]):
                a, b = fast.cells[i, c], slow.cells[r, c]
                assert a == b or (isinstance(a, float) and a == float(b)), (r, c, a, b)


def test_unusual_xml_falls_back_to_calamine(tmp_path):
    path = tmp_path / "odd.xlsx"
    write_xlsx(path, [["企业名称", "信用代码"], ["杭州甲科技有限公司", "x"]])
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # A cell attribute the fast path does not know: calamine reads the file instead.
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="A2" t="s">', b'<c r="A2" t="s" cm="1">'
    )
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    with pytest.raises(xlsx.Unsupported):
        xlsx.read_sheets(path.read_bytes())
    table = read_table(path.read_bytes(), path.name)
    assert _field(table, "name") == ["杭州甲科技有限公司"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    text = "古荡街道企业名录,,\n企业名称,统一社会信用代码,法定代表人\n杭州𠀀记科技有限公司,,张三\n"
    if encoding == "gbk":
        text = text.replace("𠀀", "甲")  # GBK has no CJK extension B
    path = tmp_path / f"r-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    table = read_table(path.read_bytes(), path.name)
    assert table.header_row == 2 and table.row_numbers.tolist() == [3]
    assert _field(table, "name")[0].startswith("杭州")
    assert table.encoding in ("utf-8", "utf-8-sig", "gbk")


def test_gbk_csv_with_other_headers(tmp_path):
    path = write_gbk_csv(tmp_path / "sample.csv")
    table = read_table(path.read_bytes(), path.name)
    assert table.encoding == "gbk" and table.header_row == 1
    assert [c.header for c in table.columns] == GBK_HEADERS
    assert {c.field for c in table.columns} >= {"name", "uscc", "legal_rep", "registered_address"}
    assert np.array_equal(table.row_numbers, np.arange(2, len(ROWS) + 2))


def test_a_file_without_a_name_column_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("编号,金额\n1,2\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="企业名称"):
        read_table(path.read_bytes(), path.name)


def test_undecodable_bytes_are_refused():
    with pytest.raises(FileRefused, match="编码"):
        read_table(b"\xff\xfe\xfa" * 10 + b"\x81", "bad.csv")


def test_written_xlsx_round_trip(tmp_path: Path):
    path = tmp_path / "w.xlsx"
    write_xlsx(
        path, [["企业名称", "成立日期", "人数"], ["杭州甲&乙 <科技>有限公司", date(2020, 1, 2), 3]]
    )
    table = read_table(path.read_bytes(), path.name)
    assert _field(table, "name") == ["杭州甲&乙 <科技>有限公司"]
    assert _field(table, "founded_on") == [date(2020, 1, 2)]
    assert _field(table, "headcount") == [3.0]


def _rewrite(path: Path, out: Path, compression: int, change=None) -> Path:
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if change:
        change(parts)
    with zipfile.ZipFile(out, "w", compression=compression) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return out


def test_stored_and_deflated_parts_read_alike_and_filled_cells_match(tmp_path):
    import zipfile

    path = write_openpyxl(tmp_path / "名录.xlsx")
    grids = [
        xlsx.read_sheets(_rewrite(path, tmp_path / f"{c}.xlsx", c).read_bytes())[0]
        for c in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    ]
    for grid in grids:
        assert grid.filled is not None
        assert (grid.filled == (grid.cells != None)).all()  # noqa: E711
    assert (grids[0].cells == grids[1].cells).all()


def test_a_damaged_part_is_not_read_as_if_whole(tmp_path):
    import zipfile

    path = write_openpyxl(tmp_path / "名录.xlsx")
    data = bytearray(_rewrite(path, tmp_path / "d.xlsx", zipfile.ZIP_DEFLATED).read_bytes())
    info = zipfile.ZipFile(tmp_path / "d.xlsx").getinfo("xl/worksheets/sheet1.xml")
    crc_at = info.header_offset + 14  # the CRC in the local header is not the one checked
    central = bytes(data).rfind(info.CRC.to_bytes(4, "little"))
    assert central > crc_at
    data[central] ^= 0xFF  # the central directory's CRC no longer matches the part
    with pytest.raises(zipfile.BadZipFile):
        xlsx.read_sheets(bytes(data))


@pytest.mark.parametrize(
    "items, expected",
    [
        (b"<si><t>a</t></si><si><t>b c</t></si>", ["a", "b c"]),
        (b'<si><t xml:space="preserve"> a </t></si><si><t>b</t></si>', [" a ", "b"]),
        (b"<si><t>A&amp;B</t></si><si><t>x_x000D_y</t></si>", ["A&B", "x\ry"]),
        (b"<si><t></t></si><si><t>  </t></si><si><t/></si><si><t>z</t></si>",
         [None, None, None, "z"]),
        (b"<si><r><t>rich</t></r><r><t> text</t></r></si><si><t>p</t><rPh><t>x</t></rPh></si>",
         ["rich text", "p"]),
    ],
)  # fmt: skip
def test_shared_strings(items, expected):
    xml = b'<?xml version="1.0"?><sst xmlns="x" count="9">' + items + b"</sst>"
    assert xlsx.shared_strings(xml).tolist() == expected
    assert xlsx.shared_strings(b'<sst xmlns="x" count="0"></sst>').tolist() == []


@pytest.mark.parametrize("compression", ["stored", "deflated"])
def test_rows_and_the_end_tag_cut_at_any_block_edge(tmp_path, monkeypatch, compression):
    """The sheet is handed to the workers block by block; wherever a block ends (inside a
    row, a tag, the end of sheetData), the grid is the same."""
    import zipfile

    path = tmp_path / "small.xlsx"
    write_xlsx(path, [list(r) for r in ROWS], merged=["A1:B1"])
    kind = zipfile.ZIP_STORED if compression == "stored" else zipfile.ZIP_DEFLATED
    data = _rewrite(path, tmp_path / "re.xlsx", kind).read_bytes()
    whole = xlsx.read_sheets(data)[0]
    sizes = range(8, 400, 2) if compression == "stored" else range(8, 400, 7)
    for size in sizes:
        monkeypatch.setattr(xlsx, "CHUNK", size)
        grid = xlsx.read_sheets(data)[0]
        assert grid.row_numbers.tolist() == whole.row_numbers.tolist(), size
        assert (grid.cells == whole.cells).all(), size
        assert (grid.filled == whole.filled).all(), size
        assert grid.merged == whole.merged, size


def test_formula_cells_and_short_rows_read_as_calamine_reads_them(tmp_path, monkeypatch):
    """A formula cell goes the parser's slow way; a chunk of rows that end early makes a
    narrower block, widened when the grid is put together."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "信用代码", "注册资本", "备注"])
    sheet.append(["杭州甲科技有限公司", "91330106MA2H000084", 500, "楼宇走访补录"])
    sheet.append(["杭州乙科技有限公司"])  # a row that ends early
    sheet.append(["杭州丙科技有限公司", None, "=100*5", "x"])  # a formula
    path = tmp_path / "formula.xlsx"
    book.save(path)
    data = path.read_bytes()
    slow = readers._calamine_grids(data, path.name)[0]
    for size in (xlsx.CHUNK, 60):
        monkeypatch.setattr(xlsx, "CHUNK", size)
        fast = xlsx.read_sheets(data)[0]
        assert fast.cells.shape == slow.cells.shape, size
        for (i, c), a in np.ndenumerate(fast.cells):
            b = slow.cells[i, c]
            if c == 2 and i == 3:  # the formula: no cached value was saved by openpyxl
                assert a in (None, 500.0, "") and b in (None, 500.0, ""), (a, b)
                continue
            assert a == b or (isinstance(a, float) and a == float(b)), (i, c, a, b, size)
