"""免申即享 payouts: one firm at a time or a sheet (csv or xlsx), all rows or none, the original
file kept, each firm told "已为您兑现 X 元"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from policies.applications.models import Application
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.inbox.models import Notification
from tests.policies.test_applications import HEADCOUNT_50, make_policy


def _csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _upload(client, policy, data, name):
    return client.post(
        f"/street/policies/{policy.id}/payouts/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _notices(user):
    return db.session.scalars(
        select(Notification.title).where(Notification.user_id == user.id)
    ).all()


def test_a_sheet_pays_every_row_and_tells_each_firm(app, make_firm, make_user, logged_in):
    policy = make_policy(title="稳岗返还", payout_mode="auto")
    a, b = make_firm(headcount=80), make_firm(headcount=60, name="杭州乙科技有限公司")
    users = [make_user("firm", enterprise_id=a.id), make_user("firm", enterprise_id=b.id)]
    street = logged_in(make_user("street"))
    sheet = _csv([["统一社会信用代码", "企业名称", "兑现金额（元）", "兑现日期"],
                  [a.uscc, a.name, "30000", "2026-11-30"],
                  ["", "杭州乙科技有限公司", "1.5万", ""]])  # fmt: skip
    page = _upload(street, policy, sheet, "兑现名单.csv").get_data(as_text=True)
    assert "已导入 兑现名单.csv：兑现 2 家企业" in page
    paid = db.session.scalars(select(Application).order_by(Application.id)).all()
    assert [(p.enterprise_id, p.channel, p.state, p.amount_paid) for p in paid] == [
        (a.id, "auto", "paid", 30000), (b.id, "auto", "paid", 15000),
    ]  # fmt: skip
    assert str(paid[0].paid_on) == "2026-11-30"
    assert _notices(users[0]) == ["已为您兑现 30,000 元：稳岗返还"]
    assert _notices(users[1]) == ["已为您兑现 15,000 元：稳岗返还"]
    batch = db.session.scalars(select(ImportBatch).where(ImportBatch.kind == "payouts")).one()
    assert batch.status == "done" and Path(batch.stored_path).read_bytes() == sheet
    funnel = street.get(f"/street/policies/{policy.id}/funnel").get_data(as_text=True)
    assert 'id="apps-paid">2<' in funnel and 'id="apps-amount">4.5 万元<' in funnel
    # The firm sees the payout among its applications, without having applied.
    mine = logged_in(users[0]).get("/firm/applications/").get_data(as_text=True)
    assert "稳岗返还" in mine and "免申即享" in mine
    assert "兑现金额（万元）" in mine and "3.00<" in mine


def test_a_bad_sheet_pays_nobody_and_names_each_problem(app, make_firm, make_user, logged_in):
    policy = make_policy(title="稳岗返还", payout_mode="auto", criteria=HEADCOUNT_50)
    good, small = make_firm(headcount=80), make_firm(headcount=10)
    street = logged_in(make_user("street"))
    book = Workbook()
    sheet = book.active
    for row in (["企业名称", "统一社会信用代码", "金额"],
                [good.name, good.uscc, "20000"],
                ["", "91330106MA0000000X", "20000"],
                [good.name, good.uscc, "20000"],
                [small.name, small.uscc, "很多"],
                [small.name, small.uscc, "1000"]):  # fmt: skip
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    page = _upload(street, policy, data.getvalue(), "名单.xlsx").get_data(as_text=True)
    assert "名单.xlsx 未导入" in page
    assert "第 3 行 统一社会信用代码：企业库中没有该统一社会信用代码" in page
    assert "第 4 行 企业名称：与第 2 行是同一家企业" in page
    assert "第 5 行 兑现金额：应为大于 0 的金额" in page
    assert (
        "第 6 行 企业名称：按已核实的企业信息不符合本政策条件：员工人数 10 人，要求 ≥ 50 人" in page
    )
    assert db.session.scalars(select(Application)).all() == []
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.status == "refused" and batch.summary["problems"] == 4
    report = street.get(f"/street/payouts/{batch.id}/report")
    text = report.data.decode("utf-8-sig")
    report.close()
    assert report.status_code == 200 and text.splitlines()[0] == "文件,行号,字段,原因,值"
    assert "名单.xlsx,3,统一社会信用代码" in text


def test_one_payout_at_a_time_by_code_or_name(app, make_firm, make_user, logged_in):
    policy = make_policy(title="稳岗返还", payout_mode="auto")
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    street = logged_in(make_user("street"))
    path = f"/street/policies/{policy.id}/payouts"
    done = street.post(path, data={"firm": firm.uscc, "amount": "2万"}, follow_redirects=True)
    assert f"已记录兑现：{firm.name}" in done.get_data(as_text=True)
    assert _notices(user) == ["已为您兑现 20,000 元：稳岗返还"]
    twice = street.post(path, data={"firm": firm.name, "amount": "1"}, follow_redirects=True)
    assert "已兑现过本政策" in twice.get_data(as_text=True)
    nobody = street.post(path, data={"firm": "不存在的公司", "amount": "1"}, follow_redirects=True)
    assert "企业：企业库中没有该名称的企业" in nobody.get_data(as_text=True)
    bad = street.post(path, data={"firm": firm.name, "amount": "x"}, follow_redirects=True)
    assert "兑现金额应为数字" in bad.get_data(as_text=True)
    assert len(db.session.scalars(select(Application)).all()) == 1
    # An application-based policy is paid on each application, not here.
    other = make_policy(title="研发补助")
    refused = _upload(street, other, _csv([["企业名称", "金额"], [firm.name, "1"]]), "x.csv")
    assert "只有免申即享政策可以导入兑现名单" in refused.get_data(as_text=True)
    assert logged_in(user).post(path, data={"firm": firm.uscc, "amount": "1"}).status_code == 403
