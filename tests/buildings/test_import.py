"""Lease spreadsheets: a bad file is refused whole, every bad row reported, nothing written;
the fixed file imports, with the file kept, its checksum and each lease's lineage."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from buildings.importers import Table, parse_leases
from buildings.importing import import_leases
from buildings.models import Building, Lease, LeaseEvent, Unit
from buildings.warnings import Thresholds
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch

# fmt: off
HEADER = ["合同编号", "楼宇编码", "楼层", "房号", "统一社会信用代码", "租户名称", "起租日期",
          "到期日期", "面积（㎡）", "租金（元/㎡·天）", "状态", "意向", "备注"]
# fmt: on


def _xlsx(path: Path, rows: list[list[Any]], title: str | None = "古荡街道楼宇租约台账") -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])  # a title line above the header, as street sheets have
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _counts() -> dict[str, int]:
    return {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0
        for m in (Building, Unit, Lease, LeaseEvent)
    }


def _run(app, path: Path, tmp_path: Path, **kw: Any):
    return import_leases(
        path,
        upload_dir=tmp_path / "up",
        report_dir=tmp_path / "rep",
        today=date(2025, 6, 1),
        thresholds=Thresholds(),
        **kw,
    )


@pytest.fixture
def street(make_building, make_unit, make_lease, make_firm):
    b = make_building(code="GD01", name="古荡科技大厦")
    make_building(code="GD02", name="西溪大厦")
    unit = make_unit(b, floor="5", room="501", area=300.0)
    firm = make_firm()
    existing = make_lease(unit, code="HT-OLD", start_on=date(2023, 1, 1), end_on=date(2026, 12, 31))
    return {"building": b, "unit": unit, "firm": firm, "existing": existing}


# fmt: off
def _good_rows(firm_uscc: str) -> list[list[Any]]:
    return [
        ["HT-001", "GD01", "6", "601", firm_uscc, "杭州甲科技有限公司", date(2024, 7, 1),
         date(2025, 6, 20), 180, 4.5, "在租", "续租", "已口头确认"],
        ["HT-002", "西溪大厦", "3F", "302", "", "杭州乙网络有限公司", "2023/9/1",
         "2025年8月15日", "95.5", "3.8", "", "", ""],
        ["HT-003", "GD01", "7", "701", "", "杭州丙咨询有限公司", "2022-01-01", "2024-12-31",
         120, "", "已到期退租", "", ""],
    ]


BAD_ROWS = [
    ["HT-004", "GD09", "2", "201", "", "丁公司", "2024-01-01", "2026-01-01", 50, "", "", "", ""],
    ["HT-005", "GD01", "2", "202", "91330106MA27XYZ12", "戊公司", "2024-13-01", "2026-01-01",
     -5, "", "", "", ""],
    ["HT-006", "GD01", "", "203", "", "", "2024-01-01", "2023-01-01", 40, "", "搬走", "想走", ""],
    ["HT-001", "GD01", "2", "204", "", "己公司", "2024-01-01", "2026-01-01", 40, "", "", "", ""],
    ["HT-007", "GD01", "5", "501", "", "庚公司", "2025-01-01", "2027-01-01", 300, "", "", "", ""],
]
# fmt: on


def test_a_bad_file_is_refused_whole_with_every_bad_row_reported(app, street, tmp_path):
    rows = _good_rows(street["firm"].uscc) + BAD_ROWS
    path = _xlsx(tmp_path / "租约台账.xlsx", rows)
    before = _counts()
    result = _run(app, path, tmp_path)
    assert result.status == "refused"
    assert _counts() == before  # the database is unchanged
    found = {(p.row, p.field) for p in result.problems}
    # Title on row 1, header on row 2, data from row 3: bad rows are 6, 7, 8, 9 and 10.
    assert (6, "楼宇编码") in found
    assert {(7, "统一社会信用代码"), (7, "起租日期"), (7, "面积（㎡）")} <= found
    assert {(8, "楼层"), (8, "租户名称"), (8, "到期日期"), (8, "状态"), (8, "意向")} <= found
    assert (9, "合同编号") in found
    assert (10, "起租日期") in found  # overlaps the open lease on 5-501
    assert sorted({p.row for p in result.problems}) == [6, 7, 8, 9, 10]
    assert result.summary == {"rows": 8, "rejected": 5, "problems": len(result.problems)}
    reasons = {(p.row, p.field): p.reason for p in result.problems}
    assert "找不到该楼宇" in reasons[(6, "楼宇编码")] and "重叠" in reasons[(10, "起租日期")]
    assert "校验位" in reasons[(7, "统一社会信用代码")] or "18" in reasons[(7, "统一社会信用代码")]
    # The report names file, row, field and reason for each problem.
    with open(result.report_path, encoding="utf-8-sig") as fh:
        report = list(csv.DictReader(fh))
    assert len(report) == len(result.problems)
    assert {(int(r["行号"]), r["字段"]) for r in report} == found
    assert all(r["文件"] == "租约台账.xlsx" and r["原因"] for r in report)
    # The refusal itself is on record, with the original file and its checksum.
    batch = db.session.get(ImportBatch, result.batch_id)
    assert batch.status == "refused" and batch.kind == "leases"
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert Path(batch.stored_path).read_bytes() == path.read_bytes()


def test_once_fixed_it_imports_with_lineage(app, street, tmp_path):
    path = _xlsx(tmp_path / "租约台账.xlsx", _good_rows(street["firm"].uscc))
    result = _run(app, path, tmp_path)
    assert result.status == "done", result.problems
    assert result.summary["created"] == 3 and result.summary["units_created"] == 3
    one = db.session.scalar(select(Lease).where(Lease.code == "HT-001"))
    assert one.enterprise_id == street["firm"].id and one.intent == "renew"
    assert one.end_on == date(2025, 6, 20) and one.area == 180
    two = db.session.scalar(select(Lease).where(Lease.code == "HT-002"))
    assert two.unit.floor == "3" and two.unit.building.code == "GD02"
    assert two.start_on == date(2023, 9, 1) and two.end_on == date(2025, 8, 15)
    three = db.session.scalar(select(Lease).where(Lease.code == "HT-003"))
    assert three.status == "ended" and three.closed_on == date(2024, 12, 31)
    event = db.session.scalar(select(LeaseEvent).where(LeaseEvent.lease_id == one.id))
    assert event.kind == "import" and "租约台账.xlsx:3" in event.detail
    assert f"批次 #{result.batch_id}" in event.detail and result.sha256[:12] in event.detail
    # The same file again changes nothing.
    again = _run(app, path, tmp_path)
    assert again.status == "done" and again.summary["created"] == 0
    assert again.summary["unchanged"] == 3


def test_a_later_file_updates_leases_by_contract_number(app, street, tmp_path):
    _run(app, _xlsx(tmp_path / "a.xlsx", _good_rows(street["firm"].uscc)), tmp_path)
    rows = _good_rows(street["firm"].uscc)[:1]
    rows[0][7] = date(2028, 6, 30)
    result = _run(app, _xlsx(tmp_path / "b.xlsx", rows), tmp_path)
    assert result.summary["updated"] == 1
    lease = db.session.scalar(select(Lease).where(Lease.code == "HT-001"))
    assert lease.end_on == date(2028, 6, 30)
    details = db.session.scalars(
        select(LeaseEvent.detail).where(LeaseEvent.lease_id == lease.id)
    ).all()
    assert any("b.xlsx:3" in d and "end_on" in d for d in details)


def test_a_building_user_may_import_only_their_buildings(app, street, make_user, tmp_path):
    user = make_user("building", building_ids=[street["building"].id])
    result = _run(
        app, _xlsx(tmp_path / "a.xlsx", _good_rows(street["firm"].uscc)), tmp_path, user=user
    )
    assert result.status == "refused"
    assert [(p.row, p.reason) for p in result.problems] == [(4, "不在您负责的楼宇范围内")]


def test_gbk_csv_and_a_missing_column(app, street, tmp_path):
    good = tmp_path / "gbk.csv"
    good.write_bytes(
        (
            "楼宇名称,楼层,房号,承租方,租赁开始日期,租赁结束日期,租赁面积\n"
            "古荡科技大厦,8,801,杭州壬科技有限公司,2024-01-01,2026-12-31,66\n"
        ).encode("gbk")
    )
    assert _run(app, good, tmp_path).status == "done"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "楼宇编码,楼层,房号,租户名称,起租日期\nGD01,8,802,某公司,2024-01-01\n", encoding="utf-8"
    )
    result = _run(app, bad, tmp_path)
    assert result.status == "refused"
    assert {(p.row, p.field, p.reason) for p in result.problems} == {
        (1, "到期日期", "缺少该列"),
        (1, "面积", "缺少该列"),
    }
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    result = _run(app, junk, tmp_path)
    assert result.status == "refused" and result.problems[0].row == 0


def test_dry_run_checks_and_writes_nothing(app, street, tmp_path):
    before = _counts()
    result = _run(
        app, _xlsx(tmp_path / "a.xlsx", _good_rows(street["firm"].uscc)), tmp_path, dry_run=True
    )
    assert result.status == "dry_run" and result.summary["would_import"] == 3
    assert _counts() == before


def test_parsing_is_pure():
    table = Table(
        "t.csv",
        [
            (1, ["楼宇编码", "楼层", "房号", "租户名称", "起租日期", "到期日期", "面积"]),
            (2, ["GD01", "1", "101", "甲", "45000", "2026.1.31", "1,200 ㎡"]),
        ],
    )
    parsed = parse_leases(table)
    assert parsed.problems == []
    values = parsed.rows[0].values
    assert values["start_on"] == date(2023, 3, 15)  # an Excel serial day
    assert values["end_on"] == date(2026, 1, 31) and values["area"] == 1200.0


def test_cli_import_prints_a_json_summary_and_fails_on_refusal(
    app, street, tmp_path, db_url, monkeypatch
):
    from click.testing import CliRunner

    from qifutong.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    monkeypatch.setenv("QIFUTONG_UPLOAD_DIR", str(tmp_path / "up"))
    monkeypatch.setenv("QIFUTONG_REPORT_DIR", str(tmp_path / "rep"))
    good = _xlsx(tmp_path / "ok.xlsx", _good_rows(street["firm"].uscc))
    res = CliRunner().invoke(main, ["import", "leases", str(good)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output.strip().splitlines()[-1])
    assert summary["status"] == "done" and summary["created"] == 3
    # fmt: off
    bad = _xlsx(tmp_path / "bad.xlsx",
                [["X", "GD77", "1", "1", "", "a", "2024-01-01", "2025-01-01", 1]])
    # fmt: on
    res = CliRunner().invoke(main, ["import", "leases", str(bad)])
    assert res.exit_code == 1
    assert json.loads(res.output.strip().splitlines()[-1])["status"] == "refused"
    assert "bad.xlsx: row 3, 楼宇编码: 找不到该楼宇" in res.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Lease)) == 4


def test_an_import_announces_units_that_fall_vacant_or_will(app, street, tmp_path):
    from qifutong import events

    seen: list[int] = []

    def handler(unit_id: int) -> None:
        seen.append(unit_id)

    events.subscribe(events.UNIT_VACATED, handler)
    try:
        rows = [
            ["HT-OLD", "GD01", "5", "501", "", "租户501", date(2023, 1, 1), date(2026, 12, 31),
             300, "", "已到期退租", "", ""],
            ["HT-010", "GD01", "9", "901", "", "杭州辛科技有限公司", date(2024, 1, 1),
             date(2025, 7, 1), 80, "", "在租", "退租", "到期搬走"],
        ]  # fmt: skip
        result = _run(app, _xlsx(tmp_path / "a.xlsx", rows), tmp_path)
    finally:
        events._handlers[events.UNIT_VACATED].remove(handler)
    assert result.status == "done", result.problems
    new_unit = db.session.scalar(select(Lease).where(Lease.code == "HT-010")).unit_id
    assert sorted(seen) == sorted([street["unit"].id, new_unit])
