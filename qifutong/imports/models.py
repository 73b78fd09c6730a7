"""One imported file of any kind: what it was, its checksum, where it is kept, what it did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model
from qifutong.models_base import JSONType, utcnow


class ImportBatch(Model):
    """One imported file: what it was, its checksum, where it is kept and what it did."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # enterprises, leases, macro …
    file_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="done")  # done / refused / dry_run
    summary: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    report_path: Mapped[str | None] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
