"""District macro statistics imported monthly (group A of the cockpit) and the running totals
the cockpit reads (DataChange, the data version, lives in qifutong.changes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import utcnow


class MacroStatistic(Model):
    __tablename__ = "macro_statistic"
    __table_args__ = (UniqueConstraint("key", "period", name="uq_macro_key_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    period: Mapped[date] = mapped_column(Date)  # first day of the month
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")
    source: Mapped[str] = mapped_column(String(120), default="")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id", ondelete="SET NULL"))


# The running totals of FirmMonth, each also kept as of a year earlier (`<name>_ly`).
FIGURES = ("tax", "local", "revenue", "records")


class FirmMonth(Model):
    """Each firm's figures summed from its first month with records up to the latest month of
    the street (dashboards.aggregates): the cockpit reads any window's sum as the difference of
    two months, instead of summing every record. `records` counts the months with records, so
    a window without any reads as no data, as the records themselves would. The `*_ly` columns
    repeat the running totals of the same month a year earlier (0 before the firm's first
    month), so that a period and the same months last year are read from the same two rows."""

    __tablename__ = "cockpit_firm_month"
    __table_args__ = (
        Index(
            "ix_cockpit_firm_month_period",
            "period",
            "enterprise_id",
            postgresql_include=[*FIGURES, "headcount", *[f"{f}_ly" for f in FIGURES]],
        ),
    )

    enterprise_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    tax: Mapped[float] = mapped_column(Float, default=0.0)  # running totals up to this month
    local: Mapped[float] = mapped_column(Float, default=0.0)
    revenue: Mapped[float] = mapped_column(Float, default=0.0)
    records: Mapped[int] = mapped_column(default=0)
    headcount: Mapped[float | None] = mapped_column(Float)  # this month's, if recorded
    # The same running totals twelve months earlier.
    tax_ly: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    local_ly: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    revenue_ly: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    records_ly: Mapped[int] = mapped_column(default=0, server_default="0")


class AggregateState(Model):
    """How fresh the cockpit's aggregates are: the data change (dashboard_data_change id) they
    include. Newer changes to the records make the cockpit read the records themselves."""

    __tablename__ = "cockpit_aggregate_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    change_id: Mapped[int] = mapped_column(default=0)
    record_id: Mapped[int] = mapped_column(default=0)  # the newest record included
    refreshed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MonthTotal(Model):
    """The street's monthly figures by the firms' here-flags — for the whole street, per
    building and per industry section (dashboards.aggregates): the cockpit's monthly trends
    are sums of a few of these rows."""

    __tablename__ = "cockpit_month"
    __table_args__ = (Index("ix_cockpit_month_grouping", "grouping", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping: Mapped[str] = mapped_column(String(8))  # street / building / section
    period: Mapped[date] = mapped_column(Date)
    building_id: Mapped[int | None] = mapped_column()
    section: Mapped[str | None] = mapped_column(String(1))
    tax_here: Mapped[bool] = mapped_column(default=False)
    operates_here: Mapped[bool] = mapped_column(default=False)
    tax: Mapped[float | None] = mapped_column(Float)
    local: Mapped[float | None] = mapped_column(Float)
    revenue: Mapped[float | None] = mapped_column(Float)
