"""Importing firm rosters: one service behind `qifutong import enterprises` and the upload page.

Files are kept with their checksum; a file imported before changes nothing; rows already
imported (same content) change nothing; everything is written in one transaction or not at
all. A report lists every refused or flagged row and the pairs left for review."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from qifutong import events
from qifutong.enterprises import importers
from qifutong.enterprises.roster import apply, queries, review
from qifutong.enterprises.roster.changes import firms_with_changes
from qifutong.enterprises.roster.resolve import resolve
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.imports.batches import keep_original
from qifutong.imports.models import ImportBatch
from qifutong.spreadsheets.readers import FileRefused, Table, read_table
from qifutong.spreadsheets.report import ReportLine, write_report
from qifutong.web.i18n import Message, Phrase, message_of

KIND = "enterprises"
Progress = Callable[[str, float], None]
STAGES = {
    "store": "保存文件",
    "read": "读取表格",
    "parse": "解析字段",
    "resolve": "比对企业",
    "write": "写入数据库",
    "report": "生成报告",
    "done": "完成",
}


class ImportRefused(QifutongError):
    """Nothing was imported; the message says which file and why."""

    status = 422
    code = "import_refused"


@dataclass(frozen=True)
class Upload:
    path: Path  # where the bytes are
    file_name: str  # the name the user gave the file
    table: Future[Table] | None = None  # the file already being read (the command line)


@dataclass
class ImportResult:
    summary: dict[str, int] = field(default_factory=dict)
    report_path: Path | None = None
    batch_ids: list[int] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    dry_run: bool = False


def _noop(stage: str, done: float) -> None:
    del stage, done


def store_upload(
    data: bytes, file_name: str, upload_dir: Path, kind: str = KIND
) -> tuple[str, Path]:
    """Keep the original bytes under their checksum; returns (sha256, stored path)."""
    kept = keep_original(data, file_name, upload_dir, kind)
    return kept.sha256, kept.path


def import_enterprises(
    uploads: Sequence[Upload],
    *,
    upload_dir: Path,
    report_dir: Path,
    user_id: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    commit: bool = True,
    announce: bool = True,
) -> ImportResult:
    """Import roster files as one transaction; see the module docstring."""
    progress = progress or _noop
    result = ImportResult(dry_run=dry_run)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.timings[name] = result.timings.get(name, 0.0) + now - clock
        clock = now

    try:
        _run(uploads, upload_dir, report_dir, user_id, dry_run, progress, result, lap, announce)
    except Exception:
        if commit:
            db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    elif commit:
        db.session.commit()
    lap("commit")
    progress("done", 1.0)
    return result


@dataclass
class _Stored:
    upload: Upload
    data: bytes
    sha256: str
    path: Path


@dataclass
class _Clean:
    """The rows of this import not seen before, with what the lineage needs."""

    rows: importers.Rows
    frame: pd.DataFrame
    raws: list[dict[str, Any]]
    row_keys: list[str]
    unchanged: int


def _store(uploads: Sequence[Upload], upload_dir: Path, result: ImportResult) -> list[_Stored]:
    """Keep every file; leave out those imported before (same checksum)."""
    if not uploads:
        raise ImportRefused(Phrase("没有要导入的文件"))
    files = []
    for up in uploads:
        try:
            data = up.path.read_bytes()
        except OSError as exc:
            raise ImportRefused(
                Phrase(
                    "{file}: 无法读取文件（{problem}）",
                    {"file": up.file_name, "problem": exc.strerror},
                )
            ) from exc
        digest, stored = store_upload(data, up.file_name, upload_dir)
        done = db.session.scalar(
            select(ImportBatch.id).where(
                ImportBatch.kind == KIND, ImportBatch.sha256 == digest, ImportBatch.status == "done"
            )
        )
        if done is not None:
            result.messages.append(
                Phrase(
                    "{file}：与已导入的批次 #{batch} 内容相同，未作更改",
                    {"file": up.file_name, "batch": done},
                )
            )
            continue
        files.append(_Stored(up, data, digest, stored))
    return files


def _read(files: list[_Stored]) -> list[Table]:
    tables = []
    for f in files:
        ahead = f.upload.table
        try:
            tables.append(ahead.result() if ahead else read_table(f.data, f.upload.file_name))
        except FileRefused as exc:
            raise ImportRefused(message_of(exc)) from exc
    return tables


def _clean(tables: list[Table]) -> _Clean:
    """Parsed rows, without those already imported (same cells under the same headers)."""
    buildings = queries.building_lookup()
    rows = importers.combine(
        [importers.read_rows(t, buildings, table_no=i) for i, t in enumerate(tables)]
    )
    raws: list[dict[str, Any]] = []
    row_keys: list[str] = []
    for table in tables:
        table_raws, table_keys = importers.raw_rows(table)
        raws.extend(table_raws)
        row_keys.extend(table_keys)
    # raw_rows covers refused rows too: keep the accepted ones, in frame order.
    offsets = np.cumsum([0] + [len(t) for t in tables])
    flat = [
        int(offsets[t]) + int(p)
        for t, p in zip(rows.frame.get("table", []), rows.frame.get("pos", []), strict=False)
    ]
    raws = [raws[i] for i in flat]
    row_keys = [row_keys[i] for i in flat]
    known = queries.known_row_keys(row_keys)
    fresh = np.array([k not in known for k in row_keys], dtype=bool)
    frame = rows.frame[fresh].reset_index(drop=True) if len(rows.frame) else rows.frame
    return _Clean(
        rows,
        frame,
        [r for r, f in zip(raws, fresh, strict=True) if f],
        [k for k, f in zip(row_keys, fresh, strict=True) if f],
        int((~fresh).sum()),
    )


def _batches(files: list[_Stored], user_id: int | None, dry_run: bool) -> list[int]:
    ids = []
    for f in files:
        batch = ImportBatch(
            kind=KIND,
            file_name=f.upload.file_name,
            stored_path=str(f.path),
            sha256=f.sha256,
            status="dry_run" if dry_run else "done",
            summary={},
            user_id=user_id,
        )
        db.session.add(batch)
        db.session.flush()
        ids.append(batch.id)
    return ids


def _flags(clean: _Clean) -> list[list[str]]:
    """Per new row, the problems found in it (kept with its lineage)."""
    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for issue in clean.rows.issues:
        by_row[(issue.file_name, issue.row)].append(
            f"{issue.field}：{issue.value or '（空）'} → 应为{issue.expected}"
        )
    files, rows = clean.frame.get("file", []), clean.frame.get("row", [])
    return [list(by_row.get((str(f), int(r)), [])) for f, r in zip(files, rows, strict=False)]


def _write(
    clean: _Clean,
    flags: list[list[str]],
    batch_ids: list[int],
    report_lines: list[ReportLine],
    result: ImportResult,
    announce: bool,
) -> tuple[apply.Applied, list[dict[str, Any]]]:
    """Resolve the new rows against every firm there is and write the outcome."""
    frame = clean.frame
    if not len(frame):
        return apply.Applied(), []
    anchors = queries.anchors()
    both = pd.concat([importers.resolver_input(frame), anchors], ignore_index=True)
    resolution = resolve(both, queries.decisions_taken())
    for pos, reason in resolution.conflicts.items():
        if pos < len(frame):
            flags[pos].append(reason)
            report_lines.append(
                ReportLine(
                    str(frame["file"].iat[pos]),
                    int(frame["row"].iat[pos]),
                    "信用代码",
                    str(frame["uscc"].iat[pos] or ""),
                    "与名称一致的信用代码（" + reason + "）",
                    "review",
                )
            )
    anchor_ids = anchors["anchor"].to_numpy(dtype=np.int64) if len(anchors) else np.zeros(0, int)
    applied = apply.apply_resolution(
        frame,
        anchor_ids,
        resolution,
        batch_of_table=dict(enumerate(batch_ids)),
        raws=clean.raws,
        row_keys=clean.row_keys,
        flags=flags,
        source=f"import:{batch_ids[0]}" if batch_ids else "import",
        batch_id=batch_ids[0] if batch_ids else None,
    )
    firm_of_cluster = {
        int(c): int(e)
        for c, e in zip(resolution.cluster[: len(frame)], applied.enterprise_of_row, strict=True)
    }
    for pos, eid in enumerate(anchor_ids.tolist()):
        firm_of_cluster.setdefault(int(resolution.cluster[len(frame) + pos]), int(eid))
    files_col, rows_col = frame["file"].to_numpy(), frame["row"].to_numpy()
    row_labels = {
        i: f"{files_col[i]}:{rows_col[i]}"
        for p in resolution.pairs
        for i in (p.row_a, p.row_b)
        if 0 <= i < len(frame)
    }
    review_items = review.record_review(
        resolution, firm_of_cluster, batch_ids[0] if batch_ids else None, row_labels
    )
    if applied.unknown_tags:
        result.messages.append(
            Phrase(
                "未识别的标签（不在标签库中）：{tags}", {"tags": "、".join(applied.unknown_tags)}
            )
        )
    if announce and (applied.created or applied.updated):
        events.emit(events.ENTERPRISES_CHANGED, ids=applied.created + applied.updated)
    return applied, review_items


def _run(
    uploads: Sequence[Upload],
    upload_dir: Path,
    report_dir: Path,
    user_id: int | None,
    dry_run: bool,
    progress: Progress,
    result: ImportResult,
    lap: Callable[[str], None],
    announce: bool,
) -> None:
    progress("store", 0.0)
    files = _store(uploads, upload_dir, result)
    lap("store")
    progress("read", 0.1)
    tables = _read(files)
    lap("read")
    progress("parse", 0.3)
    clean = _clean(tables)
    result.messages.extend(clean.rows.notes)
    lap("parse")
    progress("write", 0.6)
    result.batch_ids = _batches(files, user_id, dry_run)
    flags = _flags(clean)
    report_lines = [
        ReportLine(i.file_name, i.row, i.field, i.value, i.expected, i.action)
        for i in clean.rows.issues
    ]
    applied, review_items = _write(clean, flags, result.batch_ids, report_lines, result, announce)
    lap("write")
    result.summary = {
        "rows": int(sum(len(t) for t in tables)),
        "created": len(applied.created),
        "merged": int(applied.merged_rows),
        "rejected": int(clean.rows.rejected),
        "review": len(review_items),
        "enterprises": apply.count_enterprises(),
        "updated": len(applied.updated),
        "unchanged": clean.unchanged,
        "flagged": int(sum(1 for f in flags if f)),
        "queued": int(applied.queued),
        "codes_kept_as_read": int(applied.kept_codes),
        "files": len(uploads),
        "skipped_files": len(uploads) - len(files),
    }
    progress("report", 0.9)
    if files:
        _report(files, tables, report_lines, review_items, report_dir, dry_run, result)
    lap("report")


def _report(
    files: list[_Stored],
    tables: list[Table],
    lines: list[ReportLine],
    review_items: list[dict[str, Any]],
    report_dir: Path,
    dry_run: bool,
    result: ImportResult,
) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"enterprises-{stamp}-{files[0].sha256[:8]}{'-dry-run' if dry_run else ''}.xlsx"
    skipped = [
        ReportLine(t.file_name, r, "（整行）", "", reason, "skipped")
        for t in tables
        for r, reason in t.skipped
    ]
    result.report_path = write_report(
        report_dir / name,
        lines + skipped,
        review_items,
        {**result.summary, "文件": "、".join(f.upload.file_name for f in files)},
        firms_with_changes(result.batch_ids[0]) if result.batch_ids else [],
    )
    for batch_id in result.batch_ids:
        stored_batch = db.session.get(ImportBatch, batch_id)
        if stored_batch is not None:
            stored_batch.summary = result.summary
            stored_batch.report_path = str(result.report_path)


def import_settings(config: Mapping[str, Any]) -> tuple[Path, Path]:
    """(upload dir, report dir) from the app settings."""
    return Path(config["QIFUTONG_UPLOAD_DIR"]), Path(config["QIFUTONG_REPORT_DIR"])
