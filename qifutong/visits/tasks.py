"""Visit tasks: visits the street should make (a key firm's lease in red, a tax swing …)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from qifutong.extensions import db
from qifutong.visits.models import VisitTask
from qifutong.web.i18n import N_

TASK_REASONS = {
    "lease_red": N_("租约红色预警"),
    "tax_swing": N_("税收大幅波动"),
    "not_visited": N_("长期未走访"),
}

# The lease domain tells the visit plan which firms' leases are red, by its own warning rule:
# (today, red_days) → rows {"id", "enterprise_id", "end_on", "red_from", "tenant_name",
# "floor", "room"}, and (lease id, red_days) → the day that lease turned red.
RedLeases = Callable[[date, int], list[dict[str, Any]]]
TurnedRed = Callable[[int, int], date | None]
_red_lease_hooks: list[tuple[RedLeases, TurnedRed]] = []


def register_red_leases(leases: RedLeases, turned_red_on: TurnedRed) -> None:
    """Called by the lease domain at start-up (once per process is enough)."""
    if (leases, turned_red_on) not in _red_lease_hooks:
        _red_lease_hooks.append((leases, turned_red_on))


def red_leases(today: date, red_days: int) -> list[dict[str, Any]]:
    """Open leases of firms in the red window (or past), earliest end first."""
    rows = [row for leases, _ in _red_lease_hooks for row in leases(today, red_days)]
    return sorted(rows, key=lambda r: r["end_on"])


def turned_red_on(lease_id: int, red_days: int) -> date | None:
    for _, turned in _red_lease_hooks:
        day = turned(lease_id, red_days)
        if day is not None:
            return day
    return None


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


def answered_from(task: VisitTask, red_days: int) -> date:
    """The first day a visit to the firm answers this task.

    A red lease asks for a visit once the lease is within the red window, so a visit since then
    answers it even if the task was written later; any other task needs a visit after it."""
    key = task.source_key or ""
    if task.reason == "lease_red" and key.startswith("lease_red:"):
        try:
            lease_id = int(key.split(":", 1)[1])
        except ValueError:
            lease_id = 0
        day = turned_red_on(lease_id, red_days)
        if day is not None:
            return day
    return task.created_at.date()


def close_answered_tasks(last_visits: dict[int, tuple[date, int]], red_days: int) -> int:
    """Mark open tasks done whose firm was visited since the task asked for it.

    last_visits: firm id → (day, visit id) of its latest visit."""
    closed = 0
    for task in db.session.scalars(select(VisitTask).where(VisitTask.status == "open")):
        seen = last_visits.get(task.enterprise_id or 0)
        if seen is not None and seen[0] >= answered_from(task, red_days):
            task.status = "done"
            task.visit_id = seen[1]
            closed += 1
    return closed
