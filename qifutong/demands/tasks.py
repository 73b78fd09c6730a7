"""Visit tasks: visits the street should make (a key firm's lease in red, a tax swing …)."""

from __future__ import annotations

from sqlalchemy import select

from qifutong.demands.models import VisitTask
from qifutong.extensions import db

TASK_REASONS = {
    "lease_red": "租约红色预警",
    "tax_swing": "税收大幅波动",
    "not_visited": "长期未走访",
}


def open_visit_task(
    enterprise_id: int | None, reason: str, detail: str, source_key: str
) -> VisitTask:
    """Ask for a visit; the same source_key gives back the task already made (idempotent)."""
    task = db.session.scalar(select(VisitTask).where(VisitTask.source_key == source_key))
    if task is not None:
        return task
    # A task added earlier in this unflushed session is found too.
    for pending in db.session.new:
        if isinstance(pending, VisitTask) and pending.source_key == source_key:
            return pending
    task = VisitTask(
        enterprise_id=enterprise_id,
        reason=reason,
        detail=detail[:300],
        source_key=source_key[:64],
        status="open",
    )
    db.session.add(task)
    return task
