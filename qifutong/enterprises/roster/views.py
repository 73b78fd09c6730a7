"""Upload page with progress, the import report download and the review queue (街道 only)."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.enterprises.present import field_label, value_text
from qifutong.enterprises.roster import changes, review
from qifutong.enterprises.roster.jobs import KIND as JOB_KIND
from qifutong.enterprises.roster.queries import batch_history
from qifutong.enterprises.roster.services import KIND, import_settings, store_upload
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.industry import industry_label
from qifutong.inputs import page_number
from qifutong.jobs import runner
from qifutong.jobs.views import public, visible_job
from qifutong.spreadsheets.limits import LimitExceeded, check_upload
from qifutong.web.i18n import N_, shown, translate

bp = Blueprint("imports", __name__)
ALLOWED = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
SUMMARY_LABELS = (
    ("rows", "读取行数"),
    ("created", "新建企业"),
    ("merged", "合并的行"),
    ("rejected", "拒绝的行"),
    ("review", "待复核"),
    ("enterprises", "企业总数"),
    ("updated", N_("更新的企业")),
    ("unchanged", "已导入过的行"),
    ("flagged", "有标记的行"),
)


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or (
        request.accept_mimetypes.best == "application/json"
    )


@bp.get("/imports/enterprises")
@role_required(Role.STREET)
def upload() -> str:
    """The upload form, the user's import jobs (running or done) and the import history;
    `?job=ID` shows that job's progress or result."""
    user = acting_user()
    assert user is not None
    job_id = request.args.get("job")
    job = public(visible_job(job_id)) if job_id else None
    recent = [public(j) for j in runner.recent_jobs(user.id, (JOB_KIND,), limit=5)]
    return render_template(
        "imports/upload.html",
        job=job,
        recent=recent,
        summary_labels=SUMMARY_LABELS,
        batches=batch_history(),
        pending=review.pending_count(),
        title="导入企业",
    )


@bp.post("/imports/enterprises")
@role_required(Role.STREET)
def upload_post() -> Response | tuple[Response, int]:
    user = acting_user()
    assert user is not None
    files = [f for f in request.files.getlist("files") if f and f.filename]
    dry_run = request.form.get("dry_run") in ("1", "on", "true")
    problem = None
    if not files:
        problem = translate("请选择要导入的文件（xlsx 或 csv）")
    elif any(Path(f.filename or "").suffix.lower() not in ALLOWED for f in files):
        problem = translate("只能导入 xlsx、xls 或 csv 文件")
    if problem:
        if _wants_json():
            return jsonify(error={"code": "bad_file", "message": problem}), 400
        flash(problem, "error")
        return redirect(url_for("imports.upload"))
    upload_dir, _ = import_settings(current_app.config)
    uploads = []
    for f in files:
        name = Path(f.filename or "upload").name
        _, stored = store_upload(f.read(), name, upload_dir)
        uploads.append({"path": str(stored), "name": name})
        try:
            check_upload(stored, name)
        except LimitExceeded as exc:
            # Refused before any job; the kept original stays, as for every refused import.
            if _wants_json():
                return jsonify(error=exc.api_error()), exc.status
            flash(translate("文件未导入：{problem}", problem=exc), "error")
            return redirect(url_for("imports.upload"))
    # The import runs as a job: it goes on when this page is closed, and its result stays here.
    params = {"uploads": uploads, "user_id": user.id, "dry_run": dry_run}
    job_id = runner.enqueue(JOB_KIND, params, user.id, "、".join(u["name"] for u in uploads))
    if _wants_json():
        return jsonify(
            job=job_id,
            status_url=url_for("imports.job_status", job_id=job_id),
            result_url=url_for("imports.upload", job=job_id),
        )
    return redirect(url_for("imports.upload", job=job_id), code=303)


@bp.get("/imports/jobs/<job_id>")
@role_required(Role.STREET)
def job_status(job_id: str) -> Response | tuple[Response, int]:
    """The import job's progress, and its summary once done (polled by the upload page)."""
    user = acting_user()
    state = runner.status(job_id)
    if state is None or user is None or state.get("kind") != JOB_KIND:
        return jsonify(error={"code": "not_found", "message": translate("没有这个导入任务")}), 404
    if state.get("user_id") != user.id and user.role != "admin":
        return jsonify(error={"code": "not_found", "message": translate("没有这个导入任务")}), 404
    result = state.get("result") or {}
    out = {
        "state": state["state"],
        "stage": state.get("stage"),
        "label": shown(state.get("stage_label")),
        "percent": state.get("percent", 0),
        "error": shown(state.get("error")) if state.get("error") else None,
        "summary": result.get("summary"),
        "messages": [shown(m) for m in result.get("messages", [])],
        "dry_run": result.get("dry_run", False),
        "result_url": url_for("imports.upload", job=job_id),
        "review_url": url_for("imports.queue"),
    }
    if result.get("report"):
        out["report_url"] = url_for("imports.report", name=result["report"])
    if result.get("batches"):
        out["changes_url"] = url_for("imports.batch_page", batch_id=result["batches"][0])
    return jsonify(out)


@bp.get("/imports/reports/<name>")
@role_required(Role.STREET)
def report(name: str) -> Response:
    _, report_dir = import_settings(current_app.config)
    if Path(name).name != name or not name.endswith(".xlsx"):
        abort(404)
    return send_from_directory(report_dir.resolve(), name, as_attachment=True)


@bp.get("/imports/batches/<int:batch_id>")
@role_required(Role.STREET)
def batch_page(batch_id: int) -> str:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.kind != KIND:
        abort(404)
    page = max(1, request.args.get("page", 1, type=page_number))
    found = changes.batch_changes(batch_id, page, 50)
    return render_template(
        "imports/batch.html", batch=batch, found=found, page=page, title="导入变更明细"
    )


@bp.get("/imports/review")
@role_required(Role.STREET)
def queue() -> str:
    page = max(1, request.args.get("page", 1, type=page_number))
    cpage = max(1, request.args.get("cpage", 1, type=page_number))
    items, total = review.review_queue(page, 20)
    pending, pending_total = changes.pending_changes(cpage, 20)
    return render_template(
        "imports/review.html",
        items=items,
        total=total,
        page=page,
        per_page=20,
        pending=pending,
        pending_total=pending_total,
        cpage=cpage,
        field_label=field_label,
        value_text=value_text,
        industry_label=industry_label,
        title="复核企业",
    )


@bp.post("/imports/review/<int:decision_id>")
@role_required(Role.STREET)
def decide(decision_id: int) -> Response:
    user = acting_user()
    assert user is not None
    choice = request.form.get("decision", "")
    try:
        done = review.decide(decision_id, choice, user.id)
    except review.ReviewError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(
            translate("已合并为同一家企业")
            if done.decision == review.MERGE
            else translate("已确认为不同企业"),
            "success",
        )
    return redirect(url_for("imports.queue", page=request.form.get("page", 1, type=page_number)))


@bp.post("/imports/changes/<int:change_id>")
@role_required(Role.STREET)
def decide_change(change_id: int) -> Response:
    user = acting_user()
    assert user is not None
    try:
        done = changes.decide_change(
            change_id, request.form.get("decision", ""), user.id, request.form.get("uscc", "")
        )
    except review.ReviewError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    else:
        flash(
            translate("已采用新值") if done.status == changes.TAKEN else translate("已保留原值"),
            "success",
        )
    return redirect(url_for("imports.queue", cpage=request.form.get("cpage", 1, type=page_number)))
