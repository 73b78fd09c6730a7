"""Importing firm rosters: one service behind `qifutong import enterprises` and the upload page.

Files are kept with their checksum; a file imported before changes nothing; rows already
imported (same content) change nothing; everything is written in one transaction or not at
all. A report lists every refused or flagged row and the pairs left for review."""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from qifutong import events
from qifutong.enterprises import importers
from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseSourceRow,
    ImportBatch,
    ResolutionDecision,
)
from qifutong.extensions import db
from qifutong.imports import apply
from qifutong.imports.readers import FileRefused, read_table
from qifutong.imports.report import ReportLine, write_report
from qifutong.imports.resolve import resolve
from qifutong.names import parse_name

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


class ImportRefused(Exception):
    """Nothing was imported; the message says which file and why."""


@dataclass(frozen=True)
class Upload:
    path: Path  # where the bytes are
    file_name: str  # the name the user gave the file


@dataclass
class ImportResult:
    summary: dict[str, int] = field(default_factory=dict)
    report_path: Path | None = None
    batch_ids: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    dry_run: bool = False


def _noop(stage: str, done: float) -> None:
    del stage, done


def safe_name(name: str) -> str:
    name = Path(name).name
    return re.sub(r"[^\w.\-()（）\u4e00-\u9fff]+", "_", name)[:120] or "upload"


def store_upload(data: bytes, file_name: str, upload_dir: Path) -> tuple[str, Path]:
    """Keep the original bytes under their checksum; returns (sha256, stored path)."""
    digest = hashlib.sha256(data).hexdigest()
    folder = upload_dir / KIND / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}-{safe_name(file_name)}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return digest, target


def _building_lookup() -> dict[str, int]:
    table = db.metadata.tables["building"]
    return {name: bid for bid, name in db.session.execute(select(table.c.id, table.c.name))}


def _anchors() -> pd.DataFrame:
    """Existing firms as resolver rows (anchor = their id)."""
    rows = db.session.execute(
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.name,
            Enterprise.legal_rep,
            Enterprise.registered_address,
            Enterprise.contact_phone,
            Enterprise.building_id,
            Enterprise.room,
        )
    ).all()
    if not rows:
        return pd.DataFrame(columns=["anchor"])
    frame = pd.DataFrame(
        rows, columns=["anchor", "uscc", "name", "rep", "address", "phone", "building", "room"]
    )
    codes, uniques = pd.factorize(frame["name"])
    parts = [parse_name(n) for n in uniques]
    out = pd.DataFrame(
        {
            "uscc": frame["uscc"].fillna("").to_numpy(),
            "uscc_raw": "",
            "key": np.array([p.key for p in parts], dtype=object)[codes],
            "core": np.array([p.core for p in parts], dtype=object)[codes],
            "region": np.array([p.region_key for p in parts], dtype=object)[codes],
            "branch": np.array([p.branch or "" for p in parts], dtype=object)[codes],
            "form": np.array([p.form for p in parts], dtype=object)[codes],
            "legal_rep": frame["rep"].fillna("").to_numpy(),
            "address": importers._mapped(frame["address"], importers.address_key),
            "phone": importers._mapped(
                frame["phone"], lambda p: "".join(ch for ch in str(p) if ch.isdigit())
            ),
            "place": np.where(
                frame["building"].notna() & frame["room"].notna(),
                frame["building"].astype("Int64").astype(str) + "|" + frame["room"].astype(str),
                "",
            ),
            "anchor": frame["anchor"].to_numpy(dtype=np.int64),
        }
    )
    return out


def decisions_taken() -> dict[tuple[str, str], str]:
    return {
        (a, b): str(d)
        for a, b, d in db.session.execute(
            select(
                ResolutionDecision.key_a, ResolutionDecision.key_b, ResolutionDecision.decision
            ).where(ResolutionDecision.decision.is_not(None))
        )
    }


def _known_row_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    unique = sorted(set(keys))
    for start in range(0, len(unique), 900):
        chunk = unique[start : start + 900]
        found.update(
            db.session.scalars(
                select(EnterpriseSourceRow.row_key).where(EnterpriseSourceRow.row_key.in_(chunk))
            )
        )
    return found


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
    if not uploads:
        raise ImportRefused("没有要导入的文件")
    progress("store", 0.0)
    files: list[tuple[Upload, bytes, str, Path]] = []
    for up in uploads:
        try:
            data = up.path.read_bytes()
        except OSError as exc:
            raise ImportRefused(f"{up.file_name}: 无法读取文件（{exc.strerror}）") from exc
        digest, stored = store_upload(data, up.file_name, upload_dir)
        done = db.session.scalar(
            select(ImportBatch.id).where(
                ImportBatch.kind == KIND, ImportBatch.sha256 == digest, ImportBatch.status == "done"
            )
        )
        if done is not None:
            result.messages.append(f"{up.file_name}：与已导入的批次 #{done} 内容相同，未作更改")
            continue
        files.append((up, data, digest, stored))
    lap("store")
    progress("read", 0.1)
    tables = []
    for up, data, _, _ in files:
        try:
            tables.append(read_table(data, up.file_name))
        except FileRefused as exc:
            raise ImportRefused(str(exc)) from exc
    lap("read")
    progress("parse", 0.3)
    buildings = _building_lookup()
    parts = [importers.read_rows(t, buildings, table_no=i) for i, t in enumerate(tables)]
    rows = importers.combine(parts)
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
    known = _known_row_keys(row_keys)
    fresh = np.array([k not in known for k in row_keys], dtype=bool)
    frame = rows.frame[fresh].reset_index(drop=True) if len(rows.frame) else rows.frame
    raws = [r for r, f in zip(raws, fresh, strict=True) if f]
    row_keys = [k for k, f in zip(row_keys, fresh, strict=True) if f]
    result.messages.extend(rows.notes)
    lap("parse")
    progress("resolve", 0.5)
    anchors = _anchors()
    resolver_rows = importers.resolver_input(frame) if len(frame) else pd.DataFrame()
    both = pd.concat([resolver_rows, anchors], ignore_index=True) if len(anchors) else resolver_rows
    resolution = resolve(both, decisions_taken()) if len(frame) else None
    lap("resolve")
    progress("write", 0.7)
    batch_of_table: dict[int, int | None] = {}
    for i, (up, _, digest, stored) in enumerate(files):
        batch = ImportBatch(
            kind=KIND,
            file_name=up.file_name,
            stored_path=str(stored),
            sha256=digest,
            status="dry_run" if dry_run else "done",
            summary={},
            user_id=user_id,
        )
        db.session.add(batch)
        db.session.flush()
        batch_of_table[i] = batch.id
        result.batch_ids.append(batch.id)
    issues_by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for issue in rows.issues:
        issues_by_row[(issue.file_name, issue.row)].append(
            f"{issue.field}：{issue.value or '（空）'} → 应为{issue.expected}"
        )
    flags = [
        issues_by_row.get((str(f), int(r)), [])
        for f, r in zip(frame.get("file", []), frame.get("row", []), strict=False)
    ]
    applied = apply.Applied()
    review_items: list[dict[str, Any]] = []
    report_lines = [
        ReportLine(i.file_name, i.row, i.field, i.value, i.expected, i.action) for i in rows.issues
    ]
    if resolution is not None:
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
        source = f"import:{result.batch_ids[0]}" if result.batch_ids else "import"
        applied = apply.apply_resolution(
            frame,
            anchors["anchor"].to_numpy(dtype=np.int64) if len(anchors) else np.zeros(0, np.int64),
            resolution,
            batch_of_table=batch_of_table,
            raws=raws,
            row_keys=row_keys,
            flags=flags,
            source=source,
        )
        enterprise_of_cluster = {
            int(c): int(e)
            for c, e in zip(
                resolution.cluster[: len(frame)], applied.enterprise_of_row, strict=True
            )
        }
        for pos, eid in enumerate(anchors["anchor"].tolist() if len(anchors) else []):
            enterprise_of_cluster.setdefault(int(resolution.cluster[len(frame) + pos]), int(eid))
        files_col, rows_col = frame["file"].to_numpy(), frame["row"].to_numpy()
        row_labels = {
            i: f"{files_col[i]}:{rows_col[i]}"
            for p in resolution.pairs
            for i in (p.row_a, p.row_b)
            if 0 <= i < len(frame)
        }
        review_items = apply.record_review(
            resolution,
            enterprise_of_cluster,
            result.batch_ids[0] if result.batch_ids else None,
            row_labels,
        )
        if applied.unknown_tags:
            result.messages.append(
                "未识别的标签（不在标签库中）：" + "、".join(applied.unknown_tags)
            )
        if announce and (applied.created or applied.updated):
            events.emit(events.ENTERPRISES_CHANGED, ids=applied.created + applied.updated)
    lap("write")
    total_rows = int(sum(len(t) for t in tables))
    summary = {
        "rows": total_rows,
        "created": len(applied.created),
        "merged": int(applied.merged_rows),
        "rejected": int(rows.rejected),
        "review": len(review_items),
        "enterprises": apply.count_enterprises(),
        "updated": len(applied.updated),
        "unchanged": int((~fresh).sum()),
        "flagged": int(sum(1 for f in flags if f)),
        "files": len(uploads),
        "skipped_files": len(uploads) - len(files),
    }
    result.summary = summary
    progress("report", 0.9)
    if files:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"enterprises-{stamp}-{files[0][2][:8]}{'-dry-run' if dry_run else ''}.xlsx"
        skipped = [
            ReportLine(t.file_name, r, "（整行）", "", reason, "skipped")
            for t in tables
            for r, reason in t.skipped
        ]
        result.report_path = write_report(
            report_dir / name,
            report_lines + skipped,
            review_items,
            {**summary, "文件": "、".join(u.file_name for u, *_ in files)},
        )
        for batch_id in result.batch_ids:
            stored_batch = db.session.get(ImportBatch, batch_id)
            if stored_batch is not None:
                stored_batch.summary = summary
                stored_batch.report_path = str(result.report_path)
    lap("report")


def batch_history(limit: int = 20) -> list[ImportBatch]:
    return list(
        db.session.scalars(
            select(ImportBatch)
            .where(ImportBatch.kind == KIND)
            .order_by(ImportBatch.id.desc())
            .limit(limit)
        )
    )


def import_settings(config: Mapping[str, Any]) -> tuple[Path, Path]:
    """(upload dir, report dir) from the app settings."""
    return Path(config["QIFUTONG_UPLOAD_DIR"]), Path(config["QIFUTONG_REPORT_DIR"])
