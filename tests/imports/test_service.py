"""The import service on the database: all or nothing, idempotent, lineage, history, report,
review decisions that survive re-imports; the command line and the export."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseSourceRow,
    PendingChange,
    ResolutionDecision,
)
from qifutong.enterprises.roster import review
from qifutong.enterprises.roster.services import ImportRefused
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from tests.imports.conftest import ROWS, U_BRANCH, U_LETTER, U_YUNFAN, write_xlsx, xlsx_row_truth


def _firm(code: str) -> Enterprise:
    ent = db.session.scalar(select(Enterprise).where(Enterprise.uscc == code))
    assert ent is not None, code
    return ent


def test_import_resolves_and_keeps_lineage_file_and_report(run_import, roster_xlsx):
    result = run_import(roster_xlsx)
    s = result.summary
    assert (s["rows"], s["created"], s["merged"], s["rejected"]) == (21, 10, 11, 0)
    assert s["review"] == 1 and s["enterprises"] == 10
    # The original file is kept with its checksum.
    batch = db.session.get(ImportBatch, result.batch_ids[0])
    data = roster_xlsx.read_bytes()
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert Path(batch.stored_path).read_bytes() == data
    assert batch.status == "done" and batch.summary["created"] == 10
    # Lineage: every row, by the row number a person sees, points at the right firm.
    lineage = db.session.execute(
        select(EnterpriseSourceRow.row_number, EnterpriseSourceRow.enterprise_id)
    ).all()
    truth = xlsx_row_truth()
    assert sorted(r for r, _ in lineage) == sorted(truth)
    firm_of = {}
    for row, eid in lineage:
        assert firm_of.setdefault(truth[row], eid) == eid
    assert len(set(firm_of.values())) == 10
    # Fields come out clean and consolidated.
    yunfan = _firm(U_YUNFAN)
    assert yunfan.name == "杭州云帆科技有限公司" and yunfan.legal_rep == "张伟"
    assert yunfan.registered_capital == 5_000_000 and yunfan.founded_on == date(2019, 3, 1)
    assert yunfan.headcount == 35 and len(yunfan.source_rows) == 4
    assert _firm(U_BRANCH).is_branch and _firm(U_LETTER).name == "杭州市西湖区云帆行业协会"
    assert result.report_path.exists()


def test_same_file_again_changes_nothing(run_import, roster_xlsx, counts):
    run_import(roster_xlsx)
    before = counts()
    again = run_import(roster_xlsx)
    assert counts() == before
    assert again.summary["created"] == 0 and again.summary["rows"] == 0
    assert "内容相同" in again.messages[0]


def test_same_rows_in_another_file_change_no_firm(run_import, roster_xlsx, tmp_path, counts):
    run_import(roster_xlsx)
    before = counts()
    other = write_xlsx(tmp_path / "resaved.xlsx", title="名录（重新导出）")  # the same rows
    result = run_import(other)
    after = counts()
    assert result.summary["unchanged"] == 21 and result.summary["created"] == 0
    for table in ("enterprise", "enterprise_change", "enterprise_source_row"):
        assert after[table] == before[table]


def test_a_new_value_for_an_imported_one_waits_instead_of_overwriting(
    run_import, roster_xlsx, tmp_path
):
    run_import(roster_xlsx)
    changed = [(*ROWS[0][:7], 60)]  # the same firm, now with 60 people
    result = run_import(write_xlsx(tmp_path / "update.xlsx", changed))
    yunfan = _firm(U_YUNFAN)
    assert yunfan.headcount == 35 and len(yunfan.source_rows) == 5
    assert result.summary["queued"] == 1
    waiting = db.session.scalar(
        select(PendingChange).where(
            PendingChange.enterprise_id == yunfan.id, PendingChange.field == "headcount"
        )
    )
    assert (waiting.old_value, waiting.new_value, waiting.rows) == (35, 60, ["update.xlsx:4"])


def test_a_refused_file_leaves_the_database_unchanged(run_import, roster_xlsx, tmp_path, counts):
    before = counts()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("编号,金额\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"wrong\.csv"):
        run_import(roster_xlsx, wrong)
    assert counts() == before


def test_a_failure_while_writing_leaves_the_database_unchanged(
    run_import, roster_xlsx, counts, monkeypatch
):
    before = counts()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # Firms and lineage are written by then; the review pairs come last.
    monkeypatch.setattr(review, "record_review", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(roster_xlsx)
    db.session.expire_all()
    assert counts() == before


def test_dry_run_reports_but_writes_nothing(run_import, roster_xlsx, counts):
    before = counts()
    result = run_import(roster_xlsx, dry_run=True)
    assert result.summary["created"] == 10 and result.report_path.exists()
    assert counts() == before


def test_each_refused_or_flagged_row_is_in_the_report(run_import, tmp_path):
    rows = [
        ("x", "杭州甲科技有限公司", U_YUNFAN, "张伟", "", "500万元", "2019-13-45", ""),
        ("x", "", "", "李四", "某地", "", "", ""),
        ("x", "杭州乙科技有限公司", "123", "", "", "五百万", "", "很多人"),
    ]
    path = write_xlsx(tmp_path / "问题名录.xlsx", rows)
    result = run_import(path)
    assert result.summary["rejected"] == 1 and result.summary["created"] == 2
    sheet = load_workbook(result.report_path)["问题行"]
    lines = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert ("问题名录.xlsx", 5, "单位名称", None, "企业名称（必填，至少2个字）", "未导入") in lines
    assert [r[2] for r in lines if r[1] == 5] == ["单位名称"]
    fields = {(r[1], r[2]) for r in lines}
    assert {(4, "成立时间"), (6, "信用代码"), (6, "注册资金"), (6, "从业人数")} <= fields
    assert all(r[0] == "问题名录.xlsx" and r[4] for r in lines)


def test_review_decisions_survive_reimport(run_import, roster_xlsx, tmp_path, make_user):
    run_import(roster_xlsx)
    pending = db.session.scalars(select(ResolutionDecision)).all()
    assert len(pending) == 1 and pending[0].decision is None
    official = make_user("street")
    review.decide(pending[0].id, review.SEPARATE, official.id)
    db.session.commit()
    # The next roster has the same firms with other figures: new rows, same pair.
    newer = [(*r[:7], 99) for r in ROWS]
    result = run_import(write_xlsx(tmp_path / "next.xlsx", newer))
    assert result.summary["review"] == 0 and result.summary["created"] == 0
    assert db.session.query(ResolutionDecision).count() == 1
    slip = db.session.scalar(select(Enterprise).where(Enterprise.name.contains("装名")))
    assert slip is not None and len(slip.source_rows) == 2


def test_merge_decision_survives_reimport(run_import, roster_xlsx, tmp_path, make_user):
    run_import(roster_xlsx)
    decision = db.session.scalars(select(ResolutionDecision)).one()
    official = make_user("street")
    review.decide(decision.id, review.MERGE, official.id)
    db.session.commit()
    assert db.session.query(Enterprise).count() == 9
    # The rows that joined by the official's decision say so, with what the official saw.
    firm = db.session.scalar(select(Enterprise).where(Enterprise.name.contains("安明")))
    decided = [r.match for r in firm.source_rows if r.match and r.match.get("decided_by")]
    assert decided and all(m["decided_by"] == official.id for m in decided)
    assert all(m["evidence"][0] == "人工复核合并" and len(m["evidence"]) > 1 for m in decided)
    assert all(m["with"] and m["score"] == decision.score for m in decided)
    newer = [(*r[:7], 77) for r in ROWS]
    result = run_import(write_xlsx(tmp_path / "next.xlsx", newer))
    assert result.summary["review"] == 0 and result.summary["created"] == 0
    assert db.session.query(Enterprise).count() == 9
    merged = db.session.scalar(select(Enterprise).where(Enterprise.name.contains("安明")))
    assert len(merged.source_rows) == 6  # 3 rows per import, the slip included


def test_merge_moves_everything_and_keeps_history(app, make_firm, make_user):
    keep = make_firm(name="杭州安明智能装备科技有限公司", headcount=None, legal_rep="郑宇")
    drop = make_firm(uscc=None, name="杭州安明智能装各科技有限公司", headcount=9)
    owner = make_user("firm", enterprise_id=drop.id)
    db.session.add(
        EnterpriseSourceRow(
            enterprise_id=drop.id, file_name="a.xlsx", row_number=7, row_key="k", raw={}, flags=[]
        )
    )
    db.session.commit()
    review.merge_enterprises(keep, drop, "review:1")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Enterprise, drop.id) is None
    kept = db.session.get(Enterprise, keep.id)
    assert kept.headcount == 9 and [r.row_number for r in kept.source_rows] == [7]
    assert db.session.get(type(owner), owner.id).enterprise_id == keep.id
    fields = {c.field for c in db.session.scalars(select(EnterpriseChange))}
    assert {"headcount", "*merged"} <= fields


def test_never_merge_different_codes_or_regions(app, make_firm):
    a = make_firm(name="杭州云帆科技有限公司")
    b = make_firm(name="杭州云帆科技有限责任公司")
    with pytest.raises(review.ReviewError, match="信用代码不同"):
        review.merge_enterprises(a, b, "x")
    c = make_firm(uscc=None, name="浙江云帆科技有限公司", region="浙江")
    a.region = "杭州"
    with pytest.raises(review.ReviewError, match="地区不同"):
        review.merge_enterprises(a, c, "x")


def _cli(args, db_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from qifutong.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    monkeypatch.setenv("QIFUTONG_UPLOAD_DIR", str(tmp_path / "up"))
    monkeypatch.setenv("QIFUTONG_REPORT_DIR", str(tmp_path / "rep"))
    return CliRunner().invoke(main, args)


def test_cli_import_then_export(app, roster_gbk, tmp_path, db_url, monkeypatch):
    db.session.commit()
    res = _cli(["import", "enterprises", str(roster_gbk)], db_url, tmp_path, monkeypatch)
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert list(summary)[:6] == ["rows", "created", "merged", "rejected", "review", "enterprises"]
    assert (summary["rows"], summary["created"], summary["rejected"]) == (21, 10, 0)
    report = next(line for line in lines if line.startswith("report: "))[len("report: ") :]
    assert Path(report).exists()
    target = tmp_path / "out" / "firms.csv"
    res = _cli(["export", "enterprises", str(target)], db_url, tmp_path, monkeypatch)
    assert res.exit_code == 0, res.output
    with target.open(encoding="utf-8") as fh:
        exported = list(csv.DictReader(fh))
    assert len(exported) == 10
    assert list(exported[0])[:4] == ["id", "uscc", "name", "source_rows"]
    yunfan = next(r for r in exported if r["uscc"] == U_YUNFAN)
    # CSV rows as a person sees them: header = line 1, the first firm on line 2.
    assert yunfan["source_rows"] == ";".join(f"sample_gbk.csv:{n}" for n in (2, 3, 4, 5))


def test_cli_refuses_an_unreadable_file(app, tmp_path, db_url, monkeypatch):
    db.session.commit()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("编号,金额\n1,2\n", encoding="utf-8")
    res = _cli(["import", "enterprises", str(wrong)], db_url, tmp_path, monkeypatch)
    assert res.exit_code == 1 and "数据库未改动" in res.output and "wrong.csv" in res.output
    shutil.rmtree(tmp_path / "up", ignore_errors=True)


def test_tags_named_in_a_roster_are_attached(run_import, tmp_path):
    from qifutong.enterprises.models import EnterpriseTag, Tag

    db.session.add(Tag(code="digital", kind="theme", name_zh="数字经济", name_en="Digital"))
    db.session.commit()
    path = tmp_path / "tags.csv"
    path.write_text(
        "企业名称,统一社会信用代码,标签\n杭州云帆科技有限公司,"
        + U_YUNFAN
        + ",数字经济、外星科技\n",
        encoding="utf-8",
    )
    result = run_import(path)
    tag = db.session.scalars(select(EnterpriseTag)).one()
    assert (tag.tag_code, tag.source) == ("digital", "import")
    assert any("外星科技" in m for m in result.messages)


@pytest.mark.parametrize("role", ["building", "property", "firm"])
def test_import_and_review_pages_are_for_the_street(
    client, make_user, make_firm, make_building, login, role
):
    scope = (
        {"enterprise_id": make_firm().id}
        if role == "firm"
        else {"building_ids": [make_building().id]}
    )
    login(make_user(role, **scope))
    for url in ("/imports/enterprises", "/imports/review", "/imports/jobs/" + "0" * 32):
        assert client.get(url).status_code == 403, url
    assert client.post("/imports/review/1", data={"decision": "merge"}).status_code == 403
    assert client.post("/imports/enterprises").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/imports/enterprises").status_code in (302, 401)


def test_revenue_and_tax_from_a_roster_only_fill_gaps(run_import, tmp_path):
    path = tmp_path / "money.csv"
    header = "企业名称,统一社会信用代码,营业收入（万元）,纳税总额（万元）\n"
    path.write_text(header + f"杭州云帆科技有限公司,{U_YUNFAN},120,6\n", encoding="utf-8")
    run_import(path)
    firm = _firm(U_YUNFAN)
    assert (firm.revenue_12m, firm.tax_12m) == (1_200_000, 60_000)
    firm.revenue_12m = 3_000_000.0  # as the monthly economic records have it
    db.session.commit()
    later = tmp_path / "money2.csv"
    later.write_text(header + f"杭州云帆科技有限公司,{U_YUNFAN},150,8\n", encoding="utf-8")
    run_import(later)
    db.session.expire_all()
    assert _firm(U_YUNFAN).revenue_12m == 3_000_000.0
