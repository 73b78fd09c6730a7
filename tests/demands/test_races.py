"""A move made twice at once happens once: the second answers 409 and no event is doubled."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from qifutong.demands.models import DemandEvent
from qifutong.demands.services import raise_demand
from qifutong.extensions import db

CALLERS = 8
ROUNDS = 3


def _race(app, path: str, body: dict, headers: dict) -> list[int]:
    barrier = threading.Barrier(CALLERS)
    statuses: list[int] = []

    def call() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post(path, json=body, headers=headers).status_code)

    threads = [threading.Thread(target=call) for _ in range(CALLERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)


def _events(demand_id: int, from_state: str, to_state: str) -> int:
    return db.session.scalar(
        select(func.count()).where(
            DemandEvent.demand_id == demand_id,
            DemandEvent.from_state == from_state,
            DemandEvent.to_state == to_state,
        )
    )


def test_concurrent_duplicate_assignments_record_one_event(app, cast, token_for):
    """Eight officials assign one demand at once: it is assigned once (the later ones, made
    after that, are re-assignments); with the version they read, every later one is 409."""
    headers = {"Authorization": f"Bearer {token_for(cast.official)}"}
    assign = {"to": "assigned", "owner_department": "街道企业服务中心"}
    for _ in range(ROUNDS):
        demand = raise_demand(enterprise_id=cast.firm.id, category="其他", urgency="normal",
                              title="同时交办", text="", user=cast.firm_user)  # fmt: skip
        db.session.commit()
        path = f"/api/v1/demands/{demand.id}/transition"
        statuses = _race(app, path, {**assign, "version": demand.version}, headers)
        assert statuses == [200] + [409] * (CALLERS - 1)
        assert _events(demand.id, "submitted", "assigned") == 1
        assert _events(demand.id, "assigned", "assigned") == 0
        # Without a version, never two submitted → assigned events either.
        other = raise_demand(enterprise_id=cast.firm.id, category="其他", urgency="normal",
                             title="同时交办", text="", user=cast.firm_user)  # fmt: skip
        db.session.commit()
        statuses = _race(app, f"/api/v1/demands/{other.id}/transition", assign, headers)
        assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}
        assert _events(other.id, "submitted", "assigned") == 1
