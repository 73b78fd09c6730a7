"""The lease import as a job: the page keeps the upload and enqueues this (qifutong.jobs)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import current_app

from buildings.importing import import_leases
from buildings.queries import warning_settings
from qifutong.auth.models import User
from qifutong.extensions import db
from qifutong.jobs.runner import JobFailed, Progress, register
from qifutong.web.i18n import Phrase, stored

KIND = "buildings.leases"


def lease_import(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Import one lease file for the user who sent it (all rows or none)."""
    user = db.session.get(User, params["user_id"])
    if user is None or not user.active:
        raise JobFailed(Phrase("提交导入的账号已停用，未导入"))
    source = Path(params["path"])
    today, thresholds = warning_settings(current_app.config)
    progress("import", 0.1)
    result = import_leases(
        source,
        file_name=params["name"],
        user=user,
        dry_run=bool(params.get("dry_run")),
        upload_dir=Path(current_app.config["QIFUTONG_UPLOAD_DIR"]),
        report_dir=Path(current_app.config["QIFUTONG_REPORT_DIR"]),
        today=today,
        thresholds=thresholds,
    )
    source.unlink(missing_ok=True)  # the import keeps its own copy of the original
    out = asdict(result)
    out["problems"] = [{**asdict(p), "reason": stored(p.reason)} for p in result.problems]
    return out


def register_jobs() -> None:
    register(
        KIND,
        lease_import,
        "导入租约",
        lock=KIND,
        stages={"import": "检查并导入租约"},
        page="buildings.import_page",
    )
