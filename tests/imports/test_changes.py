"""Imports that show what they changed: per firm, each field's old and new value and the rows
that gave them; a change to a value from another source waits for an official; a code that
fails its check is kept as read and flagged, never blanked."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import select

from qifutong.enterprises.models import Enterprise, EnterpriseChange, PendingChange
from qifutong.enterprises.roster import changes
from qifutong.extensions import db
from tests.imports.conftest import ADDRESS, code, typo, write_xlsx

U_FIRST = code("MA2H00050")
FIRST = ("a", "杭州云帆科技有限公司", U_FIRST, "张伟", ADDRESS, "300万元", "2019-03-01", 16)
# The bracketed duplicate without a code, as the issue found it: 16 → 60 people, 300万 → 1000万.
DUPLICATE = ("a", "云帆（杭州）科技有限公司", "", "张伟", ADDRESS, "1000万元", "", 60)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_reimport_that_would_change_a_firm_queues_the_change_with_old_and_new_values(
    run_import, tmp_path, client, make_user, token_for, login
):
    run_import(write_xlsx(tmp_path / "first.xlsx", [FIRST]))
    result = run_import(write_xlsx(tmp_path / "second.xlsx", [DUPLICATE]))
    firm = db.session.scalar(select(Enterprise).where(Enterprise.uscc == U_FIRST))
    assert (firm.headcount, firm.registered_capital) == (16, 3_000_000)  # nothing overwritten
    assert result.summary["merged"] == 1 and result.summary["queued"] == 2
    queued = {p.field: p for p in db.session.scalars(select(PendingChange)).all()}
    assert (queued["headcount"].old_value, queued["headcount"].new_value) == (16, 60)
    assert (queued["registered_capital"].old_value, queued["registered_capital"].new_value) == (
        3_000_000, 10_000_000,
    )  # fmt: skip
    assert queued["headcount"].rows == ["second.xlsx:4"]
    assert "名录导入（第 1 批）" in queued["headcount"].reason
    # The per-batch API lists the firm and each field, old and new, with its rows.
    token = token_for(make_user("street"))
    batch = client.get(f"/api/v1/imports/{result.batch_ids[0]}", headers=_auth(token)).json
    (item,) = batch["firms"]
    assert (item["enterprise_id"], item["action"], item["rows"]) == (
        firm.id, "queued", ["second.xlsx:4"],
    )  # fmt: skip
    by_field = {c["field"]: c for c in item["changes"]}
    assert (by_field["headcount"]["old"], by_field["headcount"]["new"]) == (16, 60)
    assert by_field["headcount"]["status"] == "pending"
    assert by_field["headcount"]["rows"] == ["second.xlsx:4"]
    # So do the report and the result page.
    sheet = load_workbook(result.report_path)["字段变更"]
    lines = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert ("杭州云帆科技有限公司", U_FIRST, "员工人数", "16", "60", "second.xlsx:4", "待确认") in [
        line[:7] for line in lines
    ]
    official = make_user("street")
    login(official)
    page = client.get(f"/imports/batches/{result.batch_ids[0]}").get_data(as_text=True)
    assert "员工人数" in page and "待确认" in page and "second.xlsx:4" in page
    queue = client.get("/imports/review").get_data(as_text=True)
    assert "待确认的变更" in queue and "1,000.00 万元" in queue
    # Taking the change writes it, with the history.
    client.post(f"/imports/changes/{queued['headcount'].id}", data={"decision": "taken"})
    client.post(f"/imports/changes/{queued['registered_capital'].id}", data={"decision": "kept"})
    db.session.expire_all()
    firm = db.session.get(Enterprise, firm.id)
    assert (firm.headcount, firm.registered_capital) == (60, 3_000_000)
    history = db.session.scalar(
        select(EnterpriseChange).where(
            EnterpriseChange.enterprise_id == firm.id, EnterpriseChange.field == "headcount"
        )
    )
    assert (history.old_value, history.new_value) == (16, 60)
    assert history.source == f"review:{official.id}"
    assert changes.pending_count() == 0


def test_an_import_fills_what_a_firm_lacks_and_says_which_rows_gave_it(run_import, tmp_path):
    run_import(write_xlsx(tmp_path / "first.xlsx", [(*FIRST[:7], "")]))
    result = run_import(write_xlsx(tmp_path / "second.xlsx", [(*DUPLICATE[:7], 60)]))
    firm = db.session.scalar(select(Enterprise).where(Enterprise.uscc == U_FIRST))
    assert firm.headcount == 60  # filled: there was nothing to overwrite
    (item,) = changes.batch_changes(result.batch_ids[0], 1, 50)["firms"]
    filled = next(c for c in item["changes"] if c["field"] == "headcount")
    assert (filled["old"], filled["new"], filled["status"]) == (None, 60, "applied")
    assert filled["rows"] == ["second.xlsx:4"]


def test_a_code_that_fails_its_check_digit_is_kept_flagged_and_sent_to_review(
    run_import, tmp_path, client, make_user, login
):
    good = code("MA2H00077")
    bad = typo(good)
    row = ("b", "杭州新星光电科技有限公司", bad, "钱多", "杭州市西湖区文一路1号", "", "", 5)
    result = run_import(write_xlsx(tmp_path / "名录.xlsx", [row]))
    firm = db.session.scalar(
        select(Enterprise).where(Enterprise.name == "杭州新星光电科技有限公司")
    )
    assert firm.uscc == bad and "校验位" in firm.uscc_problem  # kept as read, never blanked
    assert result.summary["codes_kept_as_read"] == 1
    flagged = db.session.scalar(select(PendingChange).where(PendingChange.field == "uscc"))
    assert flagged.enterprise_id == firm.id and flagged.new_value == bad
    assert "校验位" in flagged.reason and flagged.rows == ["名录.xlsx:4"]
    assert any("校验位" in f for f in firm.source_rows[0].flags)
    # The same file again, resaved: the firm is found again, nothing is blanked or doubled.
    again = run_import(write_xlsx(tmp_path / "again.xlsx", [(*row[:7], 6)]))
    assert again.summary["created"] == 0
    assert db.session.get(Enterprise, firm.id).uscc == bad
    # An official corrects it.
    login(make_user("street"))
    assert bad in client.get("/imports/review").get_data(as_text=True)
    wrong = client.post(f"/imports/changes/{flagged.id}", data={"decision": "correct", "uscc": bad})
    assert wrong.status_code == 302 and db.session.get(Enterprise, firm.id).uscc == bad
    client.post(f"/imports/changes/{flagged.id}", data={"decision": "correct", "uscc": good})
    db.session.expire_all()
    fixed = db.session.get(Enterprise, firm.id)
    assert (fixed.uscc, fixed.uscc_problem) == (good, None)
