"""GET /api/v1/leases/warnings: DESIGN §7 shape, the rule's levels, scope, paging."""

from __future__ import annotations

from datetime import date

from buildings.warnings import days_left, lease_warning_level

DAYS = (-15, 0, 30, 31, 60, 61, 90, 91, 400)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_levels_and_days_left_agree_with_the_rule_for_every_item(
    client, make_building, make_unit, make_lease, make_user, token_for, street_today
):
    b = make_building()
    for d in DAYS:
        make_lease(make_unit(b), days=d)
    token = token_for(make_user("street"))
    body = client.get("/api/v1/leases/warnings?per_page=500", headers=_auth(token)).json
    assert body["total"] == 7 and len(body["items"]) == 7
    for item in body["items"]:
        assert {"lease_id", "tenant", "building", "unit", "end_date", "days_left", "level"} <= set(
            item
        )
        end = date.fromisoformat(item["end_date"])
        assert item["days_left"] == days_left(end, street_today)
        assert item["level"] == lease_warning_level(item["days_left"])
    assert [i["days_left"] for i in body["items"]] == [-15, 0, 30, 31, 60, 61, 90]
    assert [i["level"] for i in body["items"]] == ["red"] * 3 + ["amber"] * 2 + ["blue"] * 2


def test_paging_and_filters(client, make_building, make_unit, make_lease, make_user, token_for):
    b = make_building()
    for d in (1, 2, 3, 40, 70):
        make_lease(make_unit(b, floor="7"), days=d)
    token = token_for(make_user("street"))
    first = client.get("/api/v1/leases/warnings?per_page=2", headers=_auth(token)).json
    second = client.get("/api/v1/leases/warnings?per_page=2&page=2", headers=_auth(token)).json
    assert first["total"] == 5 and [i["days_left"] for i in first["items"]] == [1, 2]
    assert [i["days_left"] for i in second["items"]] == [3, 40]
    red = client.get("/api/v1/leases/warnings?level=red", headers=_auth(token)).json
    assert red["total"] == 3
    floor = client.get("/api/v1/leases/warnings?floor=8", headers=_auth(token)).json
    assert floor["total"] == 0
    bad = client.get("/api/v1/leases/warnings?level=pink", headers=_auth(token))
    assert bad.status_code == 422 and bad.json["error"]["field"] == "level"


def test_a_building_user_sees_only_their_building_and_no_tax(
    client, login, make_building, make_unit, make_lease, make_user, make_firm, token_for
):
    mine, other = make_building(name="甲大厦"), make_building(name="乙大厦")
    rich = make_firm(building_id=mine.id, tax_12m=8_888_888.0, revenue_12m=99_999_999.0, grade="A")
    own = make_lease(make_unit(mine), days=10, enterprise_id=rich.id, tenant_name=rich.name)
    hidden = make_lease(make_unit(other), days=10, tenant_name="乙楼租户有限公司")
    user = make_user("building", building_ids=[mine.id])
    token = token_for(user)
    body = client.get("/api/v1/leases/warnings", headers=_auth(token)).json
    assert [i["lease_id"] for i in body["items"]] == [own.id]
    assert body["items"][0]["owners"] == [user.username]  # who answers for the warning
    text = str(body)
    assert "8888888" not in text and "tax" not in text and "revenue" not in text
    outside = client.get(f"/api/v1/leases/warnings?building_id={other.id}", headers=_auth(token))
    assert outside.status_code == 403 and outside.json["error"]["code"] == "forbidden"
    # The pages say the same.
    login(user)
    board = client.get("/building/").get_data(as_text=True)
    assert rich.name in board and "乙楼租户有限公司" not in board and "乙大厦" not in board
    assert client.get(f"/buildings/{other.id}").status_code == 403
    assert client.get(f"/leases/{hidden.id}").status_code == 404
    for action in ("intent", "renew", "close"):
        assert (
            client.post(f"/leases/{hidden.id}/{action}", data={"intent": "leave"}).status_code
            == 404
        )
    assert hidden.intent == "unknown" and hidden.status == "active"
    assert client.get(f"/building/?building={other.id}").status_code == 403
    page = client.get(f"/buildings/{mine.id}").get_data(as_text=True)
    assert rich.name in page and "888.9 万元" not in page and "税收" not in page
    lease_page = client.get(f"/leases/{own.id}").get_data(as_text=True)
    assert "888.9 万元" not in lease_page and "税收" not in lease_page
    sheet = client.get("/building/warnings.xlsx")
    assert sheet.status_code == 200 and b"8888888" not in sheet.data


def test_a_property_user_is_scoped_too(
    client, make_building, make_unit, make_lease, make_user, token_for
):
    mine, other = make_building(), make_building()
    make_lease(make_unit(mine), days=50)
    make_lease(make_unit(other), days=50)
    token = token_for(make_user("property", building_ids=[mine.id]))
    body = client.get("/api/v1/leases/warnings", headers=_auth(token)).json
    assert body["total"] == 1 and body["items"][0]["building"] == mine.name


def test_firm_users_and_strangers_are_refused(client, make_user, make_firm, token_for):
    assert client.get("/api/v1/leases/warnings").status_code == 401
    bad = client.get("/api/v1/leases/warnings", headers=_auth("nope"))
    assert bad.status_code == 401 and bad.json["error"]["code"] == "invalid_token"
    firm = make_user("firm", enterprise_id=make_firm().id)
    res = client.get("/api/v1/leases/warnings", headers=_auth(token_for(firm)))
    assert res.status_code == 403 and res.json["error"]["code"] == "forbidden"
