"""The demo street's applications: every state, 免申即享 payouts with their notices, the demo
firm's own applications, materials and followed item, a funnel and outcome with money."""

from __future__ import annotations

from sqlalchemy import func, select

from policies.applications.models import Application, FirmMaterial
from policies.applications.queries import offer_counts
from qifutong.auth.models import User
from qifutong.auth.seed import DEMO_PASSWORD
from qifutong.extensions import db
from qifutong.inbox.models import Notification, OfferFollow


def _login(app, username):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    return client


def test_the_demo_street_has_applications_in_every_state_and_payouts(demo_app):
    rows = db.session.execute(
        select(Application.channel, Application.state, func.count()).group_by(
            Application.channel, Application.state
        )
    ).all()
    states = {state for channel, state, _ in rows if channel == "apply"}
    assert {"submitted", "accepted", "returned", "approved", "paid", "rejected", "withdrawn"} <= (
        states
    )
    payouts = list(db.session.scalars(select(Application).where(Application.channel == "auto")))
    assert payouts and all(a.state == "paid" and a.amount_paid for a in payouts)

    paid = db.session.scalars(
        select(Application).where(Application.channel == "apply", Application.state == "paid")
    ).first()
    assert [e.action for e in paid.events] == ["submit", "accept", "approve", "pay"]
    assert paid.events[-1].user.role == "street" and paid.amount_paid > 0
    counts = offer_counts("policy", paid.offer_id)
    assert counts["paid"] >= 1 and counts["paid_amount"] > 0 and counts["applied"] >= 5

    street = _login(demo_app, "jiedao")
    outcome = street.get(f"/street/policies/{paid.offer_id}/outcome")
    assert outcome.status_code == 200 and paid.form["name"] in outcome.get_data(as_text=True)
    review = street.get("/street/applications/?state=returned").get_data(as_text=True)
    assert "退回补正" in review


def test_the_demo_firm_has_its_own_applications_materials_and_calendar(demo_app):
    qiye = db.session.scalar(select(User).where(User.username == "qiye"))
    mine = {
        a.state
        for a in db.session.scalars(
            select(Application).where(Application.enterprise_id == qiye.enterprise_id)
        )
    }
    assert {"paid", "returned", "submitted", "withdrawn"} <= mine
    materials = db.session.scalar(
        select(func.count(FirmMaterial.id)).where(FirmMaterial.enterprise_id == qiye.enterprise_id)
    )
    assert materials == 3
    assert db.session.scalar(
        select(OfferFollow).where(OfferFollow.enterprise_id == qiye.enterprise_id)
    )
    notes = db.session.scalars(select(Notification.title).where(Notification.user_id == qiye.id))
    assert any(t.startswith("已为您兑现") for t in notes)

    page = _login(demo_app, "qiye").get("/firm/calendar").get_data(as_text=True)
    assert "还剩 5 天" in page and "第二批" in page  # the demo's closing window
    assert "请按要求补正后重新提交" in page  # its returned application
    assert "上年度财务报表" in page  # expires within the month
