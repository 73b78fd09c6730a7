"""The working-day calendar page (工作日历): which years' holidays are known, and loading a
year's State Council notice."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.demands import holidays
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate as _

bp = Blueprint("workcalendar", __name__)


@bp.route("/demands/calendar", methods=["GET", "POST"])
@role_required(Role.STREET)
def calendar_page() -> str | Response | tuple[str, int]:
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("请选择要导入的放假安排文件。"), "error")
            return redirect(url_for("workcalendar.calendar_page"))
        user = acting_user()
        cfg = current_app.config
        result = holidays.load_notice(
            upload.read(),
            upload.filename,
            Path(cfg["QIFUTONG_UPLOAD_DIR"]),
            Path(cfg["QIFUTONG_REPORT_DIR"]),
            user_id=user.id if user else None,
            dry_run=request.form.get("dry_run") == "1",
        )
        if result.status == "done":
            years = "、".join(f"{y}年" for y in result.years)
            flash(_("已导入 {years} 的放假安排：放假 {h} 天，调休上班 {w} 天。", years=years,
                    h=result.holidays, w=result.working_weekends), "ok")  # fmt: skip
            return redirect(url_for("workcalendar.calendar_page"))
    page = render_template(
        "demands/calendar.html",
        title="工作日历",
        years=holidays.loaded_years(),
        warning=holidays.missing_warning(street_today()),
        result=result,
    )
    return (page, 422) if result is not None and result.status == "refused" else page
