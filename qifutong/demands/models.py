"""Demands with their history and attachments; the days of the holiday notices. (Visits and
visit tasks are in qifutong/visits/models.py, notices and questions in
qifutong/interaction/models.py.)"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qifutong.extensions import Model
from qifutong.models_base import TimestampMixin, utcnow

DEMAND_STATES = (
    "submitted",
    "assigned",
    "accepted",
    "in_progress",
    "replied",
    "closed",
    "rated",
)


class Demand(TimestampMixin, Model):
    """A firm's demand (诉求) and where it stands."""

    __tablename__ = "demand"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A version check: of two moves made at once from the same state, the second fails (409).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the mapper
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(8), default="normal")  # normal / urgent
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    owner_department: Mapped[str | None] = mapped_column(String(120))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    raised_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"))
    assign_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reply: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)  # 1–5
    rating_comment: Mapped[str | None] = mapped_column(Text)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)

    enterprise = relationship("Enterprise", foreign_keys=[enterprise_id])
    owner = relationship("User", foreign_keys=[owner_user_id])
    raised_by = relationship("User", foreign_keys=[raised_by_user_id])
    events: Mapped[list[DemandEvent]] = relationship(
        back_populates="demand", cascade="all, delete-orphan", order_by="DemandEvent.id"
    )
    attachments: Mapped[list[DemandAttachment]] = relationship(
        back_populates="demand", cascade="all, delete-orphan"
    )


class DemandEvent(Model):
    """One change of a demand: who, when, from which state to which, and the note."""

    __tablename__ = "demand_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demand.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    # raise, assign, reassign, accept, start, reply, close, rate, reopen, escalate, attach, import
    action: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    demand: Mapped[Demand] = relationship(back_populates="events")
    user = relationship("User", foreign_keys=[user_id])


class DemandAttachment(Model):
    __tablename__ = "demand_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demand.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    demand: Mapped[Demand] = relationship(back_populates="attachments")


class HolidayNoticeDay(Model):
    """A day set by the State Council's yearly holiday notice, loaded by the street: a public
    holiday (休) or a weekend working day (班). It overrides the holiday package."""

    __tablename__ = "holiday_notice_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(60), default="")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
