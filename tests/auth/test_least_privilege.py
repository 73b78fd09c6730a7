"""Least privilege for building and property users, checked against the written allow-list
(docs/least-privilege.md): fields, orders, tags and history of firms; lease warnings; leases
link only to firms of their building."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qifutong.enterprises.models import EnterpriseChange, EnterpriseTag, Tag
from qifutong.extensions import db

# docs/least-privilege.md, written out.
FIRM_FIELDS_SPACE = {
    "id", "uscc", "name", "industry_code", "headcount", "registered_capital", "founded_on",
    "years_since_founding", "qualifications", "registered_here", "operates_here", "tax_here",
    "building_id", "tags", "legal_rep", "status", "region", "floor", "room", "labels",
}  # fmt: skip
FIRM_FIELDS_ALL = FIRM_FIELDS_SPACE | {"size_class", "grade", "revenue", "tax"}
WARNING_FIELDS_SPACE = {
    "lease_id", "tenant", "building", "building_id", "unit", "floor", "room", "area",
    "end_date", "days_left", "level", "intent", "owners",
}  # fmt: skip
WARNING_FIELDS_ALL = WARNING_FIELDS_SPACE | {"key_firm"}
FINANCE_TAGS = {"size:large", "theme:hq", "theme:finance", "theme:tax_relief"}


@pytest.fixture
def street(app, make_building, make_firm, make_user):
    """Two firms in one building (the richer one a grade-A key firm with finance tags and a
    tier change in its history), one firm elsewhere, and a user of each role."""
    from buildings.models import Lease, Unit
    from buildings.queries import warning_settings

    home, other = make_building(), make_building()
    rich = make_firm(name="杭州B大企业有限公司", building_id=home.id, grade="A", tier="growing",
                     size_class="large", tax_12m=9e7, revenue_12m=8e8)  # fmt: skip
    small = make_firm(name="杭州A小企业有限公司", building_id=home.id, tax_12m=1e4)
    outside = make_firm(name="杭州丙外部企业有限公司", building_id=other.id, grade="A", tax_12m=5e7)
    codes = (*FINANCE_TAGS, "ind:I")
    db.session.add_all(Tag(code=c, kind=c.split(":")[0], name_zh=c, name_en=c) for c in codes)
    db.session.flush()
    db.session.add_all(EnterpriseTag(enterprise_id=rich.id, tag_code=c) for c in codes)
    db.session.add(EnterpriseChange(enterprise_id=rich.id, field="tier", old_value="stable",
                                    new_value="growing", source="grade"))  # fmt: skip
    db.session.add(EnterpriseChange(enterprise_id=rich.id, field="headcount", old_value=10,
                                    new_value=12, source="user:1"))  # fmt: skip
    unit = Unit(building_id=home.id, floor="3", room="301", area=100.0)
    db.session.add(unit)
    db.session.flush()
    end = warning_settings(app.config)[0] + timedelta(days=10)
    db.session.add(Lease(unit_id=unit.id, enterprise_id=rich.id, tenant_name=rich.name,
                         start_on=end - timedelta(days=700), end_on=end, area=100.0,
                         status="active", intent="unknown"))  # fmt: skip
    db.session.commit()
    users = {
        "street": make_user("street"),
        "building": make_user("building", building_ids=[home.id]),
        "property": make_user("property", building_ids=[home.id]),
        "firm": make_user("firm", enterprise_id=rich.id),
    }
    return {"home": home, "rich": rich, "small": small, "outside": outside, "unit": unit,
            "users": users}  # fmt: skip


def _get(client, token_for, user, path):
    res = client.get(path, headers={"Authorization": f"Bearer {token_for(user)}"})
    assert res.status_code == 200, (path, res.get_json())
    return res.get_json()


@pytest.mark.parametrize("role", ["building", "property", "street", "firm"])
def test_firm_fields_orders_and_tags_match_the_allow_list(client, token_for, street, role):
    user = street["users"][role]
    listed = _get(client, token_for, user, "/api/v1/enterprises?status=active")["items"]
    one = _get(client, token_for, user, f"/api/v1/enterprises/{street['rich'].id}")
    allowed = FIRM_FIELDS_SPACE if role in ("building", "property") else FIRM_FIELDS_ALL
    for item in listed:
        assert set(item) == allowed, (role, set(item) ^ allowed)
    # The one firm's answer adds, for the street and the firm itself, what the firm reported.
    allowed_one = allowed | ({"self_reported"} if role in ("street", "firm") else set())
    assert set(one) == allowed_one, (role, set(one) ^ allowed_one)
    names = [i["name"] for i in listed]
    if role in ("building", "property"):
        assert names == sorted(names)  # by name, not by tax
        assert not FINANCE_TAGS & set(one["tags"]) and "ind:I" in one["tags"]
    elif role == "street":
        assert names[0] == street["rich"].name  # largest taxpayer first
        assert set(one["tags"]) >= FINANCE_TAGS


@pytest.mark.parametrize("role", ["building", "property"])
def test_pages_show_no_grade_size_tax_or_tier(client, login, street, role):
    login(street["users"][role])
    index = client.get("/enterprises/").get_data(as_text=True)
    assert "类</span>" not in index and "规模" not in index and "税收" not in index
    assert index.index(street["small"].name) < index.index(street["rich"].name)  # by name
    page = client.get(f"/enterprises/{street['rich'].id}").get_data(as_text=True)
    assert "重点企业" not in page and "规模" not in page and "成长分层" not in page
    assert "员工人数" in page  # other history stays


def test_street_pages_still_show_them(client, login, street):
    login(street["users"]["street"])
    page = client.get(f"/enterprises/{street['rich'].id}").get_data(as_text=True)
    assert "A类重点企业" in page and "成长分层" in page


@pytest.mark.parametrize("role", ["building", "property", "street"])
def test_warning_fields_match_the_allow_list(client, token_for, street, role):
    items = _get(client, token_for, street["users"][role], "/api/v1/leases/warnings")["items"]
    assert items
    allowed = WARNING_FIELDS_ALL if role == "street" else WARNING_FIELDS_SPACE
    for item in items:
        assert set(item) == allowed


def test_the_warning_workbook_has_no_key_firm_column_for_a_building_user(client, login, street):
    import io

    from openpyxl import load_workbook

    login(street["users"]["building"])
    book = load_workbook(io.BytesIO(client.get("/building/warnings.xlsx").data))
    header = [c.value for c in book.active[2]]
    assert "重点企业" not in header and "租户" in header


def test_a_building_user_cannot_link_a_lease_to_a_firm_outside_its_buildings(client, login, street):
    from buildings.models import Lease, Unit
    from qifutong.timeutil import street_today

    login(street["users"]["building"])
    outside = street["outside"]
    today = street_today()
    form = {
        "tenant_name": outside.name,
        "tenant_uscc": outside.uscc,
        "start_on": today.isoformat(),
        "end_on": (today + timedelta(days=20)).isoformat(),
        "area": "50",
    }
    spare = Unit(building_id=street["home"].id, floor="4", room="401", area=50.0)
    db.session.add(spare)
    db.session.commit()
    res = client.post(f"/units/{spare.id}/leases/new", data=form)
    assert res.status_code in (200, 302)
    lease = db.session.scalar(db.select(Lease).where(Lease.unit_id == spare.id))
    assert lease is not None and lease.enterprise_id is None  # not linked to the outside firm
    warnings = client.get("/api/v1/leases/warnings").get_json()["items"]
    assert all("key_firm" not in w for w in warnings)
    # A firm of the building is linked.
    form.update(tenant_name=street["small"].name, tenant_uscc=street["small"].uscc)
    other = Unit(building_id=street["home"].id, floor="4", room="402", area=50.0)
    db.session.add(other)
    db.session.commit()
    client.post(f"/units/{other.id}/leases/new", data=form)
    linked = db.session.scalar(db.select(Lease).where(Lease.unit_id == other.id))
    assert linked.enterprise_id == street["small"].id


@pytest.mark.parametrize("role", ["building", "property"])
def test_applications_are_closed_to_building_and_property_users(
    client, token_for, login, street, role
):
    user = street["users"][role]
    res = client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token_for(user)}"})
    assert res.status_code == 403
    login(user)
    assert client.get("/street/applications/").status_code == 403
    assert client.get("/firm/applications/").status_code == 403
