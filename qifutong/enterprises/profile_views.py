"""The firm keeps its own record (企业信息) and the street verifies what it reported."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.enterprises import reports
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.present import field_label, value_text
from qifutong.enterprises.profile import PROFILE_FIELDS, industry_choices, read_profile
from qifutong.enterprises.views import bp
from qifutong.extensions import db
from qifutong.matching.vocabulary import QUALIFICATION_LABELS
from qifutong.web.i18n import join, translate


def _my_firm() -> Enterprise:
    user = acting_user()
    ent = db.session.get(Enterprise, user.enterprise_id) if user and user.enterprise_id else None
    if ent is None:
        abort(404)
    return ent


def _form_values(ent: Enterprise, latest: dict[str, Any]) -> dict[str, Any]:
    """What the form shows: a value waiting for verification, else the record's."""
    out = {f.name: getattr(ent, f.name) for f in PROFILE_FIELDS}
    for field, report in latest.items():
        if report.status == reports.PENDING:
            out[field] = report.value
    return out


@bp.route("/firm/profile", methods=["GET", "POST"])
@role_required(Role.FIRM)
def my_firm() -> Response | tuple[str, int]:
    user = acting_user()
    assert user is not None
    ent = _my_firm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        values, errors = read_profile(request.form)
        if not errors:
            made = reports.report(ent, values, source=f"firm:{user.id}", user_id=user.id)
            if made:
                flash(
                    translate(
                        "已保存。{names}为企业自报信息，街道核实后生效；在此之前只用于为您推荐。",
                        names=join([field_label(r.field) for r in made]),
                    ),
                    "success",
                )
            else:
                flash(translate("已保存。"), "success")
            return redirect(url_for("enterprises.my_firm"))
        flash(translate("有几项填写不正确，请按提示修改。"), "error")
    latest = reports.latest_reports(ent.id)
    shown = _form_values(ent, latest)
    if request.method == "POST":
        shown.update({k: request.form.get(k, "") for k in shown if k != "qualifications"})
        shown["qualifications"] = request.form.getlist("qualifications")
    return render_template(
        "enterprises/profile.html",
        ent=ent,
        fields=PROFILE_FIELDS,
        shown=shown,
        verified={f.name: getattr(ent, f.name) for f in PROFILE_FIELDS},
        latest=latest,
        errors=errors,
        industries=industry_choices(ent.industry_code),
        qualifications=QUALIFICATION_LABELS,
        value_text=value_text,
        title="企业信息",
    ), 400 if errors else 200


@bp.get("/enterprises/reports")
@role_required(Role.STREET)
def report_queue() -> str:
    page = max(1, request.args.get("page", 1, type=int))
    items, total = reports.pending_queue(page, 30)
    return render_template(
        "enterprises/reports.html",
        items=items,
        total=total,
        page=page,
        per_page=30,
        field_label=field_label,
        value_text=value_text,
        title="核实企业自报",
    )


@bp.post("/enterprises/reports/<int:report_id>")
@role_required(Role.STREET)
def decide_report(report_id: int) -> Response:
    user = acting_user()
    assert user is not None
    try:
        if request.form.get("decision") == "verify":
            done = reports.verify(report_id, user.id, request.form.get("note"))
            flash(
                translate("已核实：{field}已写入企业信息", field=field_label(done.field)), "success"
            )
        else:
            done = reports.reject(report_id, user.id, request.form.get("note", ""))
            flash(
                translate("未采纳：{field}，企业会看到原因", field=field_label(done.field)),
                "success",
            )
    except reports.ReportError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    return redirect(url_for("enterprises.report_queue", page=request.form.get("page", 1, type=int)))
