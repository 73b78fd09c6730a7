"""Demands in and out of the API (times in the street's zone, ISO 8601 with offset)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qifutong.auth.models import User
from qifutong.demands import workflow
from qifutong.demands.models import Demand
from qifutong.demands.services import allowed_for, is_overdue
from qifutong.timeutil import street_time


def iso(value: datetime | None) -> str | None:
    """A stored naive-UTC time as ISO 8601 in the street's zone."""
    if value is None:
        return None
    return street_time(value).isoformat(timespec="seconds")


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.display_name or user.username}


def dump(demand: Demand, user: User | None, now: datetime | None = None) -> dict[str, Any]:
    ent = demand.enterprise
    return {
        "id": demand.id,
        "enterprise_id": demand.enterprise_id,
        "enterprise": ent.name if ent is not None else None,
        "category": demand.category,
        "urgency": demand.urgency,
        "title": demand.title,
        "text": demand.text,
        "state": demand.state,
        "version": demand.version,
        "state_label": workflow.STATE_LABELS.get(demand.state, demand.state),
        "owner": {
            "department": demand.owner_department,
            "user": _person(demand.owner),
        }
        if demand.owner_department or demand.owner_user_id
        else None,
        "visit_id": demand.visit_id,
        "created_at": iso(demand.created_at),
        "assign_due_at": iso(demand.assign_due_at),
        "due_at": iso(demand.due_at),
        "assigned_at": iso(demand.assigned_at),
        "replied_at": iso(demand.replied_at),
        "closed_at": iso(demand.closed_at),
        "overdue": is_overdue(demand, now),
        "escalated": bool(demand.escalated),
        "reopen_count": demand.reopen_count or 0,
        "reply": demand.reply,
        "rating": demand.rating,
        "rating_comment": demand.rating_comment,
        "allowed_transitions": allowed_for(user, demand, now),
        "attachments": [
            {"id": a.id, "file_name": a.file_name, "size": a.size} for a in demand.attachments
        ],
        "history": [
            {
                "from": e.from_state,
                "to": e.to_state,
                "action": e.action,
                "note": e.note,
                "by": _person(e.user),
                "at": iso(e.at),
            }
            for e in demand.events
        ],
    }
