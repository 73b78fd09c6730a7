"""Reading applications within the caller's scope: lists, and what an offer's funnel counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, func, select

from policies.applications import workflow
from policies.applications.models import Application
from qifutong.auth.models import Role, User
from qifutong.extensions import db


def scope_applications(stmt: Select[Any], user: User) -> Select[Any]:
    """The street sees every application; a firm its own; nobody else any."""
    if user.sees_all:
        return stmt
    if user.role == Role.FIRM and user.enterprise_id is not None:
        return stmt.where(Application.enterprise_id == user.enterprise_id)
    return stmt.where(false())


def search(
    user: User,
    state: str = "",
    offer_kind: str = "",
    offer_id: int | None = None,
    channel: str = "",
) -> Select[Any]:
    """Applications by state (or "open" for every state still under way) and offer, the
    oldest deadline first among open ones, then the newest."""
    stmt = scope_applications(select(Application), user)
    if state == "open":
        stmt = stmt.where(Application.state.in_(workflow.OPEN_STATES))
    elif state:
        stmt = stmt.where(Application.state == state)
    if offer_kind:
        stmt = stmt.where(Application.offer_kind == offer_kind)
    if offer_id is not None:
        stmt = stmt.where(Application.offer_id == offer_id)
    if channel:
        stmt = stmt.where(Application.channel == channel)
    return stmt.order_by(
        Application.due_at.is_(None),
        Application.due_at,
        Application.id.desc(),
    )


def offer_counts(kind: str, offer_id: int) -> dict[str, Any]:
    """One offer's applications: how many firms applied, are under way, were approved, paid
    (with the amount) and turned down; 免申即享 payouts count as paid, not as applied."""
    rows = db.session.execute(
        select(
            Application.channel,
            Application.state,
            func.count(Application.id),
            func.coalesce(func.sum(Application.amount_paid), 0.0),
        )
        .where(Application.offer_kind == kind, Application.offer_id == offer_id)
        .group_by(Application.channel, Application.state)
    ).all()
    out: dict[str, Any] = {s: 0 for s in workflow.STATES}
    out.update({"applied": 0, "open": 0, "paid_amount": 0.0, "auto_paid": 0})
    for channel, state, n, amount in rows:
        if channel == "apply":
            out["applied"] += int(n)
            out[state] += int(n)
            if state in workflow.OPEN_STATES:
                out["open"] += int(n)
        else:
            out["auto_paid"] += int(n)
        if state == "paid":
            out["paid_amount"] += float(amount or 0.0)
    out["granted"] = out["paid"] + out["auto_paid"]
    return out
