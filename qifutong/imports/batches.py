"""What every import shares: the original file kept under its checksum, the problem report
(file, row, field, reason, value) and the batch record of what the import did."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qifutong.exports import CsvWriter
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.web.i18n import Message

# How ImportBatch.status reads.
DONE, REFUSED, DRY_RUN = "done", "refused", "dry_run"


@dataclass
class Problem:
    """A cell or row an import cannot take: the row a person sees, the column as the file
    names it, why, and the value found."""

    row: int
    field: str
    reason: Message
    value: str = ""
    file_name: str = ""  # where several files are read at once


@dataclass(frozen=True)
class KeptFile:
    """An uploaded file as kept: its name as the user gave it, checksum and where it lies."""

    file_name: str
    sha256: str
    path: Path


def safe_name(name: str) -> str:
    """A file name fit for the disk: no folders, only word characters, dots and brackets."""
    name = Path(name).name
    return re.sub(r"[^\w.\-()（）\u4e00-\u9fff]+", "_", name)[:120] or "upload"


def keep_original(data: bytes, file_name: str, upload_dir: Path, kind: str) -> KeptFile:
    """Keep the bytes as uploaded, once per content, under `upload_dir/kind/`."""
    digest = hashlib.sha256(data).hexdigest()
    folder = upload_dir / kind / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}-{safe_name(file_name)}"
    if not target.exists():
        part = target.with_suffix(target.suffix + ".part")
        part.write_bytes(data)
        part.replace(target)
    return KeptFile(file_name, digest, target)


def report_file(report_dir: Path, kind: str, kept: KeptFile, suffix: str = ".csv") -> Path:
    """A new report's path: the kind, the time and the file's checksum."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return report_dir / f"{kind}-{stamp}-{kept.sha256[:8]}{suffix}"


def write_problems(path: Path, file_name: str, problems: Iterable[Problem]) -> Path:
    """The problem report as CSV (UTF-8 with BOM, so that Excel opens it; formula-safe, since
    file names and values come from whoever uploaded the file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = CsvWriter(fh)
        out.writerow(["文件", "行号", "字段", "原因", "值"])
        for p in sorted(problems, key=lambda p: (p.file_name, p.row)):
            out.writerow([p.file_name or file_name, p.row, p.field, p.reason, p.value])
    return path


def record_batch(
    kind: str,
    kept: KeptFile,
    *,
    status: str,
    summary: dict[str, Any] | None = None,
    report_path: Path | str | None = None,
    user_id: int | None = None,
) -> ImportBatch:
    """Add the batch record of one imported (or refused, or checked) file."""
    batch = ImportBatch(
        kind=kind,
        file_name=kept.file_name,
        stored_path=str(kept.path),
        sha256=kept.sha256,
        status=status,
        summary=dict(summary or {}),
        report_path=None if report_path is None else str(report_path),
        user_id=user_id,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def kept_report(batch_id: int, kind: str) -> tuple[ImportBatch, Path] | None:
    """A batch of this kind and its report, when both are still there."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.kind != kind or not batch.report_path:
        return None
    path = Path(batch.report_path)
    return (batch, path) if path.exists() else None


def recent_batches(kind: str, limit: int) -> list[ImportBatch]:
    """The latest imports of one kind, newest first."""
    stmt = (
        select(ImportBatch)
        .where(ImportBatch.kind == kind)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
