"""POST and PATCH /api/v1/enterprises with the canonical fields."""

from __future__ import annotations

from qifutong.enterprises.models import Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.uscc import check_character


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _uscc(n: int) -> str:
    base = f"91330106MA{n:07d}"
    return base + check_character(base)


def test_create_and_patch_keep_history(client, make_user, token_for):
    token = token_for(make_user("street"))
    resp = client.post(
        "/api/v1/enterprises",
        headers=_auth(token),
        json={
            "uscc": _uscc(77).lower(),
            "name": "杭州新生科技有限公司",
            "industry_code": "6513",
            "headcount": 12,
            "founded_on": "2020-05-01",
            "qualifications": ["hightech"],
        },
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["uscc"] == _uscc(77) and body["headcount"] == 12
    patched = client.patch(
        f"/api/v1/enterprises/{body['id']}", headers=_auth(token), json={"headcount": 60}
    )
    assert patched.status_code == 200 and patched.json["headcount"] == 60
    change = db.session.query(EnterpriseChange).filter_by(field="headcount").one()
    assert (change.old_value, change.new_value) == (12, 60)
    ent = db.session.get(Enterprise, body["id"])
    assert ent.industry_section == "I" and ent.name_norm == "新生科技"


def test_bad_fields_are_named(client, make_user, token_for):
    token = token_for(make_user("street"))
    bad_code = client.post(
        "/api/v1/enterprises",
        headers=_auth(token),
        json={"name": "杭州甲科技有限公司", "uscc": "91330106MA00000000"},
    )
    assert bad_code.status_code == 422
    assert (
        "uscc" in bad_code.json["error"]["message"]
        and "校验位" in bad_code.json["error"]["message"]
    )
    bad_type = client.post(
        "/api/v1/enterprises",
        headers=_auth(token),
        json={"name": "杭州乙科技有限公司", "headcount": "many"},
    )
    assert bad_type.status_code == 422 and "headcount" in bad_type.json["error"]["message"]
    unknown = client.post(
        "/api/v1/enterprises", headers=_auth(token), json={"name": "杭州丙科技有限公司", "tax": 5}
    )
    assert unknown.status_code == 422 and "tax" in unknown.json["error"]["message"]


def test_duplicate_uscc_is_a_conflict(client, make_user, token_for):
    token = token_for(make_user("street"))
    payload = {"name": "杭州丁科技有限公司", "uscc": _uscc(5)}
    assert client.post("/api/v1/enterprises", headers=_auth(token), json=payload).status_code == 201
    again = client.post("/api/v1/enterprises", headers=_auth(token), json=payload)
    assert again.status_code == 409


def test_a_firm_may_report_its_headcount_but_not_change_its_identity(
    client, make_user, make_firm, token_for
):
    firm = make_firm(headcount=10)
    token = token_for(make_user("firm", enterprise_id=firm.id))
    ok = client.patch(
        f"/api/v1/enterprises/{firm.id}",
        headers=_auth(token),
        json={"headcount": 11, "contact_name": "王芳"},
    )
    assert ok.status_code == 200
    # The contact is written at once; the headcount waits for the street (企业自报).
    assert ok.json["headcount"] == 10 and ok.json["self_reported"] == {"headcount": 11}
    assert db.session.get(Enterprise, firm.id).contact_name == "王芳"
    no = client.patch(f"/api/v1/enterprises/{firm.id}", headers=_auth(token), json={"name": "x"})
    assert no.status_code == 403


def test_only_street_creates_firms(client, make_user, make_firm, token_for):
    token = token_for(make_user("firm", enterprise_id=make_firm().id))
    resp = client.post("/api/v1/enterprises", headers=_auth(token), json={"name": "杭州戊有限公司"})
    assert resp.status_code == 403 and resp.json["error"]["code"] == "forbidden"


def test_a_search_answer_is_kept_until_a_firm_or_the_caller_s_scope_changes(
    client, make_user, make_firm, make_building, token_for
):
    """The same search again is answered from the cache; a patched firm, or a building added
    to a manager's scope, shows in the next answer."""
    from qifutong.auth.services import _set_buildings
    from qifutong.enterprises.api import _answers

    street = _auth(token_for(make_user("street")))
    building = make_building()
    firm = make_firm(headcount=12, building_id=building.id)
    first = client.get("/api/v1/enterprises?q=测试", headers=street).json
    hits = _answers.hits
    assert client.get("/api/v1/enterprises?q=测试", headers=street).json == first
    assert _answers.hits == hits + 1
    client.patch(f"/api/v1/enterprises/{firm.id}", headers=street, json={"headcount": 60})
    (item,) = client.get("/api/v1/enterprises?q=测试", headers=street).json["items"]
    assert item["headcount"] == 60

    manager = make_user("building", building_ids=[make_building().id])
    own = _auth(token_for(manager))
    assert client.get("/api/v1/enterprises?q=测试", headers=own).json["items"] == []
    _set_buildings(manager, [building.id])
    db.session.commit()
    (item,) = client.get("/api/v1/enterprises?q=测试", headers=own).json["items"]
    assert item["id"] == firm.id
