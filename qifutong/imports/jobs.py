"""Imports started from the web run in a thread; their progress is a small JSON file that any
server process can read, so the page can poll it."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import Flask

from qifutong.extensions import db
from qifutong.imports.services import (
    STAGES,
    ImportRefused,
    Upload,
    import_enterprises,
    import_settings,
)

log = logging.getLogger(__name__)
_JOB_ID = set("0123456789abcdef")


def jobs_folder(app: Flask) -> Path:
    return Path(app.instance_path) / "import_jobs"


def _write(folder: Path, job_id: str, state: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{job_id}.json.part"
    tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    tmp.replace(folder / f"{job_id}.json")


def read_job(app: Flask, job_id: str) -> dict[str, Any] | None:
    if not job_id or set(job_id) - _JOB_ID or len(job_id) != 32:
        return None
    path = jobs_folder(app) / f"{job_id}.json"
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def run_import(
    app: Flask,
    job_id: str,
    uploads: Sequence[Upload],
    user_id: int | None,
    dry_run: bool,
) -> dict[str, Any]:
    """Run one import, keeping its progress file current; returns the final state."""
    folder = jobs_folder(app)
    state: dict[str, Any] = {
        "state": "running",
        "stage": "store",
        "label": STAGES["store"],
        "percent": 0,
        "user_id": user_id,
        "files": [u.file_name for u in uploads],
    }
    _write(folder, job_id, state)

    def progress(stage: str, done: float) -> None:
        state.update(stage=stage, label=STAGES.get(stage, stage), percent=round(done * 100))
        _write(folder, job_id, state)

    with app.app_context():
        upload_dir, report_dir = import_settings(app.config)
        try:
            result = import_enterprises(
                uploads,
                upload_dir=upload_dir,
                report_dir=report_dir,
                user_id=user_id,
                dry_run=dry_run,
                progress=progress,
            )
        except ImportRefused as exc:
            state.update(state="failed", error=f"导入未执行，数据库未改动：{exc}")
        except Exception:
            log.exception("import job %s failed", job_id)
            state.update(state="failed", error="导入失败（内部错误），数据库未改动")
        else:
            state.update(
                state="done",
                percent=100,
                label=STAGES["done"],
                summary=result.summary,
                messages=result.messages,
                report=result.report_path.name if result.report_path else None,
                dry_run=dry_run,
                batches=[] if dry_run else result.batch_ids,
            )
        finally:
            db.session.remove()
    _write(folder, job_id, state)
    return state


def start_import(app: Flask, uploads: Sequence[Upload], user_id: int | None, dry_run: bool) -> str:
    """Start an import in a background thread; returns the job id to poll."""
    job_id = uuid.uuid4().hex
    _write(
        jobs_folder(app),
        job_id,
        {"state": "queued", "stage": "store", "label": STAGES["store"], "percent": 0,
         "user_id": user_id},
    )  # fmt: skip
    thread = threading.Thread(
        target=run_import,
        args=(app, job_id, list(uploads), user_id, dry_run),
        name=f"import-{job_id[:8]}",
        daemon=True,
    )
    thread.start()
    return job_id
