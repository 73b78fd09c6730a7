"""Applications in and out of the API (times in the street's zone, ISO 8601 with offset)."""

from __future__ import annotations

from typing import Any

from policies.applications import workflow
from policies.applications.models import MATERIAL_KINDS, Application
from policies.applications.services import allowed_for, is_overdue
from qifutong.auth.models import User
from qifutong.demands.schemas import iso


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.display_name or user.username}


def dump(app: Application, user: User | None) -> dict[str, Any]:
    return {
        "id": app.id,
        "enterprise_id": app.enterprise_id,
        "offer_kind": app.offer_kind,
        "offer_id": app.offer_id,
        "title": app.title,
        "channel": app.channel,
        "state": app.state,
        "state_label": workflow.STATE_LABELS.get(app.state, app.state),
        "version": app.version,
        "form": dict(app.form or {}),
        "answers": dict(app.answers or {}),
        "materials": [
            {
                "id": m.id,
                "kind": m.kind,
                "kind_label": MATERIAL_KINDS.get(m.kind, m.kind),
                "title": m.title,
                "file_name": m.file_name,
                "valid_until": m.valid_until.isoformat() if m.valid_until else None,
            }
            for m in app.materials
        ],
        "submitted_at": iso(app.submitted_at),
        "due_at": iso(app.due_at),
        "overdue": is_overdue(app),
        "amount_paid": app.amount_paid,
        "paid_on": app.paid_on.isoformat() if app.paid_on else None,
        "allowed_transitions": allowed_for(user, app),
        "history": [
            {
                "from": e.from_state,
                "to": e.to_state,
                "action": e.action,
                "note": e.note,
                "amount": e.amount,
                "by": _person(e.user),
                "at": iso(e.at),
            }
            for e in app.events
        ],
    }
