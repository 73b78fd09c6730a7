"""Policies, funding products, service providers and activities: the offers firms receive."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, TimestampMixin
from qifutong.web.i18n import N_

ISSUER_LEVELS = {
    "national": N_("国家"),
    "province": N_("浙江省"),
    "city": N_("杭州市"),
    "district": N_("西湖区"),
    "street": N_("街道"),
}
PAYOUT_MODES = {"auto": N_("免申即享"), "fast": N_("快申快享"), "apply": N_("申请制")}
POLICY_STATUSES = {"draft": "草稿", "published": "已发布", "expired": "已过期"}


class Policy(TimestampMixin, Model):
    """An enterprise-support policy with its criteria (DESIGN §4)."""

    __tablename__ = "policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    issuer_level: Mapped[str] = mapped_column(String(12), default="district")
    issuer_department: Mapped[str] = mapped_column(String(200), default="")
    doc_number: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    full_text: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # The application window of the current batch (第N批): firms apply from opens_on to closes_on.
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    batch: Mapped[str | None] = mapped_column(String(40))
    payout_mode: Mapped[str] = mapped_column(String(8), default="apply")
    max_amount: Mapped[float | None] = mapped_column(Float)
    amount_text: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # The application form's own questions (policies.applications.questions).
    questions: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType, default=list, server_default=text("'[]'")
    )
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class FundingProduct(TimestampMixin, Model):
    """A bank loan, guarantee or investor offer (找资金)."""

    __tablename__ = "funding_product"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    provider: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12))  # loan / guarantee / equity
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    amount_min: Mapped[float | None] = mapped_column(Float)
    amount_max: Mapped[float | None] = mapped_column(Float)
    rate_text: Mapped[str] = mapped_column(String(200), default="")
    term_months: Mapped[int | None] = mapped_column(Integer)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    batch: Mapped[str | None] = mapped_column(String(40))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType, default=list, server_default=text("'[]'")
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceProvider(TimestampMixin, Model):
    """A law firm, accountant, IP agent, broker or HR firm serving the street (找服务)."""

    __tablename__ = "service_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id", ondelete="SET NULL"))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Activity(TimestampMixin, Model):
    """A training or event firms can sign up for."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))  # training / event
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    organizer: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    tags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(String(12), default="published")


class ActivitySignup(Model):
    __tablename__ = "activity_signup"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    signed_up_at: Mapped[datetime] = mapped_column(DateTime)
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
