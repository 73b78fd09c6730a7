"""Reading the monthly figures sheets as the tax bureau and statistics office send them (pure)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from qifutong.enterprises.figures import parse_figures, parse_period
from qifutong.spreadsheets.sheets import read_sheets
from qifutong.spreadsheets.values import Invalid

TODAY = date(2026, 11, 23)
A = "91330106MA27XY0017"  # any 18 characters: codes are matched as typed, not checked here


def _parse(data: bytes, name: str = "figures.csv"):
    return parse_figures(read_sheets(data, name), name, TODAY)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "text",
    ["2026-10", "202610", "2026年10月", "2026/10", "2026.10", "2026-10-01至2026-10-31",
     "2026年10月1日至2026年10月31日", "2026-10-15", "20261031", "2026 - 10"],
)  # fmt: skip
def test_every_way_of_writing_a_month(text):
    assert parse_period(text) == date(2026, 10, 1)


def test_months_from_spreadsheet_cells():
    assert parse_period(datetime(2026, 10, 31)) == date(2026, 10, 1)
    assert parse_period(date(2026, 10, 1)) == date(2026, 10, 1)
    assert parse_period(202610) == date(2026, 10, 1)
    assert parse_period(46296.0) == date(2026, 10, 1)  # an Excel serial day in October 2026


@pytest.mark.parametrize("text", ["2026-13", "十月", "2026-07-01至2026-09-30", "26-10", ""])
def test_what_is_not_one_month(text):
    with pytest.raises(Invalid):
        parse_period(text)


def test_tax_bureau_csv_in_gbk_with_a_title_row_and_wan_yuan_units():
    text = (
        "2026年10月重点税源企业入库税款明细\n"
        "金额单位：万元\n"
        "纳税人识别号,纳税人名称,税款所属期,入库税款,地方级收入\n"
        f"{A},杭州甲科技有限公司,2026-10-01至2026-10-31,12.5,5.25\n"
        ',杭州乙贸易有限公司,202610,"1,000",400\n'
        "合计,,,1012.5,405.25\n"
    )
    sheet = _parse(text.encode("gbk"))
    assert sheet.problems == []
    assert [(r.row, r.uscc, r.name, r.period) for r in sheet.rows] == [
        (4, A, "杭州甲科技有限公司", date(2026, 10, 1)),
        (5, "", "杭州乙贸易有限公司", date(2026, 10, 1)),
    ]
    assert (sheet.rows[0].tax_total, sheet.rows[0].tax_local) == (125_000.0, 52_500.0)
    assert (sheet.rows[1].tax_total, sheet.rows[1].revenue) == (10_000_000.0, None)
    assert sheet.skipped == [(6, "合计行")]


def test_statistics_xlsx_with_units_in_headers_and_cells_and_many_months():
    data = _xlsx(
        [
            ["规上企业月度报表"],
            [
                "统一社会信用代码",
                "企业名称",
                "月份",
                "营业收入（万元）",
                "税收合计（元）",
                "参保人数",
            ],
            [A, "杭州甲科技有限公司", "2026年9月", 300, 80000, 25],
            [A, "杭州甲科技有限公司", datetime(2026, 10, 1), "1.2亿", "8万", "26人"],
        ]
    )
    sheet = _parse(data, "统计.xlsx")
    assert sheet.problems == []
    september, october = sheet.rows
    assert (september.period, september.revenue, september.tax_total, september.headcount) == (
        date(2026, 9, 1), 3_000_000.0, 80_000.0, 25,
    )  # fmt: skip
    assert (october.revenue, october.tax_total, october.headcount) == (1.2e8, 80_000.0, 26)


def test_utf8_csv_with_english_headers():
    text = f"uscc,name,period,revenue,tax_total,tax_local,headcount\n{A},甲,2026-10,100,10,4,3\n"
    sheet = _parse(text.encode("utf-8-sig"))
    assert sheet.problems == [] and sheet.rows[0].figures() == {
        "revenue": 100.0, "tax_total": 10.0, "tax_local": 4.0, "headcount": 3,
    }  # fmt: skip


def test_each_bad_row_is_named_with_row_field_reason_and_value():
    text = (
        "统一社会信用代码,企业名称,所属期,营业收入,税收合计,从业人数\n"
        f"{A},杭州甲科技有限公司,2026-10,100,10,5\n"
        f"{A},杭州甲科技有限公司,2026-1O,100,10,5\n"
        f"{A},杭州甲科技有限公司,2026-09,很多,10,5\n"
        f"{A},杭州甲科技有限公司,2026-08,100,10,-3\n"
        f"{A},杭州甲科技有限公司,2026-10,100,10,5\n"
        ",,2026-07,1,1,1\n"
        f"{A},杭州甲科技有限公司,2026-12,1,1,1\n"
    )
    sheet = _parse(text.encode())
    found = {(p.row, p.field): (p.reason, p.value) for p in sheet.problems}
    assert set(found) == {
        (3, "所属期"),
        (4, "营业收入"),
        (5, "从业人数"),
        (6, "所属期"),  # the same firm and month as row 2
        (7, "企业"),
        (8, "所属期"),  # after this month
    }
    assert found[(3, "所属期")][1] == "2026-1O"
    assert found[(4, "营业收入")][1] == "很多" and "金额" in found[(4, "营业收入")][0]
    assert found[(5, "从业人数")][1] == "-3"
    assert "第 2 行" in found[(6, "所属期")][0]
    assert sheet.rejected == 6 and [r.row for r in sheet.rows] == [2]


def test_a_sheet_without_the_needed_columns_is_refused_at_its_header():
    sheet = _parse("企业名称,营业收入,备注\n甲,1,x\n".encode())
    assert [(p.row, p.field) for p in sheet.problems] == [(1, "所属期")]
    sheet = _parse("名录,备注\n甲,x\n".encode())
    assert [(p.row, p.field) for p in sheet.problems] == [(1, "表头")]
    sheet = _parse("企业名称,所属期,备注,说明\n甲,2026-10,x,y\n".encode())
    assert [p.field for p in sheet.problems] == ["数据列"]
