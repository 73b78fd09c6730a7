"""Monthly figures: the street's import page, the rows waiting for a firm, and
POST /api/v1/figures/imports. The same service as `qifutong import figures`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from qifutong.api import ApiError, api_blueprint, api_required
from qifutong.api.spec import declare
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.enterprises import figures_review as unmatched
from qifutong.enterprises.figures import LABELS
from qifutong.enterprises.figures_import import KIND, FiguresFile, FiguresImport, import_figures
from qifutong.enterprises.roster.services import import_settings
from qifutong.extensions import db
from qifutong.imports.batches import kept_report
from qifutong.imports.models import ImportBatch
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate

bp = Blueprint("figures", __name__)
api = api_blueprint("figures_api", __name__)
ALLOWED = (".xlsx", ".xls", ".csv", ".txt")


def _run(files: list[FileStorage], dry_run: bool) -> FiguresImport:
    user = acting_user()
    upload_dir, report_dir = import_settings(current_app.config)
    return import_figures(
        [FiguresFile(f.read(), Path(f.filename or "upload").name) for f in files],
        upload_dir=upload_dir,
        report_dir=report_dir,
        today=street_today(),
        user_id=user.id if user is not None else None,
        dry_run=dry_run,
    )


def _files() -> tuple[list[FileStorage], str | None]:
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        return files, translate("请选择要导入的文件（xlsx 或 csv）")
    if any(Path(f.filename or "").suffix.lower() not in ALLOWED for f in files):
        return files, translate("只能导入 xlsx、xls 或 csv 文件")
    return files, None


def _recent() -> list[ImportBatch]:
    stmt = select(ImportBatch).where(ImportBatch.kind == KIND).order_by(ImportBatch.id.desc())
    return list(db.session.scalars(stmt.limit(20)))


@bp.route("/figures/import", methods=["GET", "POST"])
@role_required(Role.STREET)
def import_page() -> tuple[str, int]:
    result, status = None, 200
    if request.method == "POST":
        files, problem = _files()
        if problem:
            flash(problem, "error")
            status = 400
        else:
            result = _run(files, bool(request.form.get("dry_run")))
            status = 422 if result.status == "refused" else 200
    return render_template(
        "figures/import.html",
        result=result,
        batches=_recent(),
        pending=unmatched.pending_count(),
        labels=LABELS,
        title="导入月度经济数据",
    ), status


@bp.get("/figures/import/<int:batch_id>/report.csv")
@role_required(Role.STREET)
def report(batch_id: int) -> Response:
    found = kept_report(batch_id, KIND)
    if found is None:
        abort(404)
    return send_file(
        found[1], mimetype="text/csv", as_attachment=True, download_name=f"figures-{batch_id}.csv"
    )


@bp.get("/figures/unmatched")
@role_required(Role.STREET)
def unmatched_page() -> str:
    page = max(1, request.args.get("page", 1, type=int))
    firms, total = unmatched.unmatched_firms(page, 20)
    return render_template(
        "figures/unmatched.html",
        firms=firms,
        total=total,
        page=page,
        per_page=20,
        title="待关联的月度数据",
    )


@bp.post("/figures/unmatched/decide")
@role_required(Role.STREET)
def decide() -> Response:
    user = acting_user()
    assert user is not None
    identity = request.form.get("identity", "")
    action = request.form.get("action", "")
    try:
        if action == "link":
            target = request.form.get("enterprise_id", type=int)
            if target is None:
                raise unmatched.LinkError(translate("请选择要关联的企业"))
            done = unmatched.link(identity, target, user.id, street_today())
            flash(
                translate("已关联并写入 {n} 个月的数据", n=done["created"] + done["updated"]),
                "success",
            )
        elif action == "register":
            done = unmatched.register_and_link(identity, user.id, street_today())
            flash(
                translate("已新建企业并写入 {n} 个月的数据", n=done["created"] + done["updated"]),
                "success",
            )
        elif action == "dismiss":
            unmatched.dismiss(identity, user.id)
            flash(translate("已忽略这些数据（不属于本街道的企业）"), "success")
        else:
            raise unmatched.LinkError(translate("请选择关联、新建或忽略"))
    except unmatched.LinkError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
    return redirect(url_for("figures.unmatched_page", page=request.form.get("page", 1, type=int)))


FIGURES_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "array",
            "items": {"type": "string", "contentMediaType": "application/octet-stream"},
            "description": "one or more sheets (xlsx, or csv in UTF-8/GBK)",
        },
        "dry_run": {"type": "string", "enum": ["0", "1"], "description": "1: check only"},
    },
}


@api.post("/figures/imports")
@api_required(Role.STREET)
@declare(form=FIGURES_FORM, status=201)
def api_import() -> tuple[Response, int]:
    """Import monthly figures: all rows of every file, or none."""
    files, problem = _files()
    if problem:
        raise ApiError(400, "bad_file", problem)
    result = _run(files, request.form.get("dry_run") in ("1", "true", "on"))
    body: dict[str, Any] = {
        **result.public_summary,
        "batches": result.batch_ids,
        "links": [url_for("imports_api.get_batch", batch_id=b) for b in result.batch_ids],
    }
    if result.status == "refused":
        body["problems"] = [
            {"file": p.file_name, "row": p.row, "field": p.field, "reason": p.reason,
             "value": p.value}
            for p in result.problems
        ]  # fmt: skip
        first = result.problems[0]
        body["error"] = {
            "code": "refused",
            "message": f"{first.file_name} 第 {first.row} 行 {first.field}：{first.reason}"
            f"（共 {len(result.problems)} 处问题，未导入任何数据）",
        }
        return jsonify(body), 422
    return jsonify(body), 201 if result.status == "done" else 200
