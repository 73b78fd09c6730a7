"""Who sees which firm, and who sees tax and revenue (DESIGN §1 rule 5)."""

from __future__ import annotations


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_firm_user_sees_its_own_firm_only_by_page(client, login, make_user, make_firm):
    mine, other = make_firm(tax_12m=123456.0), make_firm(name="杭州别家科技有限公司")
    login(make_user("firm", enterprise_id=mine.id))
    assert client.get(f"/enterprises/{mine.id}").status_code == 200
    assert client.get(f"/enterprises/{other.id}").status_code == 403


def test_a_firm_user_sees_its_own_firm_only_by_api(client, make_user, make_firm, token_for):
    mine, other = make_firm(tax_12m=5000.0), make_firm()
    token = token_for(make_user("firm", enterprise_id=mine.id))
    own = client.get(f"/api/v1/enterprises/{mine.id}", headers=_auth(token))
    assert own.status_code == 200 and own.json["tax"] == 5000.0
    assert client.get(f"/api/v1/enterprises/{other.id}", headers=_auth(token)).status_code == 404
    listing = client.get("/api/v1/enterprises", headers=_auth(token)).json
    assert [i["id"] for i in listing["items"]] == [mine.id]
    patch = client.patch(
        f"/api/v1/enterprises/{other.id}", json={"headcount": 3}, headers=_auth(token)
    )
    assert patch.status_code == 404


def test_a_building_user_sees_no_tax_or_revenue(
    client, login, make_user, make_firm, make_building, token_for
):
    b = make_building()
    tenant = make_firm(building_id=b.id, tax_12m=8_888_888.0, revenue_12m=99_999_999.0)
    outside = make_firm()
    user = make_user("building", building_ids=[b.id])
    token = token_for(user)
    body = client.get(f"/api/v1/enterprises/{tenant.id}", headers=_auth(token)).json
    assert "tax" not in body and "revenue" not in body
    assert body["name"] == tenant.name
    assert client.get(f"/api/v1/enterprises/{outside.id}", headers=_auth(token)).status_code == 404
    login(user)
    page = client.get(f"/enterprises/{tenant.id}").get_data(as_text=True)
    assert tenant.name in page
    assert "888.9 万元" not in page and "税收" not in page and "营业收入" not in page
    listing = client.get("/enterprises/").get_data(as_text=True)
    assert tenant.name in listing and outside.name not in listing and "税收" not in listing


def test_a_property_user_sees_no_tax_either(client, make_user, make_firm, make_building, token_for):
    b = make_building()
    tenant = make_firm(building_id=b.id, tax_12m=1.0, revenue_12m=2.0)
    token = token_for(make_user("property", building_ids=[b.id]))
    body = client.get("/api/v1/enterprises", headers=_auth(token)).json
    assert body["total"] == 1 and "tax" not in body["items"][0]
    assert body["items"][0]["id"] == tenant.id


def test_street_sees_figures(client, make_user, make_firm, token_for):
    firm = make_firm(tax_12m=42.0, revenue_12m=420.0)
    token = token_for(make_user("street"))
    body = client.get(f"/api/v1/enterprises/{firm.id}", headers=_auth(token)).json
    assert body["tax"] == 42.0 and body["revenue"] == 420.0
