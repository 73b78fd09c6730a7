"""Applying, moving applications through their states, recording 免申即享 payouts, the
materials library, and telling the firm of each step."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from policies.applications import workflow
from policies.applications.form import (
    NotOfferable,
    Prepared,
    prepare,
    read_profile_answers,
    reportable,
)
from policies.applications.models import (
    Application,
    ApplicationEvent,
    FirmMaterial,
)
from policies.applications.notices import tell
from policies.applications.questions import AnswerError, read_answer
from policies.models import Policy
from qifutong.auth.models import Role, User
from qifutong.demands.workcal import add_working_time, working_days, working_hours_from
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.reports import ReportError, report
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.inbox import pushes
from qifutong.inbox.models import Push
from qifutong.matching import registry
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today, to_local, to_utc
from qifutong.web.i18n import join, translate

log = logging.getLogger(__name__)


class ApplicationError(QifutongError):
    """An application request that cannot be done: status, code, the field at fault, and the
    message in English (API) and Chinese (pages)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        zh: str | None = None,
        *,
        field: str | None = None,
        allowed: list[str] | None = None,
        missing: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.zh = zh or message
        self.field = field
        self.allowed = allowed or []
        self.missing = missing or []

    def shown(self) -> str:
        """What a page shows: the Chinese message, in the current locale."""
        return translate(self.zh)

    def api_error(self) -> dict[str, Any]:
        body = super().api_error()
        if self.field:
            body["field"] = self.field
        if self.code == "illegal_transition":
            body["allowed"] = self.allowed
        if self.code == "not_eligible":
            body["missing"] = self.missing
        return body


def _bad(field: str, zh: str) -> ApplicationError:
    return ApplicationError(422, "invalid_field", f"{field}: {zh}", zh, field=field)


# --- deadlines -------------------------------------------------------------------------------


def due_after(state: str, start_utc: datetime) -> datetime | None:
    """The deadline of an application entering `state` at start_utc (naive UTC), counted in
    working days on the street's calendar; None where no clock runs."""
    cfg = current_app.config
    days = workflow.deadline_days(state, cfg)
    if days is None:
        return None
    hours, tz = working_hours_from(cfg), cfg["QIFUTONG_TIMEZONE"]
    local = add_working_time(to_local(start_utc, tz), working_days(days, hours), hours)
    return to_utc(local, tz)


def is_overdue(app: Application, now: datetime | None = None) -> bool:
    return (
        app.state in workflow.OPEN_STATES
        and app.due_at is not None
        and (now or utcnow()) > app.due_at
    )


# --- who may do what -------------------------------------------------------------------------


def actors_for(user: User | None, app: Application) -> set[str]:
    if user is None or not user.is_active:
        return set()
    if user.sees_all:
        return {workflow.STREET}
    if user.role == Role.FIRM and user.enterprise_id == app.enterprise_id:
        return {workflow.FIRM}
    return set()


def allowed_for(user: User | None, app: Application) -> list[str]:
    if app.channel == "auto":
        return []
    return workflow.allowed_targets(app.state, actors_for(user, app))


def can_see(user: User, app: Application) -> bool:
    return bool(actors_for(user, app))


# --- the materials an application uses -------------------------------------------------------


def _materials(ent: Enterprise, ids: list[int], today: date) -> list[FirmMaterial]:
    """The firm's own materials by id, each still valid."""
    out = []
    for i, mid in enumerate(dict.fromkeys(ids)):
        material = db.session.get(FirmMaterial, mid)
        if material is None or material.enterprise_id != ent.id:
            raise _bad(f"materials[{i}]", translate("材料库中没有编号为 {id} 的材料", id=mid))
        if not material.valid_on(today):
            raise _bad(
                f"materials[{i}]",
                translate(
                    "“{title}”已于 {day} 过期，请上传新的",
                    title=material.title,
                    day=material.valid_until,
                ),
            )
        out.append(material)
    return out


# --- applying --------------------------------------------------------------------------------


def prepared_for(
    ent: Enterprise,
    kind: str,
    offer_id: int,
    answers: dict[str, Any] | None = None,
    today: date | None = None,
    window: bool = True,
) -> Prepared:
    """The form for this firm and offer (ApplicationError 404 when there is no such offer, 422
    when it pays out without application or, for a new application (`window`), outside its
    application window)."""
    today = today or street_today()
    try:
        prepared = prepare(ent, kind, offer_id, today, answers)
    except NotOfferable as exc:
        raise ApplicationError(
            404, "not_found", str(exc), "没有找到该政策或资金产品", field="offer_id"
        ) from exc
    if isinstance(prepared.record, Policy) and prepared.record.payout_mode == "auto":
        raise ApplicationError(
            422,
            "no_application",
            "offer_id: this policy pays out without application (免申即享)",
            "该政策为免申即享，符合条件的企业无需申报，街道将直接兑现",
            field="offer_id",
        )
    record = prepared.record
    if not window:  # a returned application is completed whenever the street asks
        return prepared
    if record.opens_on is not None and today < record.opens_on:
        raise ApplicationError(
            422, "window_closed", f"offer_id: applications open on {record.opens_on}",
            translate("本批申报将于 {day} 开始", day=record.opens_on), field="offer_id",
        )  # fmt: skip
    if record.closes_on is not None and today > record.closes_on:
        raise ApplicationError(
            422, "window_closed", f"offer_id: applications closed on {record.closes_on}",
            translate("本批申报已于 {day} 截止", day=record.closes_on), field="offer_id",
        )  # fmt: skip
    return prepared


def _read_answers(prepared: Prepared, answers: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """Clean answers (profile fields and the offer's questions) and the materials the file
    questions name."""
    try:
        out = read_profile_answers(prepared, answers)
        files = []
        for q in prepared.questions:
            value = read_answer(q, answers.get(q.key), f"answers.{q.key}")
            out[q.key] = value
            if q.kind == "file" and value is not None:
                files.append(int(value))
    except AnswerError as exc:
        field = exc.field if exc.field.startswith("answers.") else f"answers.{exc.field}"
        raise _bad(field, exc.message) from exc
    unknown = sorted(set(answers) - set(out))
    if unknown:
        raise _bad(f"answers.{unknown[0]}", translate("申报表中没有这一项"))
    return out, files


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _fill(
    app: Application,
    ent: Enterprise,
    prepared: Prepared,
    answers: dict[str, Any],
    material_ids: list[int],
    user: User | None,
    today: date,
) -> None:
    """Take the firm's answers and materials; answers for its record go to its profile."""
    if prepared.failed:
        raise ApplicationError(
            422,
            "not_eligible",
            "the firm does not meet the offer's conditions",
            translate("贵企业暂不符合申报条件：{reasons}", reasons="；".join(prepared.failed)),
            missing=prepared.failed,
        )
    clean, files = _read_answers(prepared, answers)
    app.materials = _materials(ent, [*material_ids, *files], today)
    app.answers = {k: _stored(v) for k, v in clean.items()}
    app.form = prepared.form
    own = {f: v for f, v in clean.items() if reportable(f)}
    if own:
        try:
            report(
                ent,
                own,
                source=f"firm:{user.id}" if user else "application",
                user_id=user.id if user else None,
            )
        except ReportError as exc:
            raise _bad(f"answers.{exc.field}", exc.message) from exc


def open_application(enterprise_id: int, kind: str, offer_id: int) -> Application | None:
    """The firm's application for this offer that is still under way or paid."""
    return db.session.scalar(
        select(Application).where(
            Application.enterprise_id == enterprise_id,
            Application.offer_kind == kind,
            Application.offer_id == offer_id,
            Application.state.in_((*workflow.OPEN_STATES, "paid")),
        )
    )


def submit(
    ent: Enterprise,
    kind: str,
    offer_id: int,
    answers: dict[str, Any],
    material_ids: list[int],
    user: User | None,
    now: datetime | None = None,
) -> Application:
    """A new application (submitted), with its deadline and the first line of its history."""
    now = now or utcnow()
    today = to_local(now).date()
    prepared = prepared_for(ent, kind, offer_id, answers, today)
    if open_application(ent.id, kind, offer_id) is not None:
        raise ApplicationError(
            409, "conflict", "the firm has already applied for this offer", "贵企业已经申报过该项目"
        )
    app = Application(
        enterprise_id=ent.id,
        offer_kind=kind,
        offer_id=offer_id,
        title=prepared.title[:300],
        channel="apply",
        state="submitted",
        submitted_at=now,
        due_at=due_after("submitted", now),
        submitted_by=user.id if user else None,
        created_at=now,
        updated_at=now,
    )
    db.session.add(app)
    _fill(app, ent, prepared, answers, material_ids, user, today)
    db.session.flush()
    _log(app, None, "submitted", "submit", None, None, user, now)
    _mark_push(ent.id, kind, offer_id, prepared.evaluation.status, now)
    tell(app, "submit")
    return app


def _mark_push(
    enterprise_id: int, kind: str, offer_id: int, status: str | None, now: datetime
) -> None:
    """The firm's push for the offer says it applied (its funnel step); a firm that found the
    offer itself gets a row of its own."""
    offer = registry.load_offer(kind, offer_id)
    if offer is None:
        return
    with suppress(pushes.PushError):  # applied before (an earlier application was withdrawn)
        pushes.apply(enterprise_id, offer, status, now)


def _log(
    app: Application,
    old: str | None,
    new: str,
    action: str,
    note: str | None,
    amount: float | None,
    user: User | None,
    now: datetime,
) -> None:
    db.session.add(
        ApplicationEvent(
            application_id=app.id,
            from_state=old,
            to_state=new,
            action=action,
            note=note,
            amount=amount,
            user_id=user.id if user else None,
            at=now,
        )
    )


def transition(
    app: Application,
    to: str,
    *,
    user: User | None,
    note: str | None = None,
    amount: float | None = None,
    paid_on: date | None = None,
    answers: dict[str, Any] | None = None,
    material_ids: list[int] | None = None,
    now: datetime | None = None,
) -> ApplicationEvent | None:
    """Move an application if this user may; every move lands in its history and the firm is
    told. A resubmission takes the firm's completed answers and materials."""
    now = now or utcnow()
    allowed = allowed_for(user, app)
    move = workflow.move_for(app.state, to)
    if move is None or to not in allowed:
        label = workflow.STATE_LABELS.get(app.state, app.state)
        names = join([translate(workflow.MOVES[(app.state, t)].label) for t in allowed])
        names = names or translate("无")
        raise ApplicationError(
            409,
            "illegal_transition",
            f"an application in state {app.state} cannot move to {to!r} by this user; "
            f"allowed now: {', '.join(allowed) or 'none'}",
            translate(
                "当前状态“{state}”下不能执行该操作；您现在可以：{moves}",
                state=translate(label),
                moves=names,
            ),
            allowed=allowed,
        )
    note = (note or "").strip()[:2000] or None
    if move.needs_note and not note:
        why = "退回的原因与需补正的内容" if move.action == "return" else "不予通过的理由"
        raise _bad("note", translate("请填写{what}", what=translate(why)))
    if move.needs_amount:
        if amount is None or not 0 < amount <= 1e13:
            raise _bad("amount", translate("请填写兑现金额（元，大于 0）"))
        app.amount_paid = float(amount)
        app.paid_on = paid_on or to_local(now).date()
    if move.action == "resubmit":
        ent = db.session.get(Enterprise, app.enterprise_id)
        assert ent is not None
        given = answers if answers is not None else dict(app.answers or {})
        today = to_local(now).date()
        prepared = prepared_for(ent, app.offer_kind, app.offer_id, given, today, window=False)
        ids = material_ids if material_ids is not None else [m.id for m in app.materials]
        files = {
            int(v) for q in prepared.questions if q.kind == "file" for v in [given.get(q.key)] if v
        }
        kept = [i for i in ids if i not in files]
        _fill(app, ent, prepared, given, kept, user, to_local(now).date())
        app.submitted_at = now
    old = app.state
    app.state = to
    app.due_at = due_after(to, now)
    app.updated_at = now
    _log(app, old, to, move.action, note, app.amount_paid if move.needs_amount else None, user, now)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise ApplicationError(
            409,
            "conflict",
            "the application was moved meanwhile; read it again",
            "该申报刚被他人处理，请刷新后再试",
        ) from exc
    if move.action == "pay":
        _grant_push(app, now)
    tell(app, move.action, note)
    return app.events[-1] if app.events else None


def _grant_push(app: Application, now: datetime) -> None:
    """The firm's push for the offer says it was granted, with the amount (its funnel step)."""
    push = db.session.scalar(
        select(Push).where(
            Push.enterprise_id == app.enterprise_id,
            Push.offer_kind == app.offer_kind,
            Push.offer_id == app.offer_id,
        )
    )
    if push is not None and push.state in pushes.ACTIVE_STATES:
        pushes.grant(push, app.amount_paid, now)


# --- 免申即享 payouts -------------------------------------------------------------------------


def record_payout(
    policy: Policy,
    ent: Enterprise,
    amount: float,
    user: User | None,
    paid_on: date | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Application:
    """The street paid a 免申即享 policy to a firm that did not apply: a paid record, the
    firm's push marked granted, and the notice "已为您兑现 X 元"."""
    now = now or utcnow()
    if policy.payout_mode != "auto":
        raise _bad(
            "policy", translate("只有免申即享政策可以直接兑现；申报制政策请在申报审核中兑现")
        )
    if not 0 < amount <= 1e13:
        raise _bad("amount", translate("请填写兑现金额（元，大于 0）"))
    if open_application(ent.id, "policy", policy.id) is not None:
        raise ApplicationError(
            409,
            "conflict",
            f"{ent.name} has already been paid this policy",
            translate("{name} 已兑现过该政策", name=ent.name),
            field="enterprise",
        )
    app = Application(
        enterprise_id=ent.id,
        offer_kind="policy",
        offer_id=policy.id,
        title=policy.title[:300],
        channel="auto",
        state="paid",
        form={"name": ent.name, "uscc": ent.uscc},
        answers={},
        amount_paid=float(amount),
        paid_on=paid_on or to_local(now).date(),
        created_at=now,
        updated_at=now,
    )
    db.session.add(app)
    db.session.flush()
    _log(app, None, "paid", "payout", (note or "").strip() or None, float(amount), user, now)
    _grant_push(app, now)
    tell(app, "payout")
    return app
