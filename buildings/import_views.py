"""Uploading a lease spreadsheet: the same import as `qifutong import leases FILE`."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from buildings import jobs
from buildings.export import template_workbook
from buildings.importing import KIND
from buildings.views import MANAGERS, _user, bp
from qifutong.auth.access import role_required
from qifutong.extensions import db
from qifutong.imports.batches import kept_report
from qifutong.imports.models import ImportBatch
from qifutong.jobs.views import public, start_upload_job, visible_job
from qifutong.spreadsheets.limits import LimitExceeded


def _batches() -> list[ImportBatch]:
    user = _user()
    stmt = select(ImportBatch).where(ImportBatch.kind == KIND)
    if not user.sees_all:
        stmt = stmt.where(ImportBatch.user_id == user.id)
    return list(db.session.scalars(stmt.order_by(ImportBatch.id.desc()).limit(20)))


@bp.route("/building/leases/import", methods=["GET", "POST"])
@role_required(*MANAGERS)
def import_page() -> Any:
    """The upload form; a file sent runs as a job, and `?job=ID` shows its progress or result."""
    user = _user()
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return render_template(
                "buildings/import.html",
                result=None,
                missing_file=True,
                batches=_batches(),
                title="导入租约",
            ), 400
        try:
            job_id = start_upload_job(
                jobs.KIND, upload, user.id, dry_run=bool(request.form.get("dry_run"))
            )
        except LimitExceeded as exc:
            return render_template(
                "buildings/import.html",
                result=None,
                refused=str(exc),
                batches=_batches(),
                title="导入租约",
            ), 422
        return redirect(url_for("buildings.import_page", job=job_id), code=303)
    job = public(visible_job(request.args["job"])) if request.args.get("job") else None
    result = job["result"] if job and job["state"] == "done" else None
    return render_template(
        "buildings/import.html", job=job, result=result, batches=_batches(), title="导入租约"
    )


@bp.get("/building/leases/import/<int:batch_id>/report.csv")
@role_required(*MANAGERS)
def import_report(batch_id: int) -> Response:
    user = _user()
    found = kept_report(batch_id, KIND)
    if found is None or (not user.sees_all and found[0].user_id != user.id):
        abort(404)
    return send_file(
        found[1],
        mimetype="text/csv",
        as_attachment=True,
        download_name=f"lease-import-{batch_id}.csv",
    )


@bp.get("/building/leases/template.xlsx")
@role_required(*MANAGERS)
def import_template() -> Response:
    return send_file(
        template_workbook(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="lease-import-template.xlsx",
    )
