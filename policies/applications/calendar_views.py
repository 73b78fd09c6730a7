"""The firm's calendar page (申报日历)."""

from __future__ import annotations

from flask import render_template, request

from policies.applications import workflow
from policies.applications.calendar import firm_calendar
from policies.applications.models import MATERIAL_KINDS
from policies.applications.views import _my_firm, bp
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.matching import registry
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today


@bp.get("/firm/calendar")
@role_required(Role.FIRM)
def calendar() -> str:
    """The firm's open windows, its applications' next steps and its materials that expire."""
    ent = _my_firm()
    return render_template(
        "applications/calendar.html",
        ent=ent,
        cal=firm_calendar(ent.id, street_today(), utcnow()),
        wf=workflow,
        material_kinds=MATERIAL_KINDS,
        kind_labels={s.kind: s.label for s in registry.sources()},
        here=request.path,
        title="申报日历",
    )
