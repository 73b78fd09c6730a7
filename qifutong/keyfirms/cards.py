"""How many key firms, on the street's home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    del user  # key firms are the whole street's
    key = db.session.scalar(
        select(func.count(Enterprise.id)).where(Enterprise.is_key_firm, Enterprise.is_active)
    )
    return [Card("重点企业", f"{key or 0:,}", "keyfirms.index")]
