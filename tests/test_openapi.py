"""The OpenAPI document covers the API and is valid; a fuzz test over it (schemathesis, valid
and invalid input alike) finds no server error on any endpoint, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from qifutong.extensions import db

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_endpoints() -> set[tuple[str, str]]:
    """(method, path) of each endpoint the README's API table names
    (`GET/PATCH /api/v1/enterprises/<id>`, query strings left out), with each path parameter
    written `{}`."""
    table = README.read_text(encoding="utf-8").split("| endpoint | gives |", 1)[1]
    out = set()
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        for methods, path in re.findall(r"`([A-Z/]+) /api/v1(/[^`\[?\s]*)", line):
            for method in methods.split("/"):
                out.add((method, re.sub(r"<[^>]+>", "{}", path)))
    return out


def test_the_document_is_valid_and_covers_the_api(client):
    res = client.get("/api/v1/openapi.json")
    assert res.status_code == 200
    doc = res.get_json()
    validate(doc)
    operations = {
        (m.upper(), re.sub(r"\{[^}]+\}", "{}", p)) for p, ops in doc["paths"].items() for m in ops
    }
    assert len(readme_endpoints()) >= 26  # the table as read
    assert operations == readme_endpoints()
    firm = doc["components"]["schemas"]["NewEnterprise"]
    assert firm["additionalProperties"] is False and firm["required"] == ["name"]
    assert firm["properties"]["name"]["maxLength"] == 200
    listing = doc["paths"]["/enterprises"]["get"]["parameters"]
    assert {p["name"] for p in listing} >= {"q", "page", "per_page", "building_id", "status"}


def test_the_docs_page_shows_every_endpoint_in_the_reader_s_language(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/docs")  # no login: it documents, it gives no data
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path, ops in doc["paths"].items():
        for method in ops:
            assert f"<code>{method.upper()} {path}</code>" in html
    assert "接口文档" in html and "可用角色：街道、" in html and "请求体" in html
    english = client.get("/api/v1/docs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "API documentation" in english and "Roles: Street" in english


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "甲", "registered_capital": 1e300}, "registered_capital"),
        ({"name": "甲", "registered_capital": 10**23}, "registered_capital"),
        ({"name": "甲", "founded_on": "9999-12-31"}, "founded_on"),
        ({"name": "甲", "building_id": 0}, "building_id"),
        ({"name": "甲", "building_id": 10**23}, "building_id"),
        ({"name": "甲" * 201}, "name"),
        ({"name": "甲", "status": None}, "status"),
        ({"name": "甲", "headcount": "many"}, "headcount"),
        ({"name": "甲", "color": "red"}, "color"),
        ({"name": ["甲"]}, "name"),
    ],
)
def test_bad_firm_values_are_refused_naming_the_field(client, make_user, token_for, body, field):
    token = token_for(make_user("street"))
    res = client.post(
        "/api/v1/enterprises", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert res.status_code == 422, res.get_json()
    error = res.get_json()["error"]
    assert error["field"] == field and error["message"].startswith(f"{field}: ")


def test_infinity_nesting_and_huge_ids_are_refused(client, make_user, token_for):
    headers = {"Authorization": f"Bearer {token_for(make_user('street'))}"}
    headers["Content-Type"] = "application/json"
    infinite = client.post(
        "/api/v1/enterprises",
        data='{"name": "甲", "registered_capital": Infinity}',
        headers=headers,
    )
    assert (
        infinite.status_code == 422
        and infinite.get_json()["error"]["field"] == "registered_capital"
    )
    deep = client.post("/api/v1/demands", data="[" * 5000 + "]" * 5000, headers=headers)
    assert deep.status_code == 400
    policy = {"title": "甲", "issuer_level": ["city"], "payout_mode": ["auto"]}
    listed = client.post("/api/v1/policies", json=policy, headers=headers)
    assert listed.status_code == 422 and listed.get_json()["error"]["field"] == "issuer_level"
    for path in (
        "/api/v1/enterprises?page=1" + "0" * 23,
        "/api/v1/leases/warnings?building_id=1" + "0" * 23,
    ):
        assert client.get(path, headers=headers).status_code == 422
    assert client.get("/api/v1/enterprises/1" + "0" * 23, headers=headers).status_code == 404


# --- The fuzz test ---------------------------------------------------------------------------

# Per operation, per mode, per backend; a deeper run: QIFUTONG_FUZZ_EXAMPLES=200 pytest …
EXAMPLES = int(os.environ.get("QIFUTONG_FUZZ_EXAMPLES", "25"))


@pytest.fixture
def api_schema(app, make_building, make_firm, make_user):
    """The app's own document, with one of each record for the generated ids to find."""
    from policies.models import Policy
    from qifutong.demands.services import raise_demand

    building = make_building()
    firm = make_firm(building_id=building.id)
    db.session.add(Policy(title="测试政策", criteria=[], tags=[], status="draft"))
    raise_demand(enterprise_id=firm.id, category="其他", urgency="normal", title="诉求",
                 text="", user=None)  # fmt: skip
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def street_headers(app, make_user, token_for) -> dict[str, Any]:
    return {"Authorization": f"Bearer {token_for(make_user('street'))}"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_for_any_input(api_schema, street_headers, mode):
    """Every operation (every write endpoint, every list parameter), valid and invalid input."""
    errors: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            response = case.call(headers=street_headers)
            if response.status_code >= 500:
                errors.append(
                    f"{case.method} {case.formatted_path} {case.query} {case.body!r:.300}"
                )

        call()
    assert errors == []
