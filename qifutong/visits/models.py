"""Visits (走楼访企) and the visit tasks that ask for one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qifutong.extensions import Model
from qifutong.models_base import TimestampMixin


class Visit(TimestampMixin, Model):
    """A visit to a firm or a building (走楼访企) and what was found."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL"), index=True
    )
    building_id: Mapped[int | None] = mapped_column(
        ForeignKey("building.id", ondelete="SET NULL"), index=True
    )
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    visitors: Mapped[str] = mapped_column(String(200), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    enterprise = relationship("Enterprise", foreign_keys=[enterprise_id])


class VisitTask(TimestampMixin, Model):
    """A visit the street should make: a key firm in red, a tax swing, a long gap."""

    __tablename__ = "visit_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))  # lease_red, tax_swing, not_visited
    detail: Mapped[str] = mapped_column(String(300), default="")
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # de-duplication
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"))
