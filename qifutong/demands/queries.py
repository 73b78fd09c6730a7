"""Reading demands within the caller's scope: lists, one demand, counts for the home cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select

from qifutong.auth.models import Role, User
from qifutong.demands import workflow
from qifutong.demands.models import Demand
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.models_base import utcnow


def scope_demands(stmt: Select[Any], user: User) -> Select[Any]:
    """Street sees all; a firm its own; a building user its tenants' and what it raised."""
    if user.sees_all:
        return stmt
    if user.role == Role.FIRM:
        if user.enterprise_id is None:
            return stmt.where(false())
        return stmt.where(Demand.enterprise_id == user.enterprise_id)
    if user.role == Role.BUILDING:
        ids = user.building_ids
        in_buildings = Demand.enterprise_id.in_(
            select(Enterprise.id).where(Enterprise.building_id.in_(ids))
        )
        return stmt.where(or_(in_buildings, Demand.raised_by_user_id == user.id))
    return stmt.where(false())


def can_see_demand(user: User, demand: Demand) -> bool:
    if user.sees_all:
        return True
    if user.role == Role.FIRM:
        return user.enterprise_id is not None and demand.enterprise_id == user.enterprise_id
    if user.role == Role.BUILDING:
        if demand.raised_by_user_id == user.id:
            return True
        ent = demand.enterprise
        return ent is not None and ent.building_id in user.building_ids
    return False


def overdue_clause(now: datetime) -> Any:
    return or_(
        and_(Demand.state == "submitted", Demand.assign_due_at < now),
        and_(Demand.state.in_(workflow.OPEN_STATES), Demand.due_at < now),
    )


@dataclass(frozen=True)
class DemandFilter:
    status: str = ""  # "", open, waiting, done, or one state
    urgency: str = ""
    category: str = ""
    overdue: bool = False
    escalated: bool = False
    mine: bool = False
    q: str = ""


def demand_search(user: User, f: DemandFilter, now: datetime | None = None) -> Select[Any]:
    now = now or utcnow()
    stmt = scope_demands(select(Demand), user)
    if f.status == "open":
        stmt = stmt.where(Demand.state.in_(workflow.OPEN_STATES))
    elif f.status == "waiting":
        stmt = stmt.where(Demand.state.in_(workflow.WAITING_STATES))
    elif f.status == "done":
        stmt = stmt.where(Demand.state.in_(workflow.DONE_STATES))
    elif f.status in workflow.STATES:
        stmt = stmt.where(Demand.state == f.status)
    if f.urgency in workflow.URGENCIES:
        stmt = stmt.where(Demand.urgency == f.urgency)
    if f.category:
        stmt = stmt.where(Demand.category == f.category)
    if f.overdue:
        stmt = stmt.where(overdue_clause(now))
    if f.escalated:
        stmt = stmt.where(Demand.escalated.is_(True))
    if f.mine:
        stmt = stmt.where(Demand.owner_user_id == user.id)
    if f.q:
        q = f.q.strip()
        firms = select(Enterprise.id).where(Enterprise.name.contains(q, autoescape=True))
        stmt = stmt.where(
            or_(
                Demand.title.contains(q, autoescape=True),
                Demand.text.contains(q, autoescape=True),
                Demand.enterprise_id.in_(firms),
            )
        )
    open_first = Demand.state.in_(workflow.OPEN_STATES).desc()
    return stmt.order_by(open_first, Demand.due_at.asc(), Demand.id.desc())


def demand_counts(user: User, now: datetime | None = None) -> dict[str, int]:
    """Open, overdue, waiting for the firm, escalated open — within the user's scope."""
    now = now or utcnow()
    base = scope_demands(select(func.count(Demand.id)), user)
    open_ = Demand.state.in_(workflow.OPEN_STATES)
    return {
        "open": int(db.session.scalar(base.where(open_)) or 0),
        "overdue": int(db.session.scalar(base.where(overdue_clause(now))) or 0),
        "waiting": int(db.session.scalar(base.where(Demand.state == "replied")) or 0),
        "escalated": int(db.session.scalar(base.where(open_, Demand.escalated.is_(True))) or 0),
    }


def street_users() -> list[User]:
    """The people a demand can be assigned to."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.STREET, Role.ADMIN)), User.active.is_(True))
            .order_by(User.department, User.display_name)
        )
    )


def departments() -> list[str]:
    """Departments known from users and earlier assignments, for the assign form."""
    known = set(
        db.session.scalars(select(User.department).where(User.department.is_not(None)))
    ) | set(
        db.session.scalars(
            select(Demand.owner_department).where(Demand.owner_department.is_not(None)).distinct()
        )
    )
    return list(workflow.DEPARTMENTS) + sorted(
        d for d in known if d and d not in workflow.DEPARTMENTS
    )
