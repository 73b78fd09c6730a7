"""Policies share the matching fixtures (API helper, SMTP sink) and the demands' logins; `people`
is a firm with its user, another firm's user, an official and a building manager."""

import pytest

from tests.demands.conftest import logged_in  # noqa: F401
from tests.matching.conftest import api, smtp_sink  # noqa: F401


@pytest.fixture
def people(make_firm, make_user, make_building):
    firm = make_firm(
        headcount=80, legal_rep="张三", contact_name="李会计", contact_phone="13800000000"
    )
    other = make_firm(headcount=90)
    return {
        "firm": firm,
        "firm_user": make_user("firm", enterprise_id=firm.id, email="cw@example.com"),
        "other_user": make_user("firm", enterprise_id=other.id),
        "official": make_user("street", display_name="王科长"),
        "building": make_user("building", building_ids=[make_building().id]),
    }
