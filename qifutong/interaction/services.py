"""Firm–government interaction (政企互动): announcements by tags with receipts, questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select

from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise, EnterpriseTag, Tag
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.interaction.models import Announcement, AnnouncementReceipt, Question
from qifutong.models_base import utcnow
from qifutong.web.i18n import translate


class InteractionError(QifutongError, ValueError):
    """Input that cannot be used; the message names the field."""

    status = 422
    code = "invalid_field"


def audience(target_tags: list[str]) -> Any:
    """The firms an announcement reaches: active firms here with any of the tags (all if none)."""
    stmt = select(Enterprise.id).where(Enterprise.is_active, Enterprise.operates_here.is_(True))
    if target_tags:
        tagged = select(EnterpriseTag.enterprise_id).where(EnterpriseTag.tag_code.in_(target_tags))
        stmt = stmt.where(Enterprise.id.in_(tagged))
    return stmt


def publish_announcement(
    *, title: str, body: str, target_tags: list[str], user: User | None, now: datetime | None = None
) -> Announcement:
    """Publish a notice and deliver it (a receipt per firm reached) in one bulk insert."""
    title = title.strip()
    if not title:
        raise InteractionError(translate("标题：请填写公告标题"))
    known = set(db.session.scalars(select(Tag.code).where(Tag.code.in_(target_tags))))
    unknown = [t for t in target_tags if t not in known]
    if unknown:
        raise InteractionError(translate("目标标签：未知的标签 {tags}", tags=", ".join(unknown)))
    now = now or utcnow()
    item = Announcement(
        title=title[:200],
        body=body.strip(),
        target_tags=list(target_tags),
        published_at=now,
        created_by=user.id if user else None,
    )
    db.session.add(item)
    db.session.flush()
    firm_ids = list(db.session.scalars(audience(target_tags)))
    if firm_ids:
        db.session.execute(
            insert(AnnouncementReceipt),
            [
                {"announcement_id": item.id, "enterprise_id": eid, "delivered_at": now}
                for eid in firm_ids
            ],
        )
    return item


def receipt_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """Announcement id → (delivered, read)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            AnnouncementReceipt.announcement_id,
            func.count(),
            func.count(AnnouncementReceipt.read_at),
        )
        .where(AnnouncementReceipt.announcement_id.in_(ids))
        .group_by(AnnouncementReceipt.announcement_id)
    )
    return {aid: (int(n), int(r)) for aid, n, r in rows}


def mark_read(announcement_id: int, enterprise_id: int, now: datetime | None = None) -> bool:
    """Note that the firm opened the notice (first time only); False if it was not sent to it."""
    receipt = db.session.get(AnnouncementReceipt, (announcement_id, enterprise_id))
    if receipt is None:
        return False
    if receipt.read_at is None:
        receipt.read_at = now or utcnow()
    return True


def ask_question(enterprise_id: int, user: User | None, text: str) -> Question:
    text = text.strip()
    if not text:
        raise InteractionError(translate("问题：请填写要咨询的内容"))
    q = Question(enterprise_id=enterprise_id, asked_by=user.id if user else None, text=text)
    db.session.add(q)
    return q


def answer_question(
    question: Question, user: User | None, text: str, now: datetime | None = None
) -> Question:
    text = text.strip()
    if not text:
        raise InteractionError(translate("答复：请填写答复内容"))
    question.answer = text
    question.answered_by = user.id if user else None
    question.answered_at = now or utcnow()
    return question
