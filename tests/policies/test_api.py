"""/api/v1/policies: a policy made through the API reaches exactly the firms meeting it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.matching.models import MatchResult

CRITERIA = [
    {"field": "industry_code", "op": "in", "value": ["I", "7211"], "kind": "must"},
    {"field": "headcount", "op": "between", "value": [10, 300], "kind": "must"},
    {"field": "years_since_founding", "op": "gte", "value": 1, "kind": "must"},
    {"field": "qualifications", "op": "has_any", "value": ["hightech"], "kind": "bonus"},
]


def _firms(make_firm):
    """Named firms, each meeting or failing the criteria in one known way."""
    old = date.today() - timedelta(days=3 * 365)
    new = date.today() - timedelta(days=100)
    return {
        "fits": make_firm(industry_code="6513", headcount=50, founded_on=old),
        "fits_class": make_firm(
            industry_code="7211",
            industry_section="L",
            headcount=10,
            founded_on=old,
            qualifications=["hightech"],
        ),
        "too_big": make_firm(industry_code="6510", headcount=301, founded_on=old),
        "too_new": make_firm(industry_code="6510", headcount=40, founded_on=new),
        "no_headcount": make_firm(industry_code="6420", headcount=None, founded_on=old),
        "wrong_industry": make_firm(
            industry_code="7212", industry_section="L", headcount=40, founded_on=old
        ),
        "fails_all": make_firm(
            industry_code="3911", industry_section="C", headcount=2, founded_on=new
        ),
        "cancelled": make_firm(
            industry_code="6513", headcount=50, founded_on=old, status="cancelled"
        ),
    }


def test_created_policy_reaches_exactly_the_firms_meeting_it(app, api, make_firm):
    firms = _firms(make_firm)
    resp = api(
        "POST",
        "/api/v1/policies",
        {
            "title": "软件企业稳岗补助",
            "criteria": CRITERIA,
            "tags": ["employment"],
            "payout_mode": "auto",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "draft" and body["tags"] == ["theme:employment"]
    assert body["criteria"][1] == {
        "field": "headcount",
        "op": "between",
        "value": [10, 300],
        "kind": "must",
    }
    pid = body["id"]

    preview = api("GET", f"/api/v1/policies/{pid}/audience").get_json()
    assert preview["preview"] is True
    by_status = {i["enterprise_id"]: i["status"] for i in preview["items"]}
    ids = {name: f.id for name, f in firms.items()}
    assert {e for e, s in by_status.items() if s == "eligible"} == {ids["fits"], ids["fits_class"]}
    assert {e for e, s in by_status.items() if s == "near_miss"} == {
        ids["too_big"],
        ids["too_new"],
        ids["no_headcount"],
        ids["wrong_industry"],
    }
    unknown = next(i for i in preview["items"] if i["enterprise_id"] == ids["no_headcount"])
    assert unknown["missing"] == ["员工人数 暂无数据，要求介于 10 人 至 300 人"]
    assert preview["counts"] == {"eligible": 2, "near_miss": 4, "near_miss_unknown": 1, "auto": 2}
    assert not db.session.scalars(select(Push)).all()  # a preview pushes nothing

    published = api("POST", f"/api/v1/policies/{pid}/publish")
    assert published.status_code == 200
    assert published.get_json()["eligible"] == 2 and published.get_json()["pushed"] == 2
    pushed = {(p.enterprise_id, p.status) for p in db.session.scalars(select(Push))}
    assert pushed == {(ids["fits"], "eligible"), (ids["fits_class"], "eligible")}
    after = api("GET", f"/api/v1/policies/{pid}/audience?status=eligible").get_json()
    assert after["preview"] is False and after["total"] == 2
    best = after["items"][0]
    assert best["enterprise_id"] == ids["fits_class"]  # the bonus (高新技术企业) ranks it first
    assert "企业资质 高新技术企业，要求具备 高新技术企业" in best["reasons"]
    again = api("POST", f"/api/v1/policies/{pid}/publish")
    assert again.status_code == 409


def test_publishing_matches_that_policy_only(app, api, make_firm, monkeypatch):
    from qifutong.matching import services

    firms = _firms(make_firm)
    first = api("POST", "/api/v1/policies", {"title": "一号政策", "criteria": CRITERIA}).get_json()
    api("POST", f"/api/v1/policies/{first['id']}/publish")
    before = {
        (r.enterprise_id, r.status, r.met, r.computed_at)
        for r in db.session.scalars(select(MatchResult).where(MatchResult.offer_id == first["id"]))
    }
    assert before

    def no_full_match(*args, **kwargs):
        raise AssertionError("publishing one policy must not re-run everything")

    monkeypatch.setattr(services, "full_match", no_full_match)
    second = api(
        "POST",
        "/api/v1/policies",
        {"title": "二号政策", "criteria": [{"field": "headcount", "op": "gte", "value": 300}]},
    ).get_json()
    resp = api("POST", f"/api/v1/policies/{second['id']}/publish")
    assert resp.get_json()["eligible"] == 1 and resp.get_json()["pushed"] == 1
    db.session.expire_all()
    unchanged = {
        (r.enterprise_id, r.status, r.met, r.computed_at)
        for r in db.session.scalars(select(MatchResult).where(MatchResult.offer_id == first["id"]))
    }
    assert unchanged == before
    assert db.session.scalar(select(Push.enterprise_id).where(Push.offer_id == second["id"])) == (
        firms["too_big"].id
    )


def test_validation_names_the_field(app, api):
    bad = api(
        "POST",
        "/api/v1/policies",
        {
            "title": "x",
            "criteria": [
                {"field": "headcount", "op": "gte", "value": 10},
                {"field": "headcount", "op": "gte", "value": "lots"},
            ],
        },
    )
    assert bad.status_code == 422
    assert bad.get_json()["error"]["code"] == "invalid_field"
    assert bad.get_json()["error"]["message"].startswith("criteria[1].value:")
    assert api("POST", "/api/v1/policies", {"criteria": []}).status_code == 422
    unknown = api("POST", "/api/v1/policies", {"title": "x", "colour": "red"})
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["error"]["message"]
    tags = api("POST", "/api/v1/policies", {"title": "x", "tags": ["gold"]})
    assert tags.status_code == 422 and "gold" in tags.get_json()["error"]["message"]


def test_roles_and_drafts(app, api, make_user, make_firm):
    firm_user = make_user("firm", enterprise_id=make_firm().id)
    draft = api("POST", "/api/v1/policies", {"title": "草稿政策"}).get_json()
    live = api("POST", "/api/v1/policies", {"title": "已发布政策"}).get_json()
    api("POST", f"/api/v1/policies/{live['id']}/publish")
    assert api("POST", "/api/v1/policies", {"title": "x"}, user=firm_user).status_code == 403
    assert api("GET", f"/api/v1/policies/{draft['id']}", user=firm_user).status_code == 404
    assert api("GET", f"/api/v1/policies/{live['id']}", user=firm_user).status_code == 200
    listed = api("GET", "/api/v1/policies", user=firm_user).get_json()
    assert [p["id"] for p in listed["items"]] == [live["id"]]
    assert api("GET", f"/api/v1/policies/{live['id']}/audience", user=firm_user).status_code == 403
    assert api("POST", f"/api/v1/policies/{draft['id']}/publish", user=firm_user).status_code == 403
    assert len(api("GET", "/api/v1/policies").get_json()["items"]) == 2
    patched = api("PATCH", f"/api/v1/policies/{draft['id']}", {"summary": "新摘要"})
    assert patched.get_json()["summary"] == "新摘要"
