"""Telling people: in-app notifications and e-mail through the configured SMTP server."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from flask import current_app

from qifutong.extensions import db
from qifutong.inbox.models import Notification


def send_email(to: Iterable[str], subject: str, body: str) -> bool:
    """Send one plain-text message; False (and nothing sent) when no SMTP host is set."""
    recipients = [r for r in to if r]
    cfg = current_app.config
    if not recipients or not cfg.get("QIFUTONG_SMTP_HOST"):
        return False
    msg = EmailMessage()
    msg["From"] = cfg["QIFUTONG_SMTP_SENDER"]
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(cfg["QIFUTONG_SMTP_HOST"], cfg["QIFUTONG_SMTP_PORT"], timeout=30) as smtp:
        if cfg.get("QIFUTONG_SMTP_TLS"):
            smtp.starttls()
        if cfg.get("QIFUTONG_SMTP_USER"):
            smtp.login(cfg["QIFUTONG_SMTP_USER"], cfg["QIFUTONG_SMTP_PASSWORD"])
        smtp.send_message(msg)
    return True


def notify(
    user_id: int, kind: str, title: str, body: str = "", link: str | None = None
) -> Notification:
    """An in-app message for one user (shown on their home page)."""
    note = Notification(user_id=user_id, kind=kind, title=title, body=body, link=link)
    db.session.add(note)
    return note
