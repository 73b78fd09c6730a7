"""Fixtures for demands, visits and grading: a street official, an owner, two firms and logins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


@dataclass
class Cast:
    """The people of a demand's story."""

    official: Any  # street, assigns
    owner: Any  # street, handles it
    firm: Any  # the firm raising demands
    firm_user: Any
    other_firm: Any
    other_user: Any
    building: Any
    building_user: Any


@pytest.fixture
def cast(app: Flask, make_firm, make_user, make_building) -> Cast:
    b = make_building()
    elsewhere = make_building()
    firm = make_firm(building_id=b.id)
    other = make_firm(building_id=elsewhere.id)
    return Cast(
        official=make_user("street", display_name="王科长", department="街道经济发展办公室"),
        owner=make_user("street", display_name="李办事员", department="街道企业服务中心"),
        firm=firm,
        firm_user=make_user("firm", enterprise_id=firm.id, display_name="陈会计"),
        other_firm=other,
        other_user=make_user("firm", enterprise_id=other.id),
        building=b,
        building_user=make_user("building", building_ids=[b.id]),
    )


@pytest.fixture
def api(app: Flask, token_for) -> Callable[..., Any]:
    """`api(user, method, path, json=None)` → the response, with the user's bearer token."""
    tokens: dict[int, str] = {}
    client = app.test_client()

    def call(user: Any, method: str, path: str, json: Any = None) -> Any:
        if user.id not in tokens:
            tokens[user.id] = token_for(user)
        headers = {"Authorization": f"Bearer {tokens[user.id]}"}
        return client.open(path, method=method, json=json, headers=headers)

    return call


@pytest.fixture
def logged_in(app: Flask) -> Callable[[Any], FlaskClient]:
    """A fresh test client logged in as the user (each user gets a client of their own)."""
    from tests.conftest import PASSWORD

    def make(user: Any) -> FlaskClient:
        c = app.test_client()
        resp = c.post("/login", data={"username": user.username, "password": PASSWORD})
        assert resp.status_code in (302, 303)
        return c

    return make
