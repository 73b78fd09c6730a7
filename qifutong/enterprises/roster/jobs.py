"""The roster import as a job: the upload page stores the files and enqueues this; it runs in
a worker or a thread (qifutong.jobs) with the import service's own progress stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from qifutong.enterprises.roster.services import (
    STAGES,
    ImportRefused,
    Upload,
    import_enterprises,
    import_settings,
)
from qifutong.jobs.runner import JobFailed, Progress, register
from qifutong.web.i18n import Phrase, message_of, stored

KIND = "imports.enterprises"


def roster_import(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Import the stored roster files; the job commits or rolls back the whole import."""
    uploads = [Upload(Path(u["path"]), str(u["name"])) for u in params["uploads"]]
    upload_dir, report_dir = import_settings(current_app.config)
    try:
        result = import_enterprises(
            uploads,
            upload_dir=upload_dir,
            report_dir=report_dir,
            user_id=params.get("user_id"),
            dry_run=bool(params.get("dry_run")),
            progress=progress,
            commit=False,
        )
    except ImportRefused as exc:
        raise JobFailed(
            Phrase("导入未执行，数据库未改动：{reason}", {"reason": message_of(exc)})
        ) from exc
    return {
        "summary": result.summary,
        "messages": [stored(m) for m in result.messages],
        "report": result.report_path.name if result.report_path else None,
        "dry_run": result.dry_run,
        "batches": [] if result.dry_run else result.batch_ids,
    }


def register_jobs() -> None:
    register(
        KIND,
        roster_import,
        "导入企业名录",
        lock="imports.enterprises",
        stages=STAGES,
        page="imports.upload",
    )
