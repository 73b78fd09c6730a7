"""Who sees which demands (pages and API alike) and how illegal moves are refused."""

from __future__ import annotations

from qifutong.demands import services
from qifutong.extensions import db


def make_demand(firm, user, title="停车难"):
    d = services.raise_demand(
        enterprise_id=firm.id,
        category="交通停车",
        urgency="normal",
        title=title,
        text="",
        user=user,
    )
    db.session.commit()
    return d


def test_a_firm_user_sees_only_its_own_demands_in_the_api(app, cast, api):
    mine = make_demand(cast.firm, cast.firm_user, "我司的诉求")
    theirs = make_demand(cast.other_firm, cast.other_user, "别家的诉求")
    assert api(cast.firm_user, "GET", f"/api/v1/demands/{mine.id}").status_code == 200
    resp = api(cast.firm_user, "GET", f"/api/v1/demands/{theirs.id}")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"
    listed = api(cast.firm_user, "GET", "/api/v1/demands").get_json()
    assert [d["id"] for d in listed["items"]] == [mine.id]
    # Nor can it move another firm's demand or raise one in its name.
    assert (
        api(
            cast.firm_user, "POST", f"/api/v1/demands/{theirs.id}/transition", json={"to": "closed"}
        ).status_code
        == 404
    )
    resp = api(
        cast.firm_user,
        "POST",
        "/api/v1/demands",
        json={
            "enterprise_id": cast.other_firm.id,
            "category": "其他",
            "title": "冒名",
            "text": "x",
        },
    )
    assert resp.status_code == 403


def test_a_firm_user_sees_only_its_own_demands_on_the_pages(app, cast, logged_in):
    mine = make_demand(cast.firm, cast.firm_user, "我司的诉求")
    theirs = make_demand(cast.other_firm, cast.other_user, "别家的诉求")
    client = logged_in(cast.firm_user)
    page = client.get("/firm/demands/").get_data(as_text=True)
    assert "我司的诉求" in page and "别家的诉求" not in page
    assert client.get(f"/demands/{mine.id}").status_code == 200
    assert client.get(f"/demands/{theirs.id}").status_code == 403
    assert client.get("/demands/").status_code == 403  # the street's list
    resp = client.post(f"/demands/{theirs.id}/transition", data={"to": "closed"})
    assert resp.status_code == 403


def test_the_street_sees_all_and_a_building_user_its_tenants(app, cast, api, logged_in):
    mine = make_demand(cast.firm, cast.firm_user, "楼内企业诉求")
    theirs = make_demand(cast.other_firm, cast.other_user, "楼外企业诉求")
    street = api(cast.official, "GET", "/api/v1/demands").get_json()
    assert {d["id"] for d in street["items"]} == {mine.id, theirs.id}
    assert api(cast.building_user, "GET", f"/api/v1/demands/{mine.id}").status_code == 200
    assert api(cast.building_user, "GET", f"/api/v1/demands/{theirs.id}").status_code == 404
    page = logged_in(cast.building_user).get("/demands/").get_data(as_text=True)
    assert "楼内企业诉求" in page and "楼外企业诉求" not in page
    # A building user reads but does not move demands.
    resp = api(
        cast.building_user, "POST", f"/api/v1/demands/{mine.id}/transition", json={"to": "assigned"}
    )
    assert resp.status_code == 403


def test_property_users_have_no_demands(app, cast, make_user, api, logged_in):
    prop = make_user("property", building_ids=[cast.building.id])
    d = make_demand(cast.firm, cast.firm_user)
    assert api(prop, "GET", f"/api/v1/demands/{d.id}").status_code == 403
    assert logged_in(prop).get(f"/demands/{d.id}").status_code == 403


def test_an_illegal_transition_is_refused_naming_the_allowed_ones(app, cast, api):
    d = make_demand(cast.firm, cast.firm_user)
    resp = api(
        cast.official,
        "POST",
        f"/api/v1/demands/{d.id}/transition",
        json={"to": "replied", "note": "x"},
    )
    assert resp.status_code == 409
    err = resp.get_json()["error"]
    assert err["code"] == "illegal_transition"
    assert err["allowed"] == ["assigned"]
    assert "submitted" in err["message"] and "replied" in err["message"]
    assert "allowed now: assigned" in err["message"]
    # The firm may not assign: nothing is allowed to it now.
    resp = api(
        cast.firm_user, "POST", f"/api/v1/demands/{d.id}/transition", json={"to": "assigned"}
    )
    assert resp.status_code == 409
    assert resp.get_json()["error"]["allowed"] == []
    assert "allowed now: none" in resp.get_json()["error"]["message"]
    # An unknown state says which states exist.
    resp = api(cast.official, "POST", f"/api/v1/demands/{d.id}/transition", json={"to": "done"})
    err = resp.get_json()["error"]
    assert resp.status_code == 422 and err["field"] == "to" and "'done'" in err["message"]
    assert "submitted" in err["message"] and "escalated" in err["message"]
    # A missing target and a reply without text are field errors.
    resp = api(cast.official, "POST", f"/api/v1/demands/{d.id}/transition", json={})
    assert resp.status_code == 422
    db.session.refresh(d)
    assert d.state == "submitted" and len(d.events) == 1


def test_required_fields_of_moves_and_new_demands(app, cast, api):
    d = make_demand(cast.firm, cast.firm_user)
    path = f"/api/v1/demands/{d.id}/transition"
    resp = api(cast.official, "POST", path, json={"to": "assigned"})
    assert resp.status_code == 422 and "owner_department" in resp.get_json()["error"]["message"]
    resp = api(
        cast.official,
        "POST",
        "/api/v1/demands",
        json={"enterprise_id": cast.firm.id, "category": "不存在", "title": "t"},
    )
    assert resp.status_code == 422 and "category" in resp.get_json()["error"]["message"]
    resp = api(cast.official, "POST", "/api/v1/demands", json={"category": "其他", "title": "t"})
    assert resp.status_code == 422 and "enterprise_id" in resp.get_json()["error"]["message"]


def test_the_page_shows_a_refused_move_in_chinese(app, cast, logged_in):
    d = make_demand(cast.firm, cast.firm_user)
    client = logged_in(cast.official)
    resp = client.post(f"/demands/{d.id}/transition", data={"to": "closed"}, follow_redirects=True)
    text = resp.get_data(as_text=True)
    assert "当前状态“已提交”下不能执行该操作；您现在可以：交办" in text


def _closed_demand(cast):
    d = make_demand(cast.firm, cast.firm_user, "办结待评价")
    steps = [
        ("assigned", {"owner_department": "街道企业服务中心", "owner_user_id": cast.owner.id}),
        ("accepted", {}),
        ("in_progress", {}),
        ("replied", {"note": "已协调"}),
        ("closed", {}),
    ]
    for to, kw in steps:
        services.transition(d, to, user=cast.official, **kw)
    db.session.commit()
    return d


def test_only_the_demands_firm_rates_it_in_the_api(app, cast, make_user, api):
    d = _closed_demand(cast)
    admin = make_user("admin")
    for user in (cast.official, cast.owner, admin):
        shown = api(user, "GET", f"/api/v1/demands/{d.id}").get_json()
        assert "rated" not in shown["allowed_transitions"]
        assert "in_progress" not in shown["allowed_transitions"]  # nor reopen it
        resp = api(
            user, "POST", f"/api/v1/demands/{d.id}/transition", json={"to": "rated", "rating": 5}
        )
        assert resp.status_code == 409, user.role
        err = resp.get_json()["error"]
        assert err["code"] == "illegal_transition"
        assert "only the firm that raised the demand" in err["message"]
    resp = api(
        cast.other_user,
        "POST",
        f"/api/v1/demands/{d.id}/transition",
        json={"to": "rated", "rating": 5},
    )
    assert resp.status_code == 404
    db.session.refresh(d)
    assert d.state == "closed" and d.rating is None
    resp = api(
        cast.firm_user,
        "POST",
        f"/api/v1/demands/{d.id}/transition",
        json={"to": "rated", "rating": 4},
    )
    assert resp.status_code == 200 and resp.get_json()["rating"] == 4


def test_only_the_demands_firm_rates_it_on_the_page(app, cast, logged_in):
    d = _closed_demand(cast)
    for user in (cast.official, cast.owner):
        client = logged_in(user)
        page = client.get(f"/demands/{d.id}").get_data(as_text=True)
        assert "move-rate" not in page and 'name="rating"' not in page
        assert "move-reopen" not in page
        resp = client.post(f"/demands/{d.id}/transition", data={"to": "rated", "rating": "5"})
        assert resp.status_code == 302
        shown = client.get(resp.headers["Location"]).get_data(as_text=True)
        assert "只有提出诉求的企业可以评价" in shown
    assert (
        logged_in(cast.building_user)
        .post(f"/demands/{d.id}/transition", data={"to": "rated", "rating": "5"})
        .status_code
        == 403
    )
    db.session.refresh(d)
    assert d.state == "closed" and d.rating is None
    firm = logged_in(cast.firm_user)
    assert "move-rate" in firm.get(f"/demands/{d.id}").get_data(as_text=True)
    firm.post(f"/demands/{d.id}/transition", data={"to": "rated", "rating": "5"})
    db.session.refresh(d)
    assert d.state == "rated" and d.rating == 5
