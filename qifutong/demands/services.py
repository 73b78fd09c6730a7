"""Raising demands, moving them through their states, escalating overdue ones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm.exc import StaleDataError

from qifutong.auth.models import Role, User
from qifutong.demands import workflow
from qifutong.demands.models import Demand, DemandEvent
from qifutong.demands.workcal import WorkingHours, working_hours_from
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.timeutil import to_local, to_utc
from qifutong.web.i18n import N_, current_locale


class DemandError(QifutongError):
    """A demand request that cannot be done: status, code, the message in English (the API)
    and in Chinese (the pages)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        allowed: list[str] | None = None,
        zh: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.allowed = allowed or []
        self.zh = zh or message  # what the pages show in Chinese

    def shown(self) -> str:
        return self.zh if current_locale() == "zh" else self.message

    def api_error(self) -> dict[str, Any]:
        body = super().api_error()
        if self.code == "illegal_transition":
            body["allowed"] = self.allowed
        return body


def _config() -> Any:
    return current_app.config


def _clock() -> tuple[WorkingHours, str]:
    cfg = _config()
    return working_hours_from(cfg), cfg["QIFUTONG_TIMEZONE"]


def compute_deadlines(urgency: str, start_utc: datetime) -> tuple[datetime, datetime]:
    """(assign by, resolve by), stored as naive UTC, for a clock starting at start_utc."""
    hours, tz = _clock()
    sla = workflow.sla_for(urgency, _config(), hours)
    assign_local, resolve_local = workflow.deadlines(to_local(start_utc, tz), sla, hours)
    return to_utc(assign_local, tz), to_utc(resolve_local, tz)


def resolve_deadline(urgency: str, start_utc: datetime) -> datetime:
    return compute_deadlines(urgency, start_utc)[1]


def actors_for(user: User | None, demand: Demand) -> set[str]:
    """In which capacities this user acts on this demand: street, owner, firm."""
    if user is None or not user.is_active:
        return set()
    out: set[str] = set()
    if user.sees_all:
        out.add(workflow.STREET)
    if demand.owner_user_id is not None and demand.owner_user_id == user.id:
        out.add(workflow.OWNER)
    if user.role == Role.FIRM and user.enterprise_id == demand.enterprise_id:
        out.add(workflow.FIRM)
    return out


def is_overdue(demand: Demand, now: datetime | None = None) -> bool:
    return workflow.is_overdue(demand.state, demand.assign_due_at, demand.due_at, now or utcnow())


def allowed_for(user: User | None, demand: Demand, now: datetime | None = None) -> list[str]:
    return workflow.allowed_targets(demand.state, actors_for(user, demand), is_overdue(demand, now))


def raise_demand(
    *,
    enterprise_id: int | None,
    category: str,
    urgency: str,
    title: str,
    text: str,
    user: User | None,
    visit_id: int | None = None,
    now: datetime | None = None,
) -> Demand:
    """A new demand (submitted) with its deadlines and the first line of its history."""
    text = (text or "").strip()
    title = (title or "").strip()
    if not title and text:
        title = text.splitlines()[0][:60]
    if category not in workflow.CATEGORIES:
        raise DemandError(
            422,
            "invalid_field",
            f"category: expected one of {', '.join(workflow.CATEGORIES)}, got {category!r}",
            zh=f"类别：请从 {'、'.join(workflow.CATEGORIES)} 中选择",
        )
    if urgency not in workflow.URGENCIES:
        raise DemandError(
            422,
            "invalid_field",
            f"urgency: expected normal or urgent, got {urgency!r}",
            zh="紧急程度：应为“一般”或“紧急”",
        )
    if not title:
        raise DemandError(
            422, "invalid_field", "title: a demand needs a title or a text", zh="请填写诉求内容"
        )
    if len(title) > 200:
        raise DemandError(
            422, "invalid_field", "title: at most 200 characters", zh="标题最多 200 个字"
        )
    now = now or utcnow()
    assign_due, due = compute_deadlines(urgency, now)
    demand = Demand(
        enterprise_id=enterprise_id,
        category=category,
        urgency=urgency,
        title=title,
        text=text,
        state="submitted",
        raised_by_user_id=user.id if user else None,
        visit_id=visit_id,
        assign_due_at=assign_due,
        due_at=due,
        escalated=False,
        reopen_count=0,
        created_at=now,
        updated_at=now,
    )
    db.session.add(demand)
    db.session.flush()
    origin = (
        "走访中提出"
        if visit_id
        else ("企业提交" if user and user.role == Role.FIRM else "代企业提交")
    )
    db.session.add(
        DemandEvent(
            demand_id=demand.id,
            from_state=None,
            to_state="submitted",
            action="raise",
            note=origin,
            user_id=user.id if user else None,
            at=now,
        )
    )
    return demand


def transition(
    demand: Demand,
    to: str,
    *,
    user: User | None,
    note: str | None = None,
    owner_department: str | None = None,
    owner_user_id: int | None = None,
    rating: int | None = None,
    now: datetime | None = None,
) -> DemandEvent:
    """Move a demand (or escalate it) if this user may; every change lands in its history."""
    now = now or utcnow()
    allowed = allowed_for(user, demand, now)
    move = workflow.move_for(demand.state, to)
    if to not in allowed or move is None:
        label = workflow.STATE_LABELS.get(demand.state, demand.state)
        known = set(workflow.STATES) | {workflow.ESCALATED}
        if to not in known:
            reason = f"unknown state {to!r} (states: {', '.join(workflow.STATES)}, escalated)"
        elif move is None:
            reason = f"a demand in state {demand.state} ({label}) cannot move to {to}"
        else:
            reason = f"you may not move this demand from {demand.state} to {to}"
        shown = ", ".join(allowed) if allowed else "none"
        labels = "、".join(_move_label(demand.state, t) for t in allowed) or "无"
        zh = f"当前状态“{label}”下不能执行该操作；您现在可以：{labels}"
        if move is not None and move.actors == {workflow.FIRM}:
            reason = f"only the firm that raised the demand may {move.action} it"
            zh = f"只有提出诉求的企业可以评价或要求重新办理；您现在可以：{labels}"
        raise DemandError(409, "illegal_transition", f"{reason}; allowed now: {shown}", allowed, zh)
    note = (note or "").strip() or None
    old = demand.state
    if move.action in ("assign", "reassign"):
        _assign(demand, owner_department, owner_user_id, now)
        owner = demand.owner
        target = f"交办至 {demand.owner_department}" + (
            f"（{owner.display_name or owner.username}）" if owner else ""
        )
        note = f"{target}：{note}" if note else target
    elif move.action == "reply":
        if not note:
            raise DemandError(
                422, "invalid_field", "note: the reply to the firm is required", zh="请填写答复内容"
            )
        demand.reply = note
        demand.replied_at = now
    elif move.action == "close":
        demand.closed_at = now
    elif move.action == "rate":
        if rating is None or not 1 <= int(rating) <= 5:
            raise DemandError(
                422, "invalid_field", "rating: expected a whole number 1–5", zh="请选择 1–5 星评价"
            )
        demand.rating = int(rating)
        demand.rating_comment = note
    elif move.action == "reopen":
        if not note:
            raise DemandError(
                422,
                "invalid_field",
                "note: say why the firm is not satisfied",
                zh="请说明不满意的原因",
            )
        demand.reopen_count = (demand.reopen_count or 0) + 1
        demand.closed_at = None
        demand.replied_at = None
        demand.rating = None
        demand.rating_comment = None
        demand.due_at = resolve_deadline(demand.urgency, now)
    elif move.action == "escalate":
        demand.escalated = True
        note = note or "超期督办"
    if move.action != "escalate":
        demand.state = to
    demand.updated_at = now
    event = DemandEvent(
        demand_id=demand.id,
        from_state=old,
        to_state=demand.state,
        action=move.action,
        note=note,
        user_id=user.id if user else None,
        at=now,
    )
    db.session.add(event)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise DemandError(
            409,
            "conflict",
            "the demand was moved meanwhile; read it again",
            zh="该诉求刚被他人处理，请刷新后再试",
        ) from exc
    _tell(demand, move.action)
    return event


def _move_label(state: str, to: str) -> str:
    move = workflow.move_for(state, to)
    return move.label if move else to


def _assign(
    demand: Demand, department: str | None, owner_user_id: int | None, now: datetime
) -> None:
    owner = None
    if owner_user_id is not None:
        owner = db.session.get(User, owner_user_id)
        if owner is None or not owner.sees_all or not owner.is_active:
            raise DemandError(
                422,
                "invalid_field",
                f"owner_user_id: no active street user {owner_user_id}",
                zh="承办人须为在职的街道工作人员",
            )
    department = (department or "").strip() or (owner.department if owner else None)
    if not department:
        raise DemandError(
            422,
            "invalid_field",
            "owner_department: name the department that handles it",
            zh="请选择承办部门",
        )
    demand.owner_department = department[:120]
    demand.owner_user_id = owner.id if owner else None
    demand.owner = owner
    demand.assigned_at = now


def _tell(demand: Demand, action: str) -> None:
    """In-app messages: the owner when assigned or escalated, the firm when answered."""
    from qifutong.inbox.mail import notify

    link = f"/demands/{demand.id}"
    if action in ("assign", "reassign", "escalate") and demand.owner_user_id:
        title = "诉求督办" if action == "escalate" else "新交办诉求"
        notify(demand.owner_user_id, "demand", f"{title}：{demand.title}", link=link)
    if action == "reply" and demand.enterprise_id:
        firm_users = db.session.scalars(
            select(User.id).where(User.enterprise_id == demand.enterprise_id)
        )
        for uid in firm_users:
            notify(uid, "demand", f"您的诉求已答复：{demand.title}", link=link)


def escalate_overdue(now: datetime | None = None) -> int:
    """Mark every overdue open demand not yet escalated as escalated (督办); returns how many."""
    now = now or utcnow()
    stmt = select(Demand).where(
        Demand.escalated.is_(False),
        or_(
            and_(Demand.state == "submitted", Demand.assign_due_at < now),
            and_(Demand.state.in_(workflow.OPEN_STATES), Demand.due_at < now),
        ),
    )
    count = 0
    for demand in db.session.scalars(stmt):
        demand.escalated = True
        demand.updated_at = now
        db.session.add(
            DemandEvent(
                demand_id=demand.id,
                from_state=demand.state,
                to_state=demand.state,
                action="escalate",
                note=N_("超期未办结，系统自动督办"),
                at=now,
            )
        )
        _tell(demand, "escalate")
        count += 1
    return count
