"""Firms keep their own record: contacts written at once, policy-relevant values reported
(企业自报) and counted for recommendations only until the street verifies them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from qifutong.enterprises import reports
from qifutong.enterprises.models import Enterprise, EnterpriseChange, FirmReport
from qifutong.extensions import db
from qifutong.keyfirms.services import recompute_grades
from qifutong.matching.models import MatchResult
from qifutong.timeutil import street_today
from tests.matching.test_push import publish

HIGHTECH = [
    {"field": "qualifications", "op": "has", "value": "高新技术企业", "kind": "must"},
    {"field": "operates_here", "op": "eq", "value": True, "kind": "must"},
]


def _result(firm_id: int, policy_id: int) -> MatchResult | None:
    db.session.expire_all()
    return db.session.scalar(
        select(MatchResult).where(
            MatchResult.enterprise_id == firm_id, MatchResult.offer_id == policy_id
        )
    )


def _profile(**values: Any) -> dict[str, Any]:
    # As the page posts it: every field with its current value (make_firm's industry 6513).
    form: dict[str, Any] = {
        "contact_name": "王芳",
        "contact_phone": "13812345678",
        "industry_code": "6513",
    }
    form.update(values)
    return form


def test_a_reported_qualification_is_reachable_pending_and_eligible_once_verified(
    client, app, make_firm, make_user, login
):
    firm = make_firm()
    policy = publish("高新技术企业奖励", HIGHTECH)
    assert _result(firm.id, policy.id).status == "near_miss"
    login(make_user("firm", enterprise_id=firm.id))
    saved = client.post("/firm/profile", data=_profile(qualifications=["hightech"]))
    assert saved.status_code == 302
    # Reachable, flagged as waiting: the record itself is unchanged.
    result = _result(firm.id, policy.id)
    assert (result.status, result.unverified) == ("eligible", True)
    assert db.session.get(Enterprise, firm.id).qualifications == []
    assert db.session.get(Enterprise, firm.id).contact_name == "王芳"  # written at once
    home = client.get("/firm/").get_data(as_text=True)
    offer = client.get(f"/firm/offers/policy/{policy.id}").get_data(as_text=True)
    assert "待街道核实" in home and "待街道核实" in offer
    # The street sees it in its queue, flagged on the firm's page and in the audience.
    client.post("/logout")
    official = make_user("street")
    login(official)
    queue = client.get("/enterprises/reports").get_data(as_text=True)
    assert firm.name in queue and "高新技术企业" in queue and "hightech" not in queue
    assert "企业自报" in client.get(f"/enterprises/{firm.id}").get_data(as_text=True)
    audience = client.get(f"/street/policies/{policy.id}/audience").get_data(as_text=True)
    assert "企业自报待核实" in audience
    (report,) = db.session.scalars(select(FirmReport)).all()
    done = client.post(f"/enterprises/reports/{report.id}", data={"decision": "verify"})
    assert done.status_code == 302
    result = _result(firm.id, policy.id)
    assert (result.status, result.unverified) == ("eligible", False)
    assert db.session.get(Enterprise, firm.id).qualifications == ["hightech"]
    change = db.session.scalar(
        select(EnterpriseChange).where(EnterpriseChange.field == "qualifications")
    )
    assert change.source == f"verified:{official.id}"


def test_an_unverified_headcount_changes_no_grade(app, make_firm, make_user):
    firm = make_firm(headcount=20)
    user = make_user("firm", enterprise_id=firm.id)
    made = reports.report_field(firm, "headcount", 2000, f"firm:{user.id}", user.id)
    db.session.commit()
    assert made is not None and made.status == "pending"
    recompute_grades(street_today())
    assert db.session.get(Enterprise, firm.id).grade is None
    reports.verify(made.id, None)
    recompute_grades(street_today())
    assert db.session.get(Enterprise, firm.id).grade == "A"


def test_the_street_may_decline_with_a_reason_the_firm_then_reads(
    client, make_firm, make_user, login
):
    firm = make_firm(headcount=20)
    firm_user = make_user("firm", enterprise_id=firm.id)
    report = reports.report_field(firm, "headcount", 80, f"firm:{firm_user.id}", firm_user.id)
    db.session.commit()
    login(make_user("street"))
    refused = client.post(f"/enterprises/reports/{report.id}", data={"decision": "reject"})
    assert refused.status_code == 302 and db.session.get(FirmReport, report.id).status == "pending"
    client.post(
        f"/enterprises/reports/{report.id}",
        data={"decision": "reject", "note": "参保人数仅 21 人"},
    )
    assert db.session.get(Enterprise, firm.id).headcount == 20
    client.post("/logout")
    login(firm_user)
    page = client.get("/firm/profile").get_data(as_text=True)
    assert "街道未采纳" in page and "参保人数仅 21 人" in page


def test_bad_values_are_named_and_nothing_is_saved(client, make_firm, make_user, login):
    firm = make_firm()
    login(make_user("firm", enterprise_id=firm.id))
    resp = client.post(
        "/firm/profile", data=_profile(headcount="很多", email="not-an-email", contact_name="李")
    )
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "不小于 0 的整数" in html and "电子邮箱" in html
    assert db.session.get(Enterprise, firm.id).contact_name is None
    assert db.session.scalar(select(FirmReport)) is None


def test_only_a_firm_user_edits_its_own_profile(client, make_firm, make_user, login):
    login(make_user("street"))
    assert client.get("/firm/profile").status_code == 403
