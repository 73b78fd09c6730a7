"""When a user's digest is due: every day, or weekly on the configured weekday. The digest and
the saved searches both ask."""

from __future__ import annotations

from datetime import date

from flask import current_app


def digest_due(frequency: str, today: date, weekday: int) -> bool:
    """Whether a user with this digest frequency gets a digest today (weekly: on `weekday`,
    0 = Monday)."""
    if frequency == "daily":
        return True
    return frequency == "weekly" and today.weekday() == weekday


def digest_weekday() -> int:
    return int(current_app.config.get("QIFUTONG_DIGEST_WEEKDAY", 0))
