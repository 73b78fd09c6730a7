"""Telling people about an application: each of the firm's users in the app and by e-mail when
SMTP is set, and the street's officials when an application waits for them."""

from __future__ import annotations

import logging

from sqlalchemy import select

from policies.applications import workflow
from policies.applications.models import Application
from qifutong.auth.models import Role, User
from qifutong.extensions import db
from qifutong.inbox.mail import notify, send_email
from qifutong.models_base import utcnow

log = logging.getLogger(__name__)


def notice_title(app: Application, action: str) -> str:
    template = workflow.NOTICES.get(action, "您的申报有新进展：{title}")
    amount = workflow.amount_text(app.amount_paid) if app.amount_paid is not None else ""
    return template.format(title=app.title, amount=amount)


def tell(app: Application, action: str, note: str | None = None) -> None:
    """Each of the firm's users gets a message in the app, and an e-mail when SMTP is set; the
    street's officials hear of each application that waits for them."""
    title = notice_title(app, action)
    body = f"{'说明：' + note if note else ''}"
    link = f"/applications/{app.id}"
    users = db.session.scalars(
        select(User).where(User.enterprise_id == app.enterprise_id, User.active.is_(True))
    )
    if action in ("submit", "resubmit"):
        firm = app.form.get("name") or ""
        waiting = "重新提交" if action == "resubmit" else "新申报"
        for uid in db.session.scalars(
            select(User.id).where(User.role == Role.STREET, User.active.is_(True))
        ):
            notify(uid, "application", f"{waiting}待受理：{firm}“{app.title}”", link=link)
    for user in users:
        message = notify(user.id, "application", title, body=body, link=link)
        if not user.email:
            continue
        try:
            if send_email(
                [user.email], f"【企服通】{title}", f"{title}\n{body}\n\n登录企服通查看详情。"
            ):
                message.emailed_at = utcnow()
        except OSError as exc:  # the message stays in the app; the mail is not retried
            log.warning("application %s: mail to user %s failed: %s", app.id, user.id, exc)
