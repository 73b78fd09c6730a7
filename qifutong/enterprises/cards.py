"""Firm figures on the street's home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    active = db.session.scalar(
        select(func.count()).where(Enterprise.is_active, Enterprise.operates_here.is_(True))
    )
    return [Card("企业总数", f"{active or 0:,}", "enterprises.index")]
