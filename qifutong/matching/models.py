"""Match results and pushes (firm × offer)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, utcnow

PUSH_STATES = ("new", "seen", "clicked", "applied", "granted", "dismissed")


class MatchResult(Model):
    """Whether an offer fits a firm now: eligible or near-miss, with reasons and what is missing."""

    __tablename__ = "match_result"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "offer_kind", "offer_id", name="uq_match_firm_offer"),
        Index("ix_match_offer", "offer_kind", "offer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    offer_kind: Mapped[str] = mapped_column(String(16))  # policy, funding, service, activity, space
    offer_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(12))  # eligible / near_miss
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    missing: Mapped[list[str]] = mapped_column(JSONType, default=list)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Reached only thanks to values the firm reported itself that wait for verification.
    unverified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


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
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    offer_kind: Mapped[str] = mapped_column(String(16))
    offer_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(12))  # eligible / near_miss when pushed
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    missing: Mapped[list[str]] = mapped_column(JSONType, default=list)
    state: Mapped[str] = mapped_column(String(12), default="new", index=True)
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
