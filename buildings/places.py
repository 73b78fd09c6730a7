"""How the platform reads the street's buildings (qifutong.places), registered by init_app."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from buildings.models import Building
from qifutong.extensions import db


class BuildingPlaces:
    def names(self, ids: Collection[int] | None) -> dict[int, str]:
        stmt = select(Building.id, Building.name).order_by(Building.code)
        if ids is not None:
            stmt = stmt.where(Building.id.in_(list(ids)))
        return {bid: name for bid, name in db.session.execute(stmt)}

    def ids_by_code(self) -> dict[str, int]:
        return {code: bid for bid, code in db.session.execute(select(Building.id, Building.code))}
