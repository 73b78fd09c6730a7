"""Policy figures on the street's home page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from policies.models import Policy
from qifutong.extensions import db
from qifutong.web.i18n import N_
from qifutong.web.nav import Card


def street_cards(user: Any) -> list[Card]:
    published = db.session.scalar(select(func.count()).where(Policy.status == "published"))
    return [Card(N_("已发布政策"), str(published or 0), "policies.index")]
