"""Every reader of uploaded files enforces its limits before it inflates or parses: a zip
bomb, a part larger than it says, too many rows, columns or parts, a cell too long."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from dataclasses import replace

import pytest
from openpyxl import Workbook

from qifutong.spreadsheets.limits import MB, ReadLimits
from qifutong.spreadsheets.readers import FileRefused, read_csv_grid, read_workbook_grids

_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="租约" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def workbook(sheet_rows: bytes, filler: int = 0, extra_parts: int = 0) -> bytes:
    """A minimal xlsx whose sheet holds `sheet_rows`, then `filler` MB of spaces."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        for i in range(extra_parts):
            z.writestr(f"docProps/custom{i}.xml", "<x/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(_HEAD + sheet_rows)
            space = b" " * MB
            for _ in range(filler):
                out.write(space)
            out.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def bomb(megabytes: int = 64) -> bytes:
    """Whitespace inside <sheetData>: packs about a thousand to one."""
    return workbook(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', megabytes)


def _refused(data: bytes, limits: ReadLimits, *words: str) -> str:
    with pytest.raises(FileRefused) as caught:
        read_workbook_grids(data, "bomb.xlsx", limits)
    message = str(caught.value)
    assert message.startswith("bomb.xlsx: ")
    for word in words:
        assert word in message, message
    return message


def test_a_zip_bomb_is_refused_by_its_ratio_before_inflating():
    data = bomb(64)
    assert len(data) < 100 * 1024
    _refused(data, ReadLimits(), "压缩比异常", "压缩炸弹")


def test_the_file_itself_the_parts_and_their_total_are_limited():
    data = bomb(8)
    _refused(data, ReadLimits(file_bytes=len(data) - 1), "文件过大")
    _refused(data, ReadLimits(ratio=1e9, part_bytes=4 * MB), "解压后", "上限为 4 MB")
    _refused(data, ReadLimits(ratio=1e9, total_bytes=4 * MB), "解压后共")
    _refused(workbook(b"", extra_parts=20), ReadLimits(parts=10), "个部件")


def test_a_part_that_inflates_beyond_its_declared_size_is_stopped():
    data = bytearray(bomb(8))
    book = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = book.getinfo("xl/worksheets/sheet1.xml")
    # Say 100 kB in the central directory: the last mention of the name is its record there.
    central = data.rfind(info.filename.encode()) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    small = 100 * 1024
    struct.pack_into("<I", data, central + 24, small)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(info.filename).file_size == small
    _refused(bytes(data), ReadLimits(), "超过其声明的大小")


def test_rows_columns_and_cells_are_limited_in_a_workbook():
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码"])
    for i in range(20):
        sheet.append([f"企业{i}", "x" * 50])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    limits = ReadLimits()
    assert len(read_workbook_grids(data, "ok.xlsx", limits)[0].row_numbers) == 21
    _refused(data, replace(limits, rows=10), "行，上限为 10 行")
    _refused(data, replace(limits, cell_chars=40), "单元格内容过长")
    far = b'<row r="1"><c r="AMK1" t="inlineStr"><is><t>x</t></is></c></row>'  # column 1,025
    _refused(workbook(far), limits, "1,025 列")
    deep = b'<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>'
    _refused(workbook(deep), limits, "2,000,000 行")


def test_a_row_without_end_is_refused_when_it_grows_too_long():
    text = os.urandom(6 * MB).hex().encode()  # packs badly: inflated a block at a time
    data = workbook(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + text)
    _refused(data, ReadLimits(row_bytes=2 * MB), "超过 2 MB")


def test_the_slower_reader_is_guarded_too():
    """A workbook the fast reader does not follow (here: a formula) goes to calamine, which
    lays out the whole range: its last row and column are checked first."""
    far = b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="XFD1048576"><v>1</v></c></row>'
    _refused(workbook(far), ReadLimits(), "列，上限为 1,024 列")


def test_csv_rows_and_columns_are_limited():
    limits = ReadLimits(rows=3, columns=5)
    read_csv_grid("企业名称,代码\n甲,1\n乙,2\n".encode(), "ok.csv", limits)
    with pytest.raises(FileRefused, match="4 行，上限为 3 行"):
        read_csv_grid("企业名称\n甲\n乙\n丙\n".encode(), "a.csv", limits)
    with pytest.raises(FileRefused, match="6 列，上限为 5 列"):
        read_csv_grid(b"a,b,c,d,e,f\n", "a.csv", limits)
    with pytest.raises(FileRefused, match="文件过大"):
        read_csv_grid(b"x" * 100, "a.csv", ReadLimits(file_bytes=99))


def test_limits_are_settings(app):
    app.config["QIFUTONG_IMPORT_MAX_ROWS"] = 7
    app.config["QIFUTONG_IMPORT_MAX_FILE_MB"] = 3
    from qifutong.spreadsheets.limits import current

    limits = current()
    assert (limits.rows, limits.file_bytes) == (7, 3 * MB)


def test_the_lease_import_page_refuses_a_bomb(client, login, make_building, make_user):
    building = make_building()
    login(make_user("building", building_ids=[building.id]))
    res = client.post(
        "/building/leases/import",
        data={"file": (io.BytesIO(bomb(32)), "租约.xlsx")},
        content_type="multipart/form-data",
    )
    assert res.status_code == 422
    assert "压缩炸弹" in res.get_data(as_text=True)


def test_the_roster_upload_refuses_a_bomb_before_any_job(client, login, make_user):
    from qifutong.extensions import db
    from qifutong.imports.models import ImportBatch

    login(make_user("street"))
    res = client.post(
        "/imports/enterprises",
        data={"files": (io.BytesIO(bomb(32)), "名录.xlsx")},
        content_type="multipart/form-data",
        headers={"X-Requested-With": "fetch"},
    )
    assert res.status_code == 422
    message = res.get_json()["error"]["message"]
    assert message.startswith("名录.xlsx: ") and "压缩炸弹" in message
    assert db.session.query(ImportBatch).count() == 0


def test_the_roster_command_refuses_a_bomb(app, db_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from qifutong.cli import main
    from qifutong.extensions import db

    db.session.commit()
    path = tmp_path / "名录.xlsx"
    path.write_bytes(bomb(32))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    monkeypatch.setenv("QIFUTONG_UPLOAD_DIR", str(tmp_path / "up"))
    monkeypatch.setenv("QIFUTONG_REPORT_DIR", str(tmp_path / "rep"))
    res = CliRunner().invoke(main, ["import", "enterprises", str(path)])
    assert "压缩炸弹" in res.output, res.output


@pytest.mark.parametrize("command", ["enterprises", "figures", "leases", "macro"])
def test_every_import_command_refuses_a_bomb_before_the_app_starts(command, tmp_path, monkeypatch):
    """The check runs on the file argument, before any app or database: a database that does
    not exist is never reached, and the limits come from the same settings the app reads."""
    from click.testing import CliRunner

    from qifutong.cli import main

    path = tmp_path / "表.xlsx"
    path.write_bytes(bomb(8))
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    res = CliRunner().invoke(main, ["import", command, str(path)])
    assert res.exit_code == 1, res.output
    assert "导入未执行，数据库未改动：表.xlsx: " in res.output and "压缩炸弹" in res.output

    small = tmp_path / "小表.csv"
    small.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    monkeypatch.setenv("QIFUTONG_IMPORT_MAX_FILE_MB", "0.000001")
    res = CliRunner().invoke(main, ["import", command, str(small)])
    assert res.exit_code == 1 and "小表.csv: " in res.output, res.output
