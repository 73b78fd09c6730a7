"""Bad input on pages answers 4xx, never 500; values a column cannot hold are refused on every
backend, naming the field."""

from __future__ import annotations

import pytest

from qifutong.database import ValueDoesNotFit
from qifutong.extensions import db

HUGE = "1" + "0" * 23


@pytest.mark.parametrize(
    "path",
    [
        "/visits/new?enterprise_id=abc",
        f"/visits/new?enterprise_id={HUGE}",
        f"/visits/?page={HUGE}&building={HUGE}",
        f"/enterprises/?page={HUGE}&building={HUGE}",
        f"/demands/?page={HUGE}",
        f"/demands/new?enterprise_id={HUGE}",
        f"/buildings/?building={HUGE}",
        f"/keyfirms/?page={HUGE}",
        f"/visits/plan?days={HUGE}&page={HUGE}",
        f"/visits/coverage?days={HUGE}",
        f"/cockpit/records/firms_total?page={HUGE}&building={HUGE}",
        f"/enterprises/{HUGE}",
        "/cockpit/records/lease_flows.xlsx",
    ],
)
def test_pages_answer_bad_numbers_without_a_server_error(client, login, make_user, path):
    login(make_user("street"))
    assert client.get(path).status_code < 500


def test_a_policy_form_with_a_broken_suggestion_is_refused(client, login, make_user):
    login(make_user("street"))
    res = client.post(
        "/street/policies/new",
        data={"title": "甲", "issuer_level": "district", "payout_mode": "apply",
              "suggestions": "1", "s-0": "on", "s-0-json": "{not json"},
        follow_redirects=True,
    )  # fmt: skip
    assert res.status_code == 200 and "内容无法读取" in res.get_data(as_text=True)


def test_a_value_too_long_for_its_column_is_refused_on_every_backend(app, make_firm):
    firm = make_firm()
    firm.name = "甲" * 201
    with pytest.raises(ValueDoesNotFit) as caught:
        db.session.flush()
    assert caught.value.field == "name"
    db.session.rollback()
    firm.headcount = 2**40
    with pytest.raises(ValueDoesNotFit, match="headcount"):
        db.session.flush()
    db.session.rollback()
    firm.registered_capital = float("inf")
    with pytest.raises(ValueDoesNotFit, match="registered_capital"):
        db.session.flush()
    db.session.rollback()


def test_a_page_form_with_an_overlong_value_names_it(client, login, make_user, make_building):
    building = make_building()
    login(make_user("street"))
    res = client.post(
        f"/buildings/{building.id}/edit", data={"name": "楼" * 300, "address": "杭州"}
    )
    assert res.status_code == 422 and "不能超过" in res.get_data(as_text=True)


def test_lease_dates_and_areas_are_bounded():
    from buildings.fields import FieldError, parse_date, parse_number

    with pytest.raises(FieldError, match="应在 1900-01-01"):
        parse_date("end_on", "9999-12-31")
    with pytest.raises(FieldError, match="数值过大"):
        parse_number("area", "1e20")
    with pytest.raises(FieldError, match="有限"):
        parse_number("area", "inf")


def test_a_nul_character_is_refused_everywhere(client, login, make_user, token_for):
    headers = {"Authorization": f"Bearer {token_for(make_user('street'))}"}
    body = client.post("/api/v1/enterprises", json={"name": "甲\x00乙"}, headers=headers)
    assert body.status_code == 422 and body.get_json()["error"]["field"] == "name"
    query = client.get("/api/v1/enterprises?q=%00", headers=headers)
    assert query.status_code == 422 and query.get_json()["error"]["field"] == "q"
    login(make_user("street"))
    assert client.get("/enterprises/?q=%00").status_code == 400
