"""Property companies, buildings, units and leases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qifutong.extensions import Model
from qifutong.models_base import TimestampMixin, utcnow
from qifutong.web.i18n import N_

OPEN = "active"  # a lease in force; renewed, ended and closed leases are settled
LEASE_STATUSES = {"active": "在租", "renewed": "已续签", "ended": "已到期退租", "closed": "已关闭"}
INTENTS = {
    "unknown": N_("未知"),
    "renew": N_("续租"),
    "expand": N_("扩租"),
    "shrink": N_("缩租"),
    "leave": N_("退租"),
}


class PropertyCompany(Model):
    __tablename__ = "property_company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact_phone: Mapped[str | None] = mapped_column(String(40))


class Building(TimestampMixin, Model):
    """An office building or park of the street."""

    __tablename__ = "building"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)  # GCJ-02
    lon: Mapped[float | None] = mapped_column(Float)
    type: Mapped[str] = mapped_column(String(60), default="")
    grade: Mapped[str | None] = mapped_column(String(20))
    gross_area: Mapped[float | None] = mapped_column(Float)
    leasable_area: Mapped[float | None] = mapped_column(Float)
    floors_above: Mapped[int | None] = mapped_column(Integer)
    floors_below: Mapped[int | None] = mapped_column(Integer)
    built_year: Mapped[int | None] = mapped_column(Integer)
    property_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("property_company.id", ondelete="SET NULL"), index=True
    )

    property_company: Mapped[PropertyCompany | None] = relationship()
    units: Mapped[list[Unit]] = relationship(
        back_populates="building", cascade="all, delete-orphan", order_by="Unit.id"
    )


class Unit(Model):
    """A rentable unit: a room or suite on a floor."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("building_id", "floor", "room", name="uq_unit_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(
        ForeignKey("building.id", ondelete="CASCADE"), index=True
    )
    floor: Mapped[str] = mapped_column(String(16))
    room: Mapped[str] = mapped_column(String(32))
    area: Mapped[float] = mapped_column(Float)
    rent_per_m2_day: Mapped[float | None] = mapped_column(Float)

    building: Mapped[Building] = relationship(back_populates="units")
    leases: Mapped[list[Lease]] = relationship(back_populates="unit", order_by="Lease.start_on")


class Lease(TimestampMixin, Model):
    """A tenancy of one unit; its end date drives the expiry warnings (DESIGN §5)."""

    __tablename__ = "lease"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL"), index=True
    )
    tenant_name: Mapped[str] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date, index=True)
    rent_per_m2_day: Mapped[float | None] = mapped_column(Float)
    area: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    intent: Mapped[str] = mapped_column(String(12), default="unknown")
    intent_note: Mapped[str | None] = mapped_column(Text)
    intent_at: Mapped[datetime | None] = mapped_column(DateTime)
    intent_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("lease.id", ondelete="SET NULL"))
    closed_on: Mapped[date | None] = mapped_column(Date)

    unit: Mapped[Unit] = relationship(back_populates="leases")

    @hybrid_property
    def is_open(self) -> bool:
        """A lease in force (在租); in a query, `where(Lease.is_open)`."""
        return self.status == OPEN


class LeaseEvent(Model):
    """The history of a lease: intents recorded, renewals, closure."""

    __tablename__ = "lease_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    lease_id: Mapped[int] = mapped_column(ForeignKey("lease.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # intent / renewal / close / import
    detail: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
