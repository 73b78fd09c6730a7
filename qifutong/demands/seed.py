"""Demo street loaders: demands with a believable history, visits, and the key-firm grading."""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from qifutong.demands import workflow
from qifutong.demands.models import Demand, DemandEvent
from qifutong.demands.workcal import add_working_time, working_hours_from
from qifutong.enterprises.seed import enterprise_ids_by_uscc
from qifutong.extensions import db
from qifutong.seeding import SeedContext
from qifutong.timeutil import to_utc

# A seeded demand is known again by the note of its first event, "seed:KEY".
_ORDER = workflow.STATES
_STEP_NOTES = {
    "assigned": "按职责交办",
    "accepted": "已受理，正在了解情况",
    "in_progress": "已联系企业，正在办理",
    "replied": "已电话及书面答复企业",
    "closed": "企业确认，办结",
    "rated": "企业评价",
}


def _spread(key: str, salt: str) -> float:
    """A stable number in [0, 1) from the demand key: the same history on every load."""
    return (zlib.crc32(f"{key}:{salt}".encode()) % 10_000) / 10_000


def load_demands(ctx: SeedContext) -> dict[str, int]:
    """Historic demands with the path of states they went through, timed by their deadlines."""
    from qifutong.demands.services import escalate_overdue

    cfg = current_app.config
    tz = cfg["QIFUTONG_TIMEZONE"]
    hours = working_hours_from(cfg)
    firms = enterprise_ids_by_uscc()
    known = set(
        db.session.scalars(select(DemandEvent.note).where(DemandEvent.from_state.is_(None)))
    )
    now_local = datetime.combine(ctx.today, time(8, 0))
    count = 0
    for r in ctx.rows("demands.csv"):
        key = r["demand_key"]
        marker = f"seed:{key}"
        if marker in known:
            continue
        day = ctx.day(r["created_offset_days"])
        assert day is not None
        urgency = r["urgency"] if r["urgency"] in workflow.URGENCIES else "normal"
        created = datetime.combine(day, time(9, 0)) + timedelta(
            minutes=int(_spread(key, "t") * 450)
        )
        sla = workflow.sla_for(urgency, cfg, hours)
        assign_due, due = workflow.deadlines(created, sla, hours)
        state = r["state"] if r["state"] in _ORDER else "submitted"
        times = _path_times(key, created, sla, hours, state, now_local)
        d = Demand(
            enterprise_id=firms.get(r["tenant_uscc"]),
            category=r["category"],
            urgency=urgency,
            title=r["title"],
            text=r["text"],
            state=state,
            owner_department=r["owner_department"] or None,
            assign_due_at=to_utc(assign_due, tz),
            due_at=to_utc(due, tz),
            escalated=False,
            reopen_count=0,
            created_at=to_utc(created, tz),
            updated_at=to_utc(times.get(state, created), tz),
        )
        if "assigned" in times:
            d.assigned_at = to_utc(times["assigned"], tz)
        if "replied" in times:
            d.replied_at = to_utc(times["replied"], tz)
            d.reply = (
                f"关于“{r['title']}”，{r['owner_department'] or '承办部门'}已与企业沟通并答复。"
            )
        if "closed" in times:
            d.closed_at = to_utc(times["closed"], tz)
        if state == "rated":
            roll = _spread(key, "rating")
            d.rating = 5 if roll < 0.62 else (4 if roll < 0.9 else 3)
        db.session.add(d)
        db.session.flush()
        db.session.add(
            DemandEvent(
                demand_id=d.id,
                from_state=None,
                to_state="submitted",
                action="raise",
                note=marker,
                at=to_utc(created, tz),
            )
        )
        prev = "submitted"
        for step in _ORDER[1 : _ORDER.index(state) + 1]:
            action = workflow.MOVES[(prev, step)].action
            note = _STEP_NOTES[step]
            if step == "assigned":
                note = f"交办至 {d.owner_department or '街道经济发展办公室'}"
                d.owner_department = d.owner_department or "街道经济发展办公室"
            db.session.add(
                DemandEvent(
                    demand_id=d.id,
                    from_state=prev,
                    to_state=step,
                    action=action,
                    note=note,
                    at=to_utc(times[step], tz),
                )
            )
            prev = step
        count += 1
    db.session.flush()
    escalated = escalate_overdue(to_utc(now_local, tz))
    return {"demands": count, "escalated": escalated}


def _path_times(
    key: str,
    created: datetime,
    sla: workflow.Sla,
    hours: workflow.WorkingHours,
    state: str,
    now: datetime,
) -> dict[str, datetime]:
    """When each step up to `state` happened; about one in ten replies comes late."""
    assigned = add_working_time(created, sla.assign * (0.2 + 0.7 * _spread(key, "a")), hours)
    accepted = add_working_time(assigned, timedelta(minutes=30), hours)
    started = add_working_time(accepted, timedelta(hours=1), hours)
    share = 0.35 + 0.85 * _spread(key, "r")  # > 1: replied after the deadline
    replied = max(started, add_working_time(created, sla.resolve * share, hours))
    closed = add_working_time(replied, hours.day_length, hours)
    rated = closed + timedelta(hours=2)
    steps = {
        "submitted": created,
        "assigned": assigned,
        "accepted": accepted,
        "in_progress": started,
        "replied": replied,
        "closed": closed,
        "rated": rated,
    }
    wanted = _ORDER[: _ORDER.index(state) + 1]
    out: dict[str, datetime] = {}
    # Steps that would lie in the future happened just before the load instead, in order.
    for n, step in enumerate(wanted):
        latest = now - timedelta(minutes=10 * (len(wanted) - n))
        out[step] = max(created, min(steps[step], latest))
    return out
