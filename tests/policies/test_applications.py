"""Applications (申报) through the API: the prefilled form, the state machine with its
history and notices, working-day deadlines, questions and materials; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.header import decode_header, make_header

from sqlalchemy import select

from policies.applications import materials, services
from policies.applications.models import Application
from policies.models import FundingProduct, Policy
from qifutong.enterprises.models import FirmReport
from qifutong.extensions import db
from qifutong.inbox.models import Notification, Push

HEADCOUNT_50 = [{"field": "headcount", "op": "gte", "value": 50, "kind": "must"}]
PDF = b"%PDF-1.4 test"


def make_policy(**kw):
    values = {
        "title": "稳岗扩岗奖励",
        "issuer_level": "street",
        "payout_mode": "apply",
        "criteria": HEADCOUNT_50,
        "tags": [],
        "status": "published",
        **kw,
    }
    policy = Policy(**values)
    db.session.add(policy)
    db.session.commit()
    return policy


def material(firm, kind="license", valid_until=None):
    m = materials.add_material(firm, kind, "执照.pdf", PDF, valid_until, None)
    db.session.commit()
    return m


def test_apply_move_and_pay_with_history_notices_and_funnel(api, people):
    policy = make_policy()
    firm, user, official = people["firm"], people["firm_user"], people["official"]
    licence = material(firm)
    res = api(
        "POST",
        "/api/v1/applications",
        {"offer_kind": "policy", "offer_id": policy.id, "materials": [licence.id]},
        user=user,
    )
    assert res.status_code == 201, res.get_json()
    body = res.get_json()
    assert body["state"] == "submitted"
    assert body["allowed_transitions"] == ["withdrawn"]
    form = body["form"]
    assert (form["name"], form["uscc"], form["legal_rep"]) == (firm.name, firm.uscc, "张三")
    assert form["contact_name"] == "李会计"
    assert form["figures"] == [
        {"field": "headcount", "label": "员工人数", "text": "员工人数 80 人，要求 ≥ 50 人"}
    ]
    assert form["reasons"] == ["员工人数 80 人，要求 ≥ 50 人"]
    assert [m["id"] for m in body["materials"]] == [licence.id]
    assert body["due_at"] is not None
    app_id = body["id"]
    path = f"/api/v1/applications/{app_id}/transition"

    def move(who, to, **kw):
        return api("POST", path, {"to": to, **kw}, user=who)

    assert move(official, "accepted").get_json()["allowed_transitions"] == [
        "returned",
        "rejected",
        "approved",
    ]
    assert move(official, "returned").status_code == 422  # a reason is required
    returned = move(official, "returned", note="请补充2025年度财务报表")
    assert returned.get_json()["state"] == "returned"
    assert returned.get_json()["allowed_transitions"] == []  # the street waits for the firm
    financials = material(firm, "financials")
    again = move(user, "submitted", note="已补充", materials=[licence.id, financials.id])
    assert again.status_code == 200, again.get_json()
    assert len(again.get_json()["materials"]) == 2
    move(official, "accepted")
    move(official, "approved")
    assert move(user, "withdrawn").status_code == 409  # not after approval
    assert move(official, "paid").status_code == 422  # the amount is required
    paid = move(official, "paid", amount=30000, paid_on="2026-12-01").get_json()
    assert (paid["state"], paid["amount_paid"], paid["paid_on"]) == ("paid", 30000, "2026-12-01")
    assert [h["action"] for h in paid["history"]] == [
        "submit", "accept", "return", "resubmit", "accept", "approve", "pay",
    ]  # fmt: skip
    assert paid["history"][2]["note"] == "请补充2025年度财务报表"
    assert paid["history"][2]["by"]["name"] == "王科长"

    titles = db.session.scalars(
        select(Notification.title).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()
    assert titles[0] == "您的申报已提交：稳岗扩岗奖励"
    assert "您的申报被退回补正：稳岗扩岗奖励" in titles
    assert titles[-1] == "已为您兑现 30,000 元：稳岗扩岗奖励"
    push = db.session.scalar(select(Push).where(Push.enterprise_id == firm.id))
    assert push.state == "granted" and push.granted_amount == 30000

    from policies.applications.queries import offer_counts

    counts = offer_counts("policy", policy.id)
    assert (counts["applied"], counts["paid"], counts["paid_amount"]) == (1, 1, 30000.0)


def test_refusals_422_404_409(api, people):
    policy = make_policy()
    small = people["other_user"]
    firm_ent = db.session.get(type(people["firm"]), small.enterprise_id)
    firm_ent.headcount = 10
    db.session.commit()
    refused = api(
        "POST", "/api/v1/applications", {"offer_kind": "policy", "offer_id": policy.id}, user=small
    )
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "not_eligible" and error["missing"] == ["员工人数 10 人，要求 ≥ 50 人"]
    assert db.session.scalars(select(Application)).all() == []

    user = people["firm_user"]
    body = {"offer_kind": "policy", "offer_id": policy.id}
    created = api("POST", "/api/v1/applications", body, user=user).get_json()
    assert api("POST", "/api/v1/applications", body, user=user).status_code == 409  # twice
    assert api("GET", f"/api/v1/applications/{created['id']}", user=small).status_code == 404
    move = f"/api/v1/applications/{created['id']}/transition"
    assert api("POST", move, {"to": "accepted"}, user=small).status_code == 404
    illegal = api("POST", move, {"to": "paid", "amount": 1}, user=people["official"])
    assert illegal.status_code == 409
    assert illegal.get_json()["error"]["allowed"] == ["accepted", "returned", "rejected"]
    assert api("POST", move, {"to": "accepted"}, user=user).status_code == 409  # not the firm's
    assert api("POST", move, {"to": "rejected"}, user=people["official"]).status_code == 422
    assert api("GET", "/api/v1/applications", user=people["building"]).status_code == 403
    no_offer = api(
        "POST", "/api/v1/applications", {"offer_kind": "policy", "offer_id": 999}, user=user
    )
    assert no_offer.status_code == 404
    unknown = api("POST", "/api/v1/applications", {"offer_kind": "space", "offer_id": 1}, user=user)
    assert unknown.status_code == 422 and unknown.get_json()["error"]["field"] == "offer_kind"
    auto = make_policy(title="免申即享补贴", payout_mode="auto")
    refused_auto = api(
        "POST", "/api/v1/applications", {"offer_kind": "policy", "offer_id": auto.id}, user=user
    )
    assert (
        refused_auto.status_code == 422 and refused_auto.get_json()["error"]["field"] == "offer_id"
    )
    withdrawn = api("POST", move, {"to": "withdrawn", "note": "暂不申报"}, user=user)
    assert withdrawn.get_json()["state"] == "withdrawn"
    assert api("POST", "/api/v1/applications", body, user=user).status_code == 201  # anew


def test_lists_by_state_and_offer_within_scope(api, people):
    first, second = make_policy(), make_policy(title="研发投入补助")
    user, other = people["firm_user"], people["other_user"]
    for who, policy in ((user, first), (user, second), (other, first)):
        api(
            "POST",
            "/api/v1/applications",
            {"offer_kind": "policy", "offer_id": policy.id},
            user=who,
        )
    assert api("GET", "/api/v1/applications").get_json()["total"] == 3  # the street: all
    mine = api("GET", "/api/v1/applications", user=user).get_json()
    assert mine["total"] == 2 and {i["enterprise_id"] for i in mine["items"]} == {
        user.enterprise_id
    }
    by_offer = api("GET", f"/api/v1/applications?offer_id={first.id}").get_json()
    assert by_offer["total"] == 2
    assert api("GET", "/api/v1/applications?state=accepted").get_json()["total"] == 0
    assert api("GET", "/api/v1/applications?state=open").get_json()["total"] == 3
    assert api("GET", "/api/v1/applications?state=done").status_code == 422


def test_unknown_data_is_asked_and_kept_as_self_reported(api, make_firm, make_user):
    policy = make_policy()
    firm = make_firm(headcount=None)
    user = make_user("firm", enterprise_id=firm.id)
    body = {"offer_kind": "policy", "offer_id": policy.id}
    asked = api("POST", "/api/v1/applications", body, user=user)
    assert asked.status_code == 422 and asked.get_json()["error"]["field"] == "answers.headcount"
    too_few = api("POST", "/api/v1/applications", {**body, "answers": {"headcount": 20}}, user=user)
    assert too_few.status_code == 422 and too_few.get_json()["error"]["code"] == "not_eligible"
    done = api("POST", "/api/v1/applications", {**body, "answers": {"headcount": 60}}, user=user)
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["answers"] == {"headcount": 60}
    report = db.session.scalar(select(FirmReport).where(FirmReport.enterprise_id == firm.id))
    assert (report.field, report.value, report.status) == ("headcount", 60, "pending")
    db.session.refresh(firm)
    assert firm.headcount is None  # verified only when the street checks it


def test_questions_and_materials(api, people, make_user):
    questions = [
        {"label": "项目名称", "type": "text"},
        {"label": "新增就业人数", "type": "number"},
        {"label": "开工日期", "type": "date", "required": False},
        {"label": "项目类型", "type": "choice", "choices": ["新建", "扩建"]},
        {"label": "审计报告", "type": "file", "material_kind": "financials"},
    ]
    policy = make_policy(questions=questions)
    firm, user = people["firm"], people["firm_user"]
    report = material(firm, "financials", valid_until=date.today() + timedelta(days=400))
    stale = material(firm, "license", valid_until=date.today() - timedelta(days=1))
    theirs = material(db.session.get(type(firm), people["other_user"].enterprise_id))
    answers = {"q1": "智能产线", "q2": "12", "q4": "扩建", "q5": report.id}
    body = {"offer_kind": "policy", "offer_id": policy.id, "answers": answers}

    def error(**changes):
        res = api("POST", "/api/v1/applications", {**body, **changes}, user=user)
        assert res.status_code == 422, res.get_json()
        return res.get_json()["error"]["field"]

    assert error(answers={**answers, "q4": "迁建"}) == "answers.q4"
    assert error(answers={**answers, "q2": "很多"}) == "answers.q2"
    assert error(answers={k: v for k, v in answers.items() if k != "q1"}) == "answers.q1"
    assert error(answers={**answers, "q9": "x"}) == "answers.q9"
    assert error(materials=[stale.id]) == "materials[0]"
    assert error(materials=[theirs.id]) == "materials[0]"
    done = api("POST", "/api/v1/applications", body, user=user)
    assert done.status_code == 201, done.get_json()
    got = done.get_json()
    assert got["answers"] == {"q1": "智能产线", "q2": 12, "q3": None, "q4": "扩建", "q5": report.id}
    assert [m["id"] for m in got["materials"]] == [report.id]


def test_funding_products_take_applications_too(api, people):
    product = FundingProduct(
        provider="杭州银行", kind="loan", title="科技贷", criteria=HEADCOUNT_50
    )
    db.session.add(product)
    db.session.commit()
    res = api(
        "POST",
        "/api/v1/applications",
        {"offer_kind": "funding", "offer_id": product.id},
        user=people["firm_user"],
    )
    assert res.status_code == 201 and res.get_json()["offer_kind"] == "funding"


def test_deadlines_count_working_days(app, people):
    """Submitted on Wednesday 30 September 2026 at 10:00 in Hangzhou: the National Day holiday
    (1–7 October) stops the clock and Saturday 10 October is a working day (调休), so three
    working days end then at 10:00; accepted on Monday 12 October at 9:00, ten working days
    end on Friday 23 October at 17:30."""
    policy = make_policy()
    wednesday = datetime(2026, 9, 30, 2, 0)  # 10:00 in Hangzhou
    application = services.submit(
        people["firm"], "policy", policy.id, {}, [], people["firm_user"], wednesday
    )
    assert application.due_at == datetime(2026, 10, 10, 2, 0)
    services.transition(
        application, "accepted", user=people["official"], now=datetime(2026, 10, 12, 1, 0)
    )
    assert application.due_at == datetime(2026, 10, 23, 9, 30)
    assert not services.is_overdue(application, datetime(2026, 10, 23, 9, 0))
    assert services.is_overdue(application, datetime(2026, 10, 26, 1, 0))
    db.session.commit()


def test_the_firm_is_mailed_each_step_when_smtp_is_set(api, people, smtp_sink):
    policy = make_policy()
    api(
        "POST",
        "/api/v1/applications",
        {"offer_kind": "policy", "offer_id": policy.id},
        user=people["firm_user"],
    )
    assert len(smtp_sink) == 1
    rcpt, message = smtp_sink[0]
    subject = str(make_header(decode_header(message["Subject"])))
    assert rcpt == ["cw@example.com"] and subject == "【企服通】您的申报已提交：稳岗扩岗奖励"
    note = db.session.scalar(
        select(Notification).where(Notification.user_id == people["firm_user"].id)
    )
    assert note.emailed_at is not None
