"""The figures import on the street's page and through the API; rows waiting for a firm; and
on the demo street, the enterprise API and the cockpit moving by exactly what was imported."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from sqlalchemy import func, select

from qifutong.enterprises.models import EconomicRecord, Enterprise, UnmatchedFigure
from qifutong.extensions import db
from tests.enterprises.test_figures_import import HEADER, last_month, month_before


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _file(text: str, name: str = "税收.csv", encoding: str = "utf-8") -> dict[str, Any]:
    return {"file": (io.BytesIO(text.encode(encoding)), name)}


def test_the_api_imports_and_tells_firm_by_firm_what_changed(
    client, make_user, token_for, make_firm
):
    firm = make_firm(name="杭州云帆科技有限公司")
    street = token_for(make_user("street"))
    m = last_month()
    text = (
        HEADER
        + f"{firm.uscc},杭州云帆科技有限公司,{m},1000,80,32,2\n,杭州未登记有限公司,{m},1,1,1,1\n"
    )
    resp = client.post(
        "/api/v1/figures/imports", headers=_auth(street), data=_file(text, encoding="gbk")
    )
    assert resp.status_code == 201, resp.json
    assert {k: resp.json[k] for k in ("status", "created", "unmatched", "firms")} == {
        "status": "imported", "created": 1, "unmatched": 1, "firms": 1,
    }  # fmt: skip
    batch = resp.json["batches"][0]
    again = client.post(
        "/api/v1/figures/imports",
        headers=_auth(street),
        data=_file(HEADER + f"{firm.uscc},杭州云帆科技有限公司,{m},1000,95,32,2\n"),
    )
    assert again.json["updated"] == 1
    first = client.get(f"/api/v1/imports/{batch}", headers=_auth(street)).json
    assert first["kind"] == "figures" and first["status"] == "imported"
    assert first["firms"][0]["months"] == [
        {"period": m, "action": "created", "old": None,
         "new": {"revenue": 1000.0, "tax_total": 80.0, "tax_local": 32.0, "headcount": 2}},
    ]  # fmt: skip
    assert first["unmatched"][0]["name"] == "杭州未登记有限公司"
    second = client.get(f"/api/v1/imports/{again.json['batches'][0]}", headers=_auth(street)).json
    (change,) = second["firms"][0]["months"]
    assert change["action"] == "updated"
    assert (change["old"]["tax_total"], change["new"]["tax_total"]) == (80.0, 95.0)


def test_the_api_refuses_a_bad_file_naming_each_row_and_only_the_street_may_import(
    client, make_user, token_for, make_firm, make_building
):
    firm = make_firm()
    street = token_for(make_user("street"))
    bad = HEADER + f"{firm.uscc},甲,{last_month()},1000,八十,32,2\n"
    resp = client.post("/api/v1/figures/imports", headers=_auth(street), data=_file(bad, "bad.csv"))
    assert resp.status_code == 422
    assert resp.json["status"] == "refused" and resp.json["error"]["code"] == "refused"
    (problem,) = resp.json["problems"]
    assert (problem["file"], problem["row"], problem["field"]) == ("bad.csv", 2, "税收合计")
    assert problem["value"] == "八十" and "金额" in problem["reason"]
    assert db.session.scalar(select(func.count()).select_from(EconomicRecord)) == 0
    for role in ("building", "property", "firm"):
        kw: dict[str, Any] = {"enterprise_id": firm.id} if role == "firm" else {}
        if role in ("building", "property"):
            kw["building_ids"] = [make_building().id]
        token = token_for(make_user(role, **kw))
        denied = client.post("/api/v1/figures/imports", headers=_auth(token), data=_file(bad))
        assert denied.status_code == 403
    assert client.post("/api/v1/figures/imports", headers=_auth(street)).status_code == 400


def test_the_street_page_imports_and_links_strangers(client, make_user, login, make_firm):
    firm = make_firm(name="杭州云帆科技有限公司")
    login(make_user("street"))
    page = client.get("/figures/import")
    assert page.status_code == 200 and "导入月度经济数据" in page.get_data(as_text=True)
    m, p = last_month(), month_before()
    text = (
        HEADER
        + f",杭州远山咨询有限公司,{m},500,50,20,5\n"
        + f",杭州远山咨询有限公司,{p},400,40,16,5\n"
        + f",杭州云帆科技股份公司,{m},300,30,12,3\n"
    )
    done = client.post("/figures/import", data=_file(text), content_type="multipart/form-data")
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "已导入" in html
    listing = client.get("/figures/unmatched").get_data(as_text=True)
    assert "杭州远山咨询有限公司" in listing and "杭州云帆科技股份公司" in listing
    identity = db.session.scalar(
        select(UnmatchedFigure.identity).where(UnmatchedFigure.name == "杭州云帆科技股份公司")
    )
    linked = client.post(
        "/figures/unmatched/decide",
        data={"identity": identity, "action": "link", "enterprise_id": firm.id},
    )
    assert linked.status_code == 302
    assert (
        db.session.scalar(
            select(EconomicRecord.tax_total).where(EconomicRecord.enterprise_id == firm.id)
        )
        == 30.0
    )
    other = db.session.scalar(
        select(UnmatchedFigure.identity).where(UnmatchedFigure.name == "杭州远山咨询有限公司")
    )
    client.post("/figures/unmatched/decide", data={"identity": other, "action": "register"})
    new = db.session.scalar(select(Enterprise).where(Enterprise.name == "杭州远山咨询有限公司"))
    assert new is not None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(EconomicRecord)
            .where(EconomicRecord.enterprise_id == new.id)
        )
        == 2
    )
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(UnmatchedFigure)
            .where(UnmatchedFigure.status == "pending")
        )
        == 0
    )


def test_the_page_is_the_streets_only(client, make_user, login, make_building):
    login(make_user("building", building_ids=[make_building().id]))
    assert client.get("/figures/import").status_code == 403
    assert client.get("/figures/unmatched").status_code == 403


def test_on_the_demo_street_the_api_and_the_cockpit_move_by_exactly_what_was_imported(demo_app):
    from qifutong.auth.services import create_user, issue_token

    user = create_user("figures-test", "correct-horse-1", "street")
    token = issue_token(user)
    db.session.commit()
    client = demo_app.test_client()
    m = last_month()
    first_day = date.fromisoformat(f"{m}-01")
    firm = db.session.scalars(
        select(Enterprise)
        .join(EconomicRecord, EconomicRecord.enterprise_id == Enterprise.id)
        .where(
            Enterprise.uscc.is_not(None),
            Enterprise.tax_here.is_(True),
            Enterprise.operates_here.is_(True),
            Enterprise.status == "active",
            EconomicRecord.period == first_day,
            EconomicRecord.tax_total > 0,
        )
        .order_by(Enterprise.id)
    ).first()
    record = db.session.scalar(
        select(EconomicRecord).where(
            EconomicRecord.enterprise_id == firm.id, EconomicRecord.period == first_day
        )
    )
    old_tax, old_revenue = record.tax_total, record.revenue

    def api_firm() -> dict[str, Any]:
        return client.get(f"/api/v1/enterprises/{firm.id}", headers=_auth(token)).json

    def cockpit() -> dict[str, float]:
        items = client.get(
            f"/api/v1/indicators?period=custom&from={m}&to={m}", headers=_auth(token)
        ).json["items"]
        return {i["key"]: i["value"] for i in items if i["key"] in ("tax_total", "fiscal_local")}

    before, cockpit_before = api_firm(), cockpit()
    text = (
        "2026年税源明细\n单位：元\n纳税人识别号,纳税人名称,税款所属期,入库税款,营业收入\n"
        f"{firm.uscc},{firm.name},{m},{old_tax + 12_345},{old_revenue + 100_000}\n"
    )
    resp = client.post("/api/v1/figures/imports", headers=_auth(token), data=_file(text))
    assert resp.status_code == 201 and resp.json["updated"] == 1, resp.json
    after, cockpit_after = api_firm(), cockpit()
    assert round(after["tax"] - before["tax"], 2) == 12_345
    assert round(after["revenue"] - before["revenue"], 2) == 100_000
    assert round(cockpit_after["tax_total"] - cockpit_before["tax_total"], 2) == 12_345
    assert cockpit_after["fiscal_local"] == cockpit_before["fiscal_local"]  # not in the file
