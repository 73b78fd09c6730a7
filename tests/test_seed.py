"""The demo street: its scale, its lease colours today, and a second seed that adds nothing."""

from __future__ import annotations

from collections import Counter

from flask import current_app
from sqlalchemy import func, select

from buildings.models import Building
from buildings.queries import lease_warnings
from buildings.warnings import thresholds_from
from policies.models import Policy
from qifutong.auth.models import User
from qifutong.enterprises.models import EconomicRecord, Enterprise
from qifutong.extensions import db
from qifutong.seeding import run_seed
from qifutong.timeutil import street_today


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


# The log of writes the cockpit's cache follows: a seed that rewrites a value still writes.
WRITE_LOG = "dashboard_data_change"


def _table_counts() -> dict[str, int]:
    return {
        name: int(db.session.scalar(select(func.count()).select_from(table)) or 0)
        for name, table in db.metadata.tables.items()
        if name != WRITE_LOG
    }


def test_the_demo_street_has_the_reference_scale(demo_app):
    assert _count(Enterprise) >= 5000
    assert _count(Building) == 38
    assert _count(Policy) == 50
    months = db.session.scalar(select(func.count(func.distinct(EconomicRecord.period))))
    assert months == 24
    last = db.session.scalar(select(func.max(EconomicRecord.period)))
    today = street_today()
    assert (last.year, last.month) == (
        (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    )


def test_leases_are_red_amber_and_blue_today(demo_app):
    street = db.session.scalar(select(User).where(User.role == "street"))
    warnings = lease_warnings(street, street_today(), thresholds_from(current_app.config))
    levels = Counter(w.level for w in warnings)
    assert levels["red"] > 0 and levels["amber"] > 0 and levels["blue"] > 0
    assert any(w.days_left < 0 for w in warnings)  # expired and not yet renewed or closed


def test_seeding_twice_changes_nothing(demo_app):
    before = _table_counts()
    run_seed(street_today(), echo=lambda _line: None)
    assert _table_counts() == before


def test_each_demo_login_has_its_scope(demo_app):
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert {"jiedao", "louyu", "wuye", "qiye", "admin"} <= set(users)
    assert users["qiye"].enterprise_id is not None
    assert users["louyu"].building_ids and users["wuye"].building_ids
