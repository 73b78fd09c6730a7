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
from qifutong.enterprises.models import ImportBatch
from qifutong.enterprises.present import field_label, value_text
from qifutong.extensions import db
from qifutong.imports import changes, jobs, review
from qifutong.imports.queries import batch_history
from qifutong.imports.services import (
    KIND,
    ImportRefused,
    Upload,
    import_enterprises,
    import_settings,
    store_upload,
)
from qifutong.industry import industry_label
from qifutong.inputs import page_number

bp = Blueprint("imports", __name__)
ALLOWED = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or (
        request.accept_mimetypes.best == "application/json"
    )


@bp.get("/imports/enterprises")
@role_required(Role.STREET)
def upload() -> str:
    return render_template(
        "imports/upload.html",
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
        problem = "请选择要导入的文件（xlsx 或 csv）"
    elif any(Path(f.filename or "").suffix.lower() not in ALLOWED for f in files):
        problem = "只能导入 xlsx、xls 或 csv 文件"
    if problem:
        if _wants_json():
            return jsonify(error={"code": "bad_file", "message": problem}), 400
        flash(problem, "error")
        return redirect(url_for("imports.upload"))
    upload_dir, report_dir = import_settings(current_app.config)
    uploads = []
    for f in files:
        name = Path(f.filename or "upload").name
        _, stored = store_upload(f.read(), name, upload_dir)
        uploads.append(Upload(stored, name))
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if _wants_json():
        job_id = jobs.start_import(app, uploads, user.id, dry_run)
        return jsonify(job=job_id, status_url=url_for("imports.job_status", job_id=job_id))
    try:
        result = import_enterprises(
            uploads, upload_dir=upload_dir, report_dir=report_dir, user_id=user.id,
            dry_run=dry_run,
        )  # fmt: skip
    except ImportRefused as exc:
        flash(f"导入未执行，数据库未改动：{exc}", "error")
        return redirect(url_for("imports.upload"))
    s = result.summary
    for message in result.messages:
        flash(message, "info")
    flash(
        f"{'预检' if dry_run else '导入'}完成：读取 {s['rows']} 行，新建 {s['created']} 家，"
        f"合并 {s['merged']} 行，拒绝 {s['rejected']} 行，待复核 {s['review']} 对",
        "success",
    )
    return redirect(url_for("imports.upload"))


@bp.get("/imports/jobs/<job_id>")
@role_required(Role.STREET)
def job_status(job_id: str) -> Response | tuple[Response, int]:
    state = jobs.read_job(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]
    if state is None:
        return jsonify(error={"code": "not_found", "message": "没有这个导入任务"}), 404
    out = {k: v for k, v in state.items() if k != "user_id"}
    if state.get("report"):
        out["report_url"] = url_for("imports.report", name=state["report"])
    out["review_url"] = url_for("imports.queue")
    if state.get("batches"):
        out["changes_url"] = url_for("imports.batch_page", batch_id=state["batches"][0])
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
    page = max(1, request.args.get("page", 1, type=int))
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
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(
            "已合并为同一家企业" if done.decision == review.MERGE else "已确认为不同企业", "success"
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
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("已采用新值" if done.status == changes.TAKEN else "已保留原值", "success")
    return redirect(url_for("imports.queue", cpage=request.form.get("cpage", 1, type=page_number)))
