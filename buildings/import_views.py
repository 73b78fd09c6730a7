"""Uploading a lease spreadsheet: the same import as `qifutong import leases FILE`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import abort, current_app, render_template, request, send_file
from sqlalchemy import select
from werkzeug.wrappers import Response

from buildings.export import template_workbook
from buildings.importing import KIND, import_leases
from buildings.queries import warning_settings
from buildings.views import MANAGERS, _user, bp
from qifutong.auth.access import role_required
from qifutong.enterprises.models import ImportBatch
from qifutong.extensions import db
from qifutong.imports.batches import kept_report


def _batches() -> list[ImportBatch]:
    user = _user()
    stmt = select(ImportBatch).where(ImportBatch.kind == KIND)
    if not user.sees_all:
        stmt = stmt.where(ImportBatch.user_id == user.id)
    return list(db.session.scalars(stmt.order_by(ImportBatch.id.desc()).limit(20)))


@bp.route("/building/leases/import", methods=["GET", "POST"])
@role_required(*MANAGERS)
def import_page() -> Any:
    result = None
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
        today, thresholds = warning_settings(current_app.config)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload"
            upload.save(path)
            result = import_leases(
                path,
                file_name=upload.filename,
                user=_user(),
                dry_run=bool(request.form.get("dry_run")),
                upload_dir=Path(current_app.config["QIFUTONG_UPLOAD_DIR"]),
                report_dir=Path(current_app.config["QIFUTONG_REPORT_DIR"]),
                today=today,
                thresholds=thresholds,
            )
    status = 422 if result is not None and result.status == "refused" else 200
    return render_template(
        "buildings/import.html", result=result, batches=_batches(), title="导入租约"
    ), status


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
