"""Notices to firms by tag and their receipts, and firms' questions (政企互动)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, TimestampMixin, utcnow


class Announcement(TimestampMixin, Model):
    """A notice to firms, targeted by tags (政企互动)."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    target_tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class AnnouncementReceipt(Model):
    __tablename__ = "announcement_receipt"

    announcement_id: Mapped[int] = mapped_column(
        ForeignKey("announcement.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True
    )
    delivered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class Question(TimestampMixin, Model):
    """A firm's question to the street and its answer."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
