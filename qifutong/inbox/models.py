"""The firm's inbox: offers pushed to it, messages to users, saved searches and followed
offers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, utcnow

PUSH_STATES = ("new", "seen", "clicked", "applied", "granted", "dismissed")


class Push(Model):
    """An offer sent to a firm's inbox (为您推荐) and what the firm did with it.

    The funnel reads the timestamps: pushed = rows with channel "push"; seen, clicked, applied,
    granted = rows with that timestamp set; dismissed = state "dismissed". A row with channel
    "search" is an offer the firm found itself and applied for (not a push)."""

    __tablename__ = "push"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "offer_kind", "offer_id", name="uq_push_firm_offer"),
        Index("ix_push_offer", "offer_kind", "offer_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A version check: two officials granting the same push at once cannot both succeed.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the mapper
    # Read by firm through the unique key (enterprise_id first): no index of its own.
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    offer_kind: Mapped[str] = mapped_column(String(16))
    offer_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12))  # eligible / near_miss when pushed
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # Read by state only together with the offer (ix_push_offer), the firm or the day.
    state: Mapped[str] = mapped_column(String(12), default="new")
    channel: Mapped[str] = mapped_column(String(8), default="push")  # push / search
    dismissed_reason: Mapped[str | None] = mapped_column(Text)
    granted_amount: Mapped[float | None] = mapped_column(Float)
    pushed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    clicked_at: Mapped[datetime | None] = mapped_column(DateTime)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    granted_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The closing date a 即将截止 reminder was given for (in a digest), so it comes once.
    closing_noted_on: Mapped[date | None] = mapped_column(Date)


class Notification(Model):
    """An in-app message to one user (digests, warnings, assignments)."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # push_digest, lease_digest, demand, …
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)


class SavedSearch(Model):
    """A firm user's saved search on a find page (找政策 …): its words and filters, and the
    offers it has already shown, so the digest brings only new matches."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # policy / funding / service / space
    query: Mapped[str] = mapped_column(String(200), default="")
    facets: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    fit: Mapped[str] = mapped_column(String(12), default="")
    seen: Mapped[list[int]] = mapped_column(JSONType, default=list)  # offer ids already shown
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class OfferFollow(Model):
    """A firm following an offer (关注): it is told when the application window opens, when
    its deadline is near and when the text is amended; each told once per window."""

    __tablename__ = "offer_follow"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "offer_kind", "offer_id", name="uq_follow_firm_offer"),
        Index("ix_follow_offer", "offer_kind", "offer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    offer_kind: Mapped[str] = mapped_column(String(16))
    offer_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The window whose opening was told (its first day) and the closing date a reminder was
    # given for.
    opening_noted_on: Mapped[date | None] = mapped_column(Date)
    closing_noted_on: Mapped[date | None] = mapped_column(Date)
