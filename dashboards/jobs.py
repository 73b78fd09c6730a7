"""The district statistics import as a job: the page keeps the file and enqueues this."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import current_app

from dashboards.services import import_macro
from qifutong.jobs.runner import Progress, register
from qifutong.timeutil import street_today
from qifutong.web.i18n import stored

KIND = "dashboards.macro"


def macro_import(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Import the monthly statistics file (all rows or none)."""
    source = Path(params["path"])
    progress("import", 0.1)
    result = import_macro(
        source.read_bytes(),
        params["name"],
        Path(current_app.config["QIFUTONG_UPLOAD_DIR"]),
        Path(current_app.config["QIFUTONG_REPORT_DIR"]),
        street_today(),
        user_id=params.get("user_id"),
        dry_run=bool(params.get("dry_run")),
    )
    source.unlink(missing_ok=True)  # the import keeps its own copy of the original
    return {
        "file_name": result.file_name,
        "sha256": result.sha256,
        "status": result.status,
        "summary": result.summary(),
        "errors": [{**asdict(e), "reason": stored(e.reason)} for e in result.errors],
    }


def register_jobs() -> None:
    register(
        KIND,
        macro_import,
        "区统计数据导入",
        lock=KIND,
        stages={"import": "校验并导入"},
        page="dashboards.macro",
    )
