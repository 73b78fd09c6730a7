"""A job's progress and outcome: JSON for the page to poll, and a page of its own."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.jobs import runner
from qifutong.spreadsheets.limits import LimitExceeded, check_upload
from qifutong.web.i18n import N_, shown

bp = Blueprint("jobs", __name__)
# What a result's figures are called on the job page (kinds without a page of their own).
RESULT_LABELS = {
    "firms": N_("企业数"),
    "offers": "事项数",
    "eligible": N_("符合条件"),
    "near_miss": N_("差一点"),
    "pushed": N_("已推送"),
    "notifications": "站内通知",
    "emails": "邮件",
    "tags": N_("标签"),
}
SHOWN = (
    "id",
    "kind",
    "title",
    "subject",
    "state",
    "stage",
    "stage_label",
    "percent",
    "error",
    "result",
)


def visible_job(job_id: str) -> dict[str, Any]:
    """The job if the caller started it (or is an administrator); 404 otherwise."""
    user = acting_user()
    state = runner.status(job_id)
    if state is None or user is None:
        abort(404)
    if state.get("user_id") != user.id and user.role != "admin":
        abort(404)
    return state


def start_upload_job(kind: str, upload: FileStorage, user_id: int, **params: Any) -> str:
    """Keep an uploaded file where the job can read it (removed by the job once imported)
    and enqueue the job with its path and name. A file over the read limits (a zip bomb, say)
    is refused here, before any job: LimitExceeded says why."""
    name = upload.filename or "upload"
    folder = Path(current_app.config["QIFUTONG_UPLOAD_DIR"]) / "pending"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(name).suffix[-8:]}"
    upload.save(path)
    try:
        check_upload(path, name)
    except LimitExceeded:
        path.unlink(missing_ok=True)
        raise
    params.update(path=str(path), name=name, user_id=user_id)
    return runner.enqueue(kind, params, user_id, name)


def public(state: dict[str, Any]) -> dict[str, Any]:
    """What the page may see of a job (never its parameters, such as stored file paths)."""
    out = {k: state.get(k) for k in SHOWN}
    out["error"] = shown(out["error"]) if out["error"] else None
    out["stage_label"] = shown(out["stage_label"]) if out["stage_label"] else None
    out["status_url"] = url_for("jobs.status", job_id=state["id"])
    out["page_url"] = url_for("jobs.show", job_id=state["id"])
    return out


@bp.get("/jobs/<job_id>.json")
@role_required(*Role)
def status(job_id: str) -> Response:
    return jsonify(public(visible_job(job_id)))


@bp.get("/jobs/<job_id>")
@role_required(*Role)
def show(job_id: str) -> Response | str:
    state = visible_job(job_id)
    page = runner.result_page(str(state["kind"]))
    if page is not None:
        return redirect(url_for(page, job=job_id))
    return render_template(
        "jobs/show.html", job=public(state), labels=RESULT_LABELS, title=state.get("title", "")
    )
