"""Builders for units and leases; leases are placed by days left from the street's today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask


@pytest.fixture
def street_today(app: Flask) -> date:
    from buildings.queries import warning_settings

    return warning_settings(app.config)[0]


@pytest.fixture
def make_unit(app: Flask) -> Callable[..., Any]:
    from buildings.models import Unit
    from qifutong.extensions import db

    counter = iter(range(1, 10_000))

    def build(building: Any, **kw: Any) -> Unit:
        n = next(counter)
        values = {"floor": str(1 + n % 9), "room": f"R{n:03d}", "area": 100.0, **kw}
        unit = Unit(building_id=building.id, **values)
        db.session.add(unit)
        db.session.commit()
        return unit

    return build


@pytest.fixture
def make_lease(app: Flask, street_today: date) -> Callable[..., Any]:
    """`make_lease(unit, days=…)`: an active lease ending `days` after the street's today."""
    from buildings.models import Lease
    from qifutong.extensions import db

    def build(unit: Any, days: int = 200, **kw: Any) -> Lease:
        end = street_today + timedelta(days=days)
        values = {
            "tenant_name": f"租户{unit.room}",
            "start_on": end - timedelta(days=730),
            "end_on": end,
            "area": unit.area,
            "status": "active",
            "intent": "unknown",
            **kw,
        }
        lease = Lease(unit_id=unit.id, **values)
        db.session.add(lease)
        db.session.commit()
        return lease

    return build
