"""The street's calendar day (Asia/Shanghai by default), whatever the server's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def street_today() -> date:
    tz = current_app.config["QIFUTONG_TIMEZONE"] if has_app_context() else "Asia/Shanghai"
    return datetime.now(ZoneInfo(tz)).date()
