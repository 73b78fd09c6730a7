"""Enterprise, its monthly economic records, source rows and change history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
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
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from qifutong.extensions import Model
from qifutong.imports.models import ImportBatch  # noqa: F401 - the batch the rows came from
from qifutong.matching.vocabulary import SIZE_LABELS, STATUS_LABELS
from qifutong.models_base import JSONType, TimestampMixin, utcnow
from qifutong.timeutil import street_today

SIZE_CLASSES = tuple(SIZE_LABELS)
STATUSES = tuple(STATUS_LABELS)
ACTIVE = "active"  # 存续在营: the only status matched, pushed, graded and counted
# A key firm (重点企业) is one the monthly grading rule (docs/key-firm-grading.md) placed in
# grade A, B or C; a firm meeting no grade is not a key firm.
KEY_FIRM_GRADES = ("A", "B", "C")


class Enterprise(TimestampMixin, Model):
    """A firm of the street, resolved from one or more imported rows."""

    __tablename__ = "enterprise"
    # Active firms by last-12-month tax: the street's top taxpayers (key firms) and the
    # register's default order, read from the index instead of the wide rows.
    # The register as the street reads it (largest taxpayers first, enterprise_search): an
    # index in that order lets a page of a common search stop after its first rows. SQLite
    # knows no NULLS LAST in an index, and needs none: its DESC puts NULLs last.
    __table_args__ = (
        Index(
            "ix_enterprise_status_tax_order", "status", text("tax_12m DESC NULLS LAST"), "id"
        ).ddl_if(dialect="postgresql"),
        Index("ix_enterprise_status_tax_order_lite", "status", text("tax_12m DESC"), "id").ddl_if(
            dialect="sqlite"
        ),
        # The same order over every status (the API searches the whole register by default).
        Index("ix_enterprise_tax_order", text("tax_12m DESC NULLS LAST"), "id").ddl_if(
            dialect="postgresql"
        ),
        Index("ix_enterprise_tax_order_lite", text("tax_12m DESC"), "id").ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str | None] = mapped_column(String(32), unique=True)
    # Why the code is doubtful when it was kept as read (a failed check digit …); None if valid.
    uscc_problem: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_norm: Mapped[str] = mapped_column(String(200), index=True, default="")
    region: Mapped[str | None] = mapped_column(String(40))
    is_branch: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_rep: Mapped[str | None] = mapped_column(String(60))
    registered_capital: Mapped[float | None] = mapped_column(Float)  # yuan
    founded_on: Mapped[date | None] = mapped_column(Date)
    company_type: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, index=True)
    registered_address: Mapped[str | None] = mapped_column(String(300))
    business_scope: Mapped[str | None] = mapped_column(Text)
    industry_code: Mapped[str | None] = mapped_column(String(8), index=True)  # GB/T 4754-2017
    industry_section: Mapped[str | None] = mapped_column(String(1), index=True)
    size_class: Mapped[str | None] = mapped_column(String(8), index=True)
    headcount: Mapped[int | None] = mapped_column(Integer)
    qualifications: Mapped[list[str]] = mapped_column(JSONType, default=list)
    ip_patents: Mapped[int | None] = mapped_column(Integer)
    ip_software: Mapped[int | None] = mapped_column(Integer)
    ip_trademarks: Mapped[int | None] = mapped_column(Integer)
    registered_here: Mapped[bool | None] = mapped_column(Boolean)
    operates_here: Mapped[bool | None] = mapped_column(Boolean)
    tax_here: Mapped[bool | None] = mapped_column(Boolean)
    above_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    building_id: Mapped[int | None] = mapped_column(
        ForeignKey("building.id", ondelete="SET NULL"), index=True
    )
    floor: Mapped[str | None] = mapped_column(String(16))
    room: Mapped[str | None] = mapped_column(String(32))
    moved_in_on: Mapped[date | None] = mapped_column(Date)
    moved_out_on: Mapped[date | None] = mapped_column(Date)
    contact_name: Mapped[str | None] = mapped_column(String(60))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    area_need: Mapped[float | None] = mapped_column(Float)  # m² of space sought
    move_in_by: Mapped[date | None] = mapped_column(Date)  # when it wants to move into new space
    certificates: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)  # qual → number
    stage: Mapped[str | None] = mapped_column(String(16))  # startup / growth / mature
    grade: Mapped[str | None] = mapped_column(String(1), index=True)  # key firm A/B/C
    tier: Mapped[str | None] = mapped_column(String(16))  # growing / stable / at_risk
    # Derived, kept current by the economic-record loaders: last 12 months, yuan.
    revenue_12m: Mapped[float | None] = mapped_column(Float)
    tax_12m: Mapped[float | None] = mapped_column(Float)

    source_rows: Mapped[list[EnterpriseSourceRow]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="EnterpriseSourceRow.id"
    )
    tags: Mapped[list[EnterpriseTag]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan"
    )

    @hybrid_property
    def is_active(self) -> bool:
        """An active firm (存续在营); in a query, `where(Enterprise.is_active)`."""
        return self.status == ACTIVE

    @hybrid_property
    def is_key_firm(self) -> bool:
        """A key firm (重点企业, graded A/B/C); in a query, `where(Enterprise.is_key_firm)`."""
        return self.grade in KEY_FIRM_GRADES

    @is_key_firm.inplace.expression
    @classmethod
    def _is_key_firm_expression(cls) -> ColumnElement[bool]:
        return cls.grade.in_(KEY_FIRM_GRADES)

    @property
    def years_since_founding(self) -> float | None:
        if self.founded_on is None:
            return None
        return (street_today() - self.founded_on).days / 365.25


class EconomicRecord(Model):
    """One firm's figures for one month (yuan; headcount at month end)."""

    __tablename__ = "economic_record"
    # On PostgreSQL the key carries the figures, so that the cockpit sums them per firm by an
    # index-only scan in firm order instead of hashing every record (dashboards/frames.py).
    __table_args__ = (
        UniqueConstraint(
            "enterprise_id",
            "period",
            name="uq_economic_record_month",
            postgresql_include=["revenue", "tax_total", "tax_local", "headcount"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date] = mapped_column(Date, index=True)  # first day of the month
    revenue: Mapped[float | None] = mapped_column(Float)
    tax_total: Mapped[float | None] = mapped_column(Float)
    tax_local: Mapped[float | None] = mapped_column(Float)
    headcount: Mapped[int | None] = mapped_column(Integer)
    # The import that last wrote the record (None: loaded by the demo seed).
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )


class EconomicRecordChange(Model):
    """A firm-month's figures as they were before an import replaced them."""

    __tablename__ = "economic_record_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[date] = mapped_column(Date)
    old: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # figures and batch_id
    new: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )  # the import that replaced them
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UnmatchedFigure(Model):
    """A figures row for a firm not in the register, waiting to be linked to one (or dropped)."""

    __tablename__ = "unmatched_figure"
    __table_args__ = (Index("ix_unmatched_figure_identity", "identity", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    row_number: Mapped[int] = mapped_column(Integer)
    identity: Mapped[str] = mapped_column(String(220))  # "U:<code>" or "N:<name key>"
    uscc: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(String(200))
    period: Mapped[date] = mapped_column(Date)
    revenue: Mapped[float | None] = mapped_column(Float)
    tax_total: Mapped[float | None] = mapped_column(Float)
    tax_local: Mapped[float | None] = mapped_column(Float)
    headcount: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL")
    )
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EnterpriseSourceRow(Model):
    """A spreadsheet row a firm was resolved from (lineage)."""

    __tablename__ = "enterprise_source_row"
    __table_args__ = (Index("ix_source_row_file_row", "file_name", "row_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    row_number: Mapped[int] = mapped_column(Integer)
    row_key: Mapped[str] = mapped_column(String(64), index=True)  # hash of the row's content
    raw: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Why the row joined its firm: {"score": chance in %, "evidence": [...], "with": "FILE:ROW"}.
    match: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)

    enterprise: Mapped[Enterprise] = relationship(back_populates="source_rows")


class EnterpriseChange(Model):
    """An old value replaced by an import, an edit or the API (the firm's history)."""

    __tablename__ = "enterprise_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    source: Mapped[str] = mapped_column(String(120))  # "import:12", "user:3", "api:3"
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # For an import: its batch and the rows (FILE:ROW) that gave the new value.
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    rows: Mapped[list[str] | None] = mapped_column(JSONType, nullable=True)


class PendingChange(Model):
    """A value an import would put on an existing firm in place of another one (or a code kept
    as read although it fails its check): it waits for an official instead of overwriting."""

    __tablename__ = "pending_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    reason: Mapped[str] = mapped_column(String(300))
    rows: Mapped[list[str]] = mapped_column(JSONType, default=list)  # FILE:ROW
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FirmReport(Model):
    """A value a firm gave for its own record (企业自报) on a field policies rely on: it waits
    for the street to verify it, and counts for recommendations only until then."""

    __tablename__ = "firm_report"
    __table_args__ = (Index("ix_firm_report_firm_status", "enterprise_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    old_value: Mapped[Any] = mapped_column(JSONType, nullable=True)  # the verified value then
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    source: Mapped[str] = mapped_column(String(40))  # "firm:<user id>", "application:<id>" …
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)  # the street's reason when it does not verify


class ResolutionDecision(Model):
    """An official's decision on a pair of rows the resolver was unsure of; re-imports obey it."""

    __tablename__ = "resolution_decision"
    __table_args__ = (UniqueConstraint("key_a", "key_b", name="uq_resolution_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_a: Mapped[str] = mapped_column(String(64))  # identity keys of the two sides, sorted
    key_b: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(String(8))  # merge / separate / None = pending
    score: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Tag(Model):
    """A term of the controlled vocabulary (industry, size, qualification, stage, theme)."""

    __tablename__ = "tag"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name_zh: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120))
    parent: Mapped[str | None] = mapped_column(String(40))


class EnterpriseTag(Model):
    """A tag on a firm and where it came from (data rule or an official)."""

    __tablename__ = "enterprise_tag"

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprise.id", ondelete="CASCADE"), primary_key=True
    )
    tag_code: Mapped[str] = mapped_column(ForeignKey("tag.code"), primary_key=True, index=True)
    source: Mapped[str] = mapped_column(String(16), default="data")

    enterprise: Mapped[Enterprise] = relationship(back_populates="tags")
