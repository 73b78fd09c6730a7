"""Importing monthly figures into the database: found by code or resolved name, unmatched
rows kept for the street, all or nothing, idempotent, history kept, the command line."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from dashboards.period import add_months
from qifutong.enterprises.figures_import import FiguresFile, import_figures
from qifutong.enterprises.models import (
    EconomicRecord,
    EconomicRecordChange,
    Enterprise,
    UnmatchedFigure,
)
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.timeutil import street_today

HEADER = "统一社会信用代码,企业名称,所属期,营业收入,税收合计,地方留存,从业人数\n"


def last_month() -> str:
    return add_months(street_today().replace(day=1), -1).strftime("%Y-%m")


def month_before() -> str:
    return add_months(street_today().replace(day=1), -2).strftime("%Y-%m")


def run(app: Flask, text: str, name: str = "税收.csv", **kw: Any) -> Any:
    result = import_figures(
        [FiguresFile(text.encode("utf-8"), name)],
        upload_dir=Path(app.config["QIFUTONG_UPLOAD_DIR"]),
        report_dir=Path(app.config["QIFUTONG_REPORT_DIR"]),
        today=street_today(),
        **kw,
    )
    db.session.commit()
    return result


@pytest.fixture
def firms(app: Flask, make_firm: Any) -> tuple[Enterprise, Enterprise]:
    coded = make_firm(name="杭州云帆科技有限公司", name_norm="云帆科技")
    uncoded = make_firm(uscc=None, name="杭州青禾贸易有限公司", name_norm="青禾贸易")
    return coded, uncoded


def _records() -> dict[tuple[int, str], tuple[Any, ...]]:
    return {
        (r.enterprise_id, f"{r.period:%Y-%m}"): (r.revenue, r.tax_total, r.tax_local, r.headcount)
        for r in db.session.scalars(select(EconomicRecord))
    }


def test_firms_are_found_by_code_or_name_and_strangers_wait_for_the_street(app, firms):
    coded, uncoded = firms
    m, p = last_month(), month_before()
    text = (
        HEADER
        + f"{coded.uscc},杭州云帆科技有限公司,{m},1000000,80000,32000,25\n"
        + f"{coded.uscc},杭州云帆科技有限公司,{p},900000,70000,28000,24\n"
        + f",杭州青禾贸易有限公司,{m},500000,30000,12000,8\n"
        + f",杭州未登记科技有限公司,{m},100,10,4,1\n"
    )
    result = run(app, text)
    assert result.public_summary == {
        "status": "imported", "rows": 4, "created": 3, "updated": 0, "unchanged": 0,
        "unmatched": 1, "rejected": 0, "firms": 2, "months": sorted([p, m]),
    }  # fmt: skip
    assert _records() == {
        (coded.id, m): (1_000_000.0, 80_000.0, 32_000.0, 25),
        (coded.id, p): (900_000.0, 70_000.0, 28_000.0, 24),
        (uncoded.id, m): (500_000.0, 30_000.0, 12_000.0, 8),
    }
    stranger = db.session.scalar(select(UnmatchedFigure))
    assert (stranger.name, stranger.row_number, stranger.status) == (
        "杭州未登记科技有限公司",
        5,
        "pending",
    )
    # The original is kept with its checksum; the enterprise's 12-month figures follow.
    batch = db.session.get(ImportBatch, result.batch_ids[0])
    assert (batch.kind, batch.status) == ("figures", "done")
    assert batch.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert Path(batch.stored_path).read_bytes() == text.encode()
    db.session.refresh(coded)
    assert (coded.tax_12m, coded.revenue_12m) == (150_000.0, 1_900_000.0)


def test_the_same_file_again_changes_nothing(app, firms):
    coded, _ = firms
    text = (
        HEADER
        + f"{coded.uscc},杭州云帆科技有限公司,{last_month()},1000,80,32,2\n"
        + f",某某公司,{last_month()},1,1,1,1\n"
    )
    run(app, text)
    again = run(app, text)
    s = again.public_summary
    assert (s["created"], s["updated"], s["unchanged"], s["unmatched"]) == (0, 0, 1, 1)
    assert db.session.scalar(select(func.count()).select_from(EconomicRecord)) == 1
    assert db.session.scalar(select(func.count()).select_from(UnmatchedFigure)) == 1
    # The history holds the one creation, nothing from the second import.
    assert db.session.scalar(select(func.count()).select_from(EconomicRecordChange)) == 1


def test_new_values_replace_old_ones_and_the_old_stay_in_the_history(app, firms):
    coded, _ = firms
    m = last_month()
    first = run(app, HEADER + f"{coded.uscc},甲,{m},1000,80,32,2\n")
    # A tax sheet gives only tax: revenue and headcount stay as they were.
    second = run(app, f"纳税人识别号,纳税人名称,所属期,入库税款\n{coded.uscc},甲,{m},95\n")
    assert second.public_summary["updated"] == 1
    assert _records() == {(coded.id, m): (1000.0, 95.0, 32.0, 2)}
    change = db.session.scalar(select(EconomicRecordChange).where(EconomicRecordChange.old != {}))
    assert change.old["tax_total"] == 80 and change.old["batch_id"] == first.batch_ids[0]
    assert change.new["tax_total"] == 95 and change.batch_id == second.batch_ids[0]


def test_one_bad_row_refuses_the_whole_file_and_writes_nothing(app, firms):
    coded, _ = firms
    m = last_month()
    text = (
        HEADER
        + f"{coded.uscc},甲,{m},1000,80,32,2\n"
        + f",杭州未登记科技有限公司,{m},1,1,1,1\n"
        + f"{coded.uscc},甲,{month_before()},1000,80,32,-2\n"
    )
    result = run(app, text, name="bad.csv")
    assert result.public_summary["status"] == "refused"
    assert result.public_summary["rejected"] == 1
    assert (
        _records() == {}
        and db.session.scalar(select(func.count()).select_from(UnmatchedFigure)) == 0
    )
    with open(result.report_path, encoding="utf-8-sig") as fh:
        lines = list(csv.DictReader(fh))
    assert [(r["文件"], r["行号"], r["字段"], r["值"]) for r in lines] == [
        ("bad.csv", "4", "从业人数", "'-2")  # formula-safe: a spreadsheet shows it as text
    ]
    batch = db.session.get(ImportBatch, result.batch_ids[0])
    assert batch.status == "refused" and Path(batch.stored_path).exists()


def test_a_dry_run_checks_and_finds_firms_but_writes_nothing(app, firms):
    coded, _ = firms
    result = run(app, HEADER + f"{coded.uscc},甲,{last_month()},1000,80,32,2\n", dry_run=True)
    assert result.public_summary["status"] == "checked" and result.public_summary["created"] == 1
    assert _records() == {}


def test_a_firm_named_twice_in_one_month_is_refused(app, firms):
    coded, _ = firms
    m = last_month()
    text = (
        HEADER
        + f"{coded.uscc},杭州云帆科技有限公司,{m},1,1,1,1\n,杭州云帆科技有限公司,{m},2,2,2,2\n"
    )
    result = run(app, text)
    assert result.status == "refused"
    assert [(p.row, p.field) for p in result.problems] == [(3, "企业")]


def test_the_command_prints_a_json_summary_last_and_exits_1_when_refused(app, firms, tmp_path):
    from qifutong.enterprises.roster.cli import import_figures_command

    coded, _ = firms
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"{coded.uscc},甲,{last_month()},1000,80,32,2\n", encoding="gbk")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{coded.uscc},甲,十月,1000,80,32,2\n", encoding="utf-8")
    runner = app.test_cli_runner()
    out = runner.invoke(import_figures_command, [str(good), "--dry-run"])
    assert (
        out.exit_code == 0
        and json.loads(out.output.strip().splitlines()[-1])["status"] == "checked"
    )
    out = runner.invoke(import_figures_command, [str(good)])
    summary = json.loads(out.output.strip().splitlines()[-1])
    assert out.exit_code == 0
    assert list(summary)[:9] == [
        "status", "rows", "created", "updated", "unchanged",
        "unmatched", "rejected", "firms", "months",
    ]  # fmt: skip
    assert (summary["status"], summary["created"]) == ("imported", 1)
    out = runner.invoke(import_figures_command, [str(bad)])
    assert out.exit_code == 1
    assert json.loads(out.stdout.strip().splitlines()[-1])["status"] == "refused"
    assert "row 2, 所属期" in out.stderr
    assert db.session.scalar(select(func.count()).select_from(EconomicRecord)) == 1
    assert date.fromisoformat(last_month() + "-01") == db.session.scalar(
        select(EconomicRecord.period)
    )


def test_what_follows_the_figures_follows_an_import(app, firms):
    """A swing in tax asks for a visit; a policy on 12-month tax is matched again."""
    from dashboards.period import add_months as plus
    from qifutong.matching.models import MatchResult
    from qifutong.visits.models import VisitTask
    from tests.matching.test_push import publish

    coded, _ = firms
    first = plus(street_today().replace(day=1), -24)
    db.session.add_all(
        EconomicRecord(enterprise_id=coded.id, period=plus(first, i), tax_total=100_000.0)
        for i in range(23)
    )
    db.session.commit()
    policy = publish(
        "纳税大户奖励",
        [
            {"field": "tax", "op": "gte", "value": 5_000_000, "kind": "must"},
            {"field": "operates_here", "op": "eq", "value": True, "kind": "must"},
        ],
    )
    mine = select(MatchResult.status).where(
        MatchResult.offer_id == policy.id, MatchResult.enterprise_id == coded.id
    )
    assert db.session.scalar(mine) == "near_miss"
    run(app, HEADER + f"{coded.uscc},杭州云帆科技有限公司,{last_month()},,9000000,,\n")
    task = db.session.scalar(select(VisitTask).where(VisitTask.enterprise_id == coded.id))
    assert task is not None and task.reason == "tax_swing"
    db.session.expire_all()
    assert db.session.scalar(mine) == "eligible"
