"""Occupancy (出租率): the one definition the building pages, the map and the cockpit share.

A building's leasable area is its recorded leasable area, else the sum of its units' areas;
its leased area is the area of its open leases; the rate is leased over leasable, at most 1."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Subquery, func, select

from buildings.models import Building, Unit


def units_area() -> Subquery:
    """Per building (`building_id`): the sum of its units' areas (`area`)."""
    return (
        select(Unit.building_id, func.sum(Unit.area).label("area"))
        .group_by(Unit.building_id)
        .subquery()
    )


def leasable_area(units: Subquery) -> ColumnElement[float]:
    """The building's leasable area; join `units` (units_area()) on building_id."""
    return func.coalesce(func.nullif(Building.leasable_area, 0), units.c.area, 0.0)


def occupancy_rate(leased: float, leasable: float) -> float | None:
    """Leased share of the leasable area, at most 1; None without leasable area."""
    return min(leased / leasable, 1.0) if leasable else None


def vacant_area(leased: float, leasable: float) -> float:
    """Leasable area not under an open lease (never below 0)."""
    return max(leasable - leased, 0.0)
