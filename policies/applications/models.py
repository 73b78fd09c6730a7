"""Applications (申报) for policies and funding products, their history, and the firm's
materials library (营业执照, 财务报表 …: uploaded once, reused, each with a validity date)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qifutong.extensions import Model
from qifutong.models_base import JSONType, TimestampMixin, utcnow
from qifutong.web.i18n import N_

MATERIAL_KINDS = {
    "license": N_("营业执照"),
    "financials": N_("财务报表"),
    "qualification": N_("资质证书"),
    "tax": N_("完税证明"),
    "social_security": N_("社保缴纳证明"),
    "other": N_("其他材料"),
}

application_material = Table(
    "application_material",
    Model.metadata,
    Column("application_id", ForeignKey("application.id", ondelete="CASCADE"), primary_key=True),
    Column("material_id", ForeignKey("firm_material.id", ondelete="CASCADE"), primary_key=True),
)


class FirmMaterial(TimestampMixin, Model):
    """One file of a firm's materials library, reused across its applications."""

    __tablename__ = "firm_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # a key of MATERIAL_KINDS
    title: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer, default=0)
    valid_until: Mapped[date | None] = mapped_column(Date)  # None: does not expire
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day


class Application(TimestampMixin, Model):
    """A firm's application for a policy or a funding product, or a 免申即享 payout the street
    recorded without one (channel "auto"), and where it stands."""

    __tablename__ = "application"
    __table_args__ = (Index("ix_application_offer", "offer_kind", "offer_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A version check: of two moves made at once from the same state, the second fails (409).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the mapper
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    offer_kind: Mapped[str] = mapped_column(String(16))  # policy / funding
    offer_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(8), default="apply")  # apply / auto
    state: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    # What the firm's record said when it applied (name, code, contacts, figures, reasons).
    form: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The firm's answers: the offer's own questions, and data the record lacked.
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)  # the current state's deadline
    amount_paid: Mapped[float | None] = mapped_column(Float)  # yuan
    paid_on: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    enterprise = relationship("Enterprise", foreign_keys=[enterprise_id])
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationEvent.id",
    )
    materials: Mapped[list[FirmMaterial]] = relationship(
        secondary=application_material, order_by="FirmMaterial.id"
    )


class ApplicationEvent(Model):
    """One move of an application: who, when, from which state to which, and the note."""

    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[float | None] = mapped_column(Float)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    user = relationship("User", foreign_keys=[user_id])
