"""Match results (firm × offer): what the engine found, what each offer reached, and the
near-miss floors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Index,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, utcnow


class MatchResult(Model):
    """Whether an offer fits a firm now, as compact codes: eligible or near-miss, the score,
    and which of the offer's conditions the firm meets (bit i of `met` for condition i).
    Reasons and what is missing are rendered from these when read (matching.explain).

    Every eligible result is kept; a near-miss only among the firm's best N (by closeness,
    then score). Results are derived data, rebuilt by matching: no foreign key slows their
    bulk writes, and every read goes through the live firms."""

    __tablename__ = "match_result"
    __table_args__ = (Index("ix_match_offer", "offer_kind", "offer_id", "status"),)

    enterprise_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    offer_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    offer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(12))  # eligible / near_miss
    score: Mapped[float] = mapped_column(Float, default=0.0)
    met: Mapped[int] = mapped_column(BigInteger, default=0)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Reached only thanks to values the firm reported itself that wait for verification.
    unverified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class OfferReach(Model):
    """What one offer reaches, counted when it was matched: eligible and near-miss firms (all
    of them, stored or not) and, for each condition, how many near-miss firms miss it."""

    __tablename__ = "offer_reach"

    offer_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    offer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    eligible: Mapped[int] = mapped_column(default=0)
    near_miss: Mapped[int] = mapped_column(default=0)
    near_miss_unknown: Mapped[int] = mapped_column(default=0)  # missing only data, nothing else
    # Per condition, in order: [near-miss firms that fail it, that have no data for it].
    missed: Mapped[list[list[int]]] = mapped_column(JSONType, default=list)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NearFloor(Model):
    """Each firm's near-miss floor (matching.store), one byte per firm, 65,536 firms a row:
    a new offer's near-miss is kept for a firm only at or above its floor; 0 keeps all."""

    __tablename__ = "near_floor"

    block: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    levels: Mapped[bytes] = mapped_column(LargeBinary)
