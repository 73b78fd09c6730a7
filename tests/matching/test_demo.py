"""The demo street: every firm has its matches and an inbox with reasons; a dismissal sticks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.inbox import pushes
from qifutong.inbox.models import Push
from qifutong.matching.models import MatchResult
from qifutong.matching.queries import explain_pushes
from qifutong.matching.services import rematch_firms
from qifutong.timeutil import street_today

pytestmark = pytest.mark.slow


def test_every_firm_has_matches_and_an_inbox_with_reasons(demo_app):
    active = set(db.session.scalars(select(Enterprise.id).where(Enterprise.status == "active")))
    assert len(active) > 4000
    matched = set(db.session.scalars(select(MatchResult.enterprise_id).distinct()))
    pushed = set(db.session.scalars(select(Push.enterprise_id).distinct()))
    assert active <= matched
    assert active <= pushed
    sample = db.session.scalars(select(Push).order_by(Push.id).limit(300)).all()
    explained = explain_pushes(list(sample))
    assert all(explained[p.id].reasons for p in sample)  # each says why, rendered when read
    kinds = set(db.session.scalars(select(MatchResult.offer_kind).distinct()))
    assert kinds == {"policy", "funding", "service", "activity", "space"}
    # No firm got more than the cap on any day, and today's cap is still free.
    cap = demo_app.config["QIFUTONG_PUSH_DAILY_CAP"]
    # (Rows of channel "search" are offers a firm found itself and applied for: not pushes.)
    per_day = db.session.execute(
        select(Push.enterprise_id, func.date(Push.pushed_at), func.count())
        .where(Push.channel == "push")
        .group_by(Push.enterprise_id, func.date(Push.pushed_at))
    ).all()
    assert max(n for _, _, n in per_day) <= cap
    start, _ = pushes.day_bounds(street_today())
    today = select(func.count(Push.id)).where(Push.pushed_at >= start, Push.channel == "push")
    assert db.session.scalar(today) == 0


def test_the_demo_firm_dismisses_an_item_and_it_stays_gone(demo_app):
    client = demo_app.test_client()
    client.post("/login", data={"username": "qiye", "password": "guodang-demo"})
    firm_id = db.session.scalar(select(User.enterprise_id).where(User.username == "qiye"))
    page = client.get("/firm/").get_data(as_text=True)
    item = db.session.scalars(
        select(Push)
        .where(Push.enterprise_id == firm_id, Push.state.in_(("new", "seen", "clicked")))
        .order_by(Push.id)
    ).first()
    assert item is not None and item.title in page and "✓" in page
    resp = client.post(f"/firm/pushes/{item.id}/dismiss", data={"reason": "暂时不需要"})
    assert resp.status_code == 302
    rematch_firms([firm_id])  # the firm's data changed: all its offers are evaluated again
    for days in (1, 2, 3):
        pushes.deliver(street_today() + timedelta(days=days), firm_ids=[firm_id])
    db.session.commit()
    db.session.expire_all()
    again = client.get("/firm/").get_data(as_text=True)
    assert f'id="push-{item.id}"' not in again
    assert db.session.get(Push, item.id).state == "dismissed"
