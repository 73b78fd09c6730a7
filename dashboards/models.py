"""District macro statistics imported monthly (group A of the cockpit), and the data version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, String, UniqueConstraint
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


class DataChange(Model):
    """A committed write to data the cockpit reads; the rows' count and top id are the data
    version that every server process compares before trusting its cached figures."""

    __tablename__ = "dashboard_data_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    tables: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
