"""Template filters for demand pages."""

from __future__ import annotations

from datetime import datetime

from qifutong.timeutil import to_local


def localtime(value: datetime | None) -> str:
    """A stored (naive UTC) time as the street's wall-clock time, 'YYYY-MM-DD HH:MM'."""
    if value is None:
        return "—"
    return to_local(value).strftime("%Y-%m-%d %H:%M")
