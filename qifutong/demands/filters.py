"""Template filters for demand pages."""

from __future__ import annotations

import re
from datetime import datetime

from qifutong.timeutil import to_local
from qifutong.web.i18n import current_locale, term, translate


def localtime(value: datetime | None) -> str:
    """A stored (naive UTC) time as the street's wall-clock time, 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return "—"
    return to_local(value).strftime("%Y-%m-%d %H:%M")


_ASSIGNED = re.compile(r"^交办至 (?P<target>[^：]+)(?:：(?P<note>.*))?$", re.S)


def event_note(note: str | None) -> str:
    """A demand event's note in the current locale: the platform's own notes (an automatic
    escalation, "交办至 …" on an assignment) translated, what people wrote as written."""
    if not note or current_locale() != "en":
        return note or ""
    assigned = _ASSIGNED.match(note)
    if assigned is None:
        return term(note)
    target = translate("交办至 {target}", target=assigned.group("target"))
    return f"{target}: {assigned.group('note')}" if assigned.group("note") else target
