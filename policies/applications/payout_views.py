"""The street records 免申即享 payouts on a policy's funnel page (one firm at a time, or a
sheet of them) and sees what the policy paid out against whom it could reach (兑现成效)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response

from policies.applications import payouts, services
from policies.applications.outcome import OUTCOMES, policy_outcome
from policies.applications.views import bp
from policies.forms import parse_amount
from policies.models import Policy
from qifutong.auth.access import acting_user, role_required
from qifutong.auth.models import Role
from qifutong.exports import csv_text
from qifutong.extensions import db
from qifutong.imports.batches import kept_report
from qifutong.timeutil import street_today
from qifutong.web.i18n import term, translate

SHOWN_PROBLEMS = 5
LIST_ROWS = 100


def _auto_policy(policy_id: int) -> Policy:
    policy = db.session.get(Policy, policy_id)
    if policy is None:
        abort(404)
    return policy


def _back(policy_id: int) -> Response:
    return redirect(url_for("policies.funnel", policy_id=policy_id, _anchor="payouts"))


@bp.post("/street/policies/<int:policy_id>/payouts")
@role_required(Role.STREET)
def record_payout(policy_id: int) -> Response:
    """One firm paid: named by its credit code or its exact name."""
    policy = _auto_policy(policy_id)
    firm = request.form.get("firm", "").strip()
    is_code = (
        len(firm) == 18 and firm[:2].isalnum() and not any("\u4e00" <= c <= "\u9fff" for c in firm)
    )
    ent, why = payouts.find_firm(firm if is_code else "", "" if is_code else firm)
    if ent is None:
        flash(translate("企业：{problem}", problem=why), "error")
        return _back(policy_id)
    try:
        amount = parse_amount(request.form.get("amount", ""))
        raw_day = request.form.get("paid_on", "").strip()
        paid_on = date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        flash(translate("兑现金额应为数字（可写 5万、20000），日期如 2027-03-01"), "error")
        return _back(policy_id)
    why = payouts.check_payee(policy, ent, street_today())
    if why:
        flash(translate("{name}：{problem}", name=ent.name, problem=why), "error")
        return _back(policy_id)
    try:
        services.record_payout(policy, ent, amount or 0.0, acting_user(), paid_on)
    except services.ApplicationError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return _back(policy_id)
    flash(translate("已记录兑现：{name}，并已通知企业。", name=ent.name), "success")
    return _back(policy_id)


@bp.post("/street/policies/<int:policy_id>/payouts/import")
@role_required(Role.STREET)
def import_payouts(policy_id: int) -> Response:
    """A sheet of payouts: every row, or none when any row is bad (with a report)."""
    policy = _auto_policy(policy_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(translate("请选择兑现名单文件（.xlsx 或 .csv）"), "error")
        return _back(policy_id)
    cfg = current_app.config
    try:
        result = payouts.import_payouts(
            policy,
            upload.read(),
            upload.filename,
            user=acting_user(),
            upload_dir=Path(cfg["QIFUTONG_UPLOAD_DIR"]),
            report_dir=Path(cfg["QIFUTONG_REPORT_DIR"]),
            today=street_today(),
        )
    except services.ApplicationError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return _back(policy_id)
    if result.problems:
        shown = translate("；").join(
            translate(
                "第 {row} 行 {field}：{problem}", row=p.row, field=term(p.field), problem=p.reason
            )
            + (translate("（{value}）", value=p.value) if p.value else "")
            for p in result.problems[:SHOWN_PROBLEMS]
        )
        many = len(result.problems) > SHOWN_PROBLEMS
        more = translate(" 等 {n} 处", n=len(result.problems)) if many else ""
        flash(
            translate(
                "{file} 未导入：{problems}{more}。请修改后重新上传。",
                file=result.file_name,
                problems=shown,
                more=more,
            ),
            "error",
        )
    else:
        flash(
            translate(
                "已导入 {file}：兑现 {n} 家企业，并已通知企业。",
                file=result.file_name,
                n=result.paid,
            ),
            "success",
        )
    return _back(policy_id)


@bp.get("/street/payouts/<int:batch_id>/report")
@role_required(Role.STREET)
def payout_report(batch_id: int) -> Response:
    found = kept_report(batch_id, payouts.KIND)
    if found is None:
        abort(404)
    batch, path = found
    return send_file(
        path, download_name=f"{Path(batch.file_name).stem}-问题.csv", as_attachment=True
    )


@bp.get("/street/policies/<int:policy_id>/outcome")
@role_required(Role.STREET)
def outcome(policy_id: int) -> str:
    """Firms paid against those applying, eligible but not applied, and near-misses."""
    policy = _auto_policy(policy_id)
    found = policy_outcome(policy)
    return render_template(
        "applications/outcome.html",
        policy=policy,
        o=found,
        outcomes=OUTCOMES,
        rows=list(found.rows.head(LIST_ROWS).itertuples(index=False)),
        list_rows=LIST_ROWS,
        title=f"兑现成效 · {policy.title}",
    )


@bp.get("/street/policies/<int:policy_id>/outcome.csv")
@role_required(Role.STREET)
def outcome_csv(policy_id: int) -> Response:
    policy = _auto_policy(policy_id)
    rows = policy_outcome(policy).rows
    text = csv_text(
        ["企业名称", "统一社会信用代码", "行业门类", "所在楼宇", "兑现情况", "兑现金额（元）"],
        (
            [r.name, r.uscc or "", r.industry, r.building, OUTCOMES[r.outcome], round(r.amount, 2)]
            for r in rows.itertuples(index=False)
        ),
    )
    name = f"policy-{policy.id}-outcome.csv"
    return Response(
        text, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}"}
    )
