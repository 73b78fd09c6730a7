"""GET /api/v1/indicators and /api/v1/indicators/<key>/records (DESIGN §7), with role rules."""

from __future__ import annotations

import pytest

from dashboards.registry import indicators

REQUIRED = ("key", "name_zh", "name_en", "group", "unit", "value", "as_of", "scope", "source")


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def street_token(make_user, token_for):
    return token_for(make_user("street"))


def test_the_api_lists_exactly_the_52_keys_with_value_or_reason(client, street, street_token):
    keys = [i.key for i in indicators()]  # the registry is the source of truth
    first, last = street.months[0], street.months[-1]
    body = client.get(
        f"/api/v1/indicators?period=custom&from={first:%Y-%m}&to={last:%Y-%m}",
        headers=_auth(street_token),
    ).get_json()
    assert [i["key"] for i in body["items"]] == keys
    assert body["total"] == 52
    for item in body["items"]:
        assert set(REQUIRED) <= set(item), item["key"]
        assert item["value"] is not None or item["reason"], item["key"]
        assert item["scope"] and item["source"] and item["as_of"], item["key"]
    by_key = {i["key"]: i for i in body["items"]}
    assert by_key["firms_total"]["value"] == 4
    assert by_key["tax_total"]["unit"] == "元" and by_key["tax_total"]["growth"] is not None
    assert by_key["tech_contract_value"]["value"] is None
    assert "导入" in by_key["tech_contract_value"]["reason"]


def test_an_empty_street_answers_all_52_with_reasons(client, street_token):
    body = client.get("/api/v1/indicators", headers=_auth(street_token)).get_json()
    assert len(body["items"]) == 52
    assert all(i["value"] is not None or i["reason"] for i in body["items"])
    from dashboards.period import default_preset
    from qifutong.timeutil import street_today

    assert body["period"]["preset"] == default_preset(street_today())


def test_records_are_paged(client, street, street_token):
    url = "/api/v1/indicators/firms_total/records?per_page=3&sort=name&dir=asc"
    first = client.get(url, headers=_auth(street_token)).get_json()
    assert first["total"] == 4 and len(first["items"]) == 3 and first["kind"] == "firms"
    second = client.get(url + "&page=2", headers=_auth(street_token)).get_json()
    assert len(second["items"]) == 1
    names = [i["name"] for i in first["items"] + second["items"]]
    assert names == sorted(names)
    assert {c["field"] for c in first["columns"]} >= {"name", "tax_cur", "uscc"}
    red = client.get(
        "/api/v1/indicators/expiring_leases/records?segment=level:red", headers=_auth(street_token)
    ).get_json()
    assert red["total"] == 1 and red["items"][0]["area"] == 1000.0


def test_errors_are_json_with_the_right_status(client, street_token):
    assert client.get("/api/v1/indicators").status_code == 401
    unknown = client.get("/api/v1/indicators/nope/records", headers=_auth(street_token))
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/indicators?period=decade", headers=_auth(street_token))
    assert bad.status_code == 422 and "decade" in bad.get_json()["error"]["message"]
    bad_sort = client.get(
        "/api/v1/indicators/firms_total/records?sort=password", headers=_auth(street_token)
    )
    assert bad_sort.status_code == 400


def test_a_building_user_sees_their_buildings_space_and_leases_only(
    client, street, make_user, token_for
):
    b1, b2 = street.buildings["b1"], street.buildings["b2"]
    token = token_for(make_user("building", building_ids=[b1.id]))
    body = client.get("/api/v1/indicators", headers=_auth(token)).get_json()
    keys = {i["key"] for i in body["items"]}
    assert "occupancy_rate" in keys and "expiring_leases" in keys
    assert not keys & {"tax_total", "revenue_total", "building_tax", "tax_top10", "firms_total"}
    by_key = {i["key"]: i for i in body["items"]}
    assert by_key["leasable_area"]["value"] == 10_000  # 甲大厦 only
    assert by_key["expiring_leases"]["value"] == 2  # red and amber are in 甲大厦
    leases = client.get("/api/v1/indicators/leased_area/records", headers=_auth(token)).get_json()
    assert {i["building"] for i in leases["items"]} == {b1.name}
    assert "tax" not in str(leases["columns"])
    for key in ("tax_total", "building_tax", "firms_total"):
        r = client.get(f"/api/v1/indicators/{key}/records", headers=_auth(token))
        assert r.status_code == 403, key
    outside = client.get(f"/api/v1/indicators?building={b2.id}", headers=_auth(token))
    assert outside.status_code == 403


def test_a_firm_user_has_no_cockpit(client, street, make_user, token_for):
    token = token_for(make_user("firm", enterprise_id=street.firms["f1"].id))
    assert client.get("/api/v1/indicators", headers=_auth(token)).status_code == 403


def test_an_admin_sees_the_whole_cockpit(client, street, make_user, token_for):
    token = token_for(make_user("admin"))
    body = client.get("/api/v1/indicators", headers=_auth(token)).get_json()
    assert body["total"] == 52
    tax = client.get("/api/v1/indicators/tax_total/records", headers=_auth(token))
    assert tax.status_code == 200 and "tax_cur" in {c["field"] for c in tax.get_json()["columns"]}
