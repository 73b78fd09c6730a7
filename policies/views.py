"""The street's policy pages: list, draft, audience preview, publish, funnel; a policy's page."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from policies import forms, schemas, services
from policies.applications import queries as application_queries
from policies.applications import workflow as application_workflow
from policies.applications.services import ApplicationError, record_payout
from policies.models import ISSUER_LEVELS, PAYOUT_MODES, POLICY_STATUSES, Policy
from policies.suggest import explain, suggest
from qifutong.auth.access import acting_user, allowed, role_required
from qifutong.auth.models import Role
from qifutong.enterprises.models import Enterprise
from qifutong.exports import csv_text
from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.inputs import page_number, whole
from qifutong.matching import queries
from qifutong.matching.criteria import normalise_tags
from qifutong.matching.fields import FIELDS, KINDS, OP_LABELS
from qifutong.matching.services import labels
from qifutong.matching.vocabulary import vocabulary
from qifutong.paging import paginate
from qifutong.web import with_nonce
from qifutong.web.i18n import N_, translate

bp = Blueprint("policies", __name__, template_folder="templates")
EXTRA_ROWS = 3
# What the editor calls each field, for its error messages (as the form's labels read).
FORM_FIELDS = {
    "title": "政策名称",
    "code": "编号",
    "issuer_level": "发文层级",
    "issuer_department": "发文部门",
    "doc_number": "文号",
    "category": "类别",
    "payout_mode": "兑现方式",
    "max_amount": "最高金额（元，可写 50万）",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
    "batch": "申报批次",
    "opens_on": "申报开始",
    "closes_on": "申报截止",
    "source_url": "原文链接",
    "amount_text": "支持内容",
    "summary": "摘要",
    "full_text": "正文（申报条件等，系统据此建议条件和标签）",
    "questions": "申报表附加问题",
    "criteria": "申报条件",
    "tags": "标签",
}


def _field_label(field: str) -> str:
    """The form's label of a field an error names (criteria[0].value: 申报条件)."""
    name = field.split("[")[0].split(".")[0]
    return translate(FORM_FIELDS[name]) if name in FORM_FIELDS else field


LIST_ROWS = 50


@bp.get("/street/policies/")
@role_required(Role.STREET)
def index() -> str:
    status = request.args.get("status", "")
    stmt = select(Policy).order_by(Policy.status, Policy.code, Policy.id)
    if status:
        stmt = stmt.where(Policy.status == status)
    items = db.session.scalars(stmt).all()
    return render_template(
        "policies/index.html",
        items=items,
        status=status,
        levels=ISSUER_LEVELS,
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        title="政策管理",
    )


@bp.get("/policies/<int:policy_id>")
@role_required(Role.STREET, Role.FIRM)
def show(policy_id: int) -> str:
    policy = db.session.get(Policy, policy_id)
    street = allowed(acting_user(), (Role.STREET,))
    if policy is None or (policy.status == "draft" and not street):
        abort(404)
    return render_template(
        "policies/show.html",
        policy=policy,
        levels=ISSUER_LEVELS,
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        criteria=[(c, _explain(c)) for c in policy.criteria or []],
        street=street,
        title=policy.title,
    )


def _explain(condition: dict[str, Any]) -> str:
    try:
        return explain(condition, labels())
    except Exception:  # a stored condition the editor would refuse: show it raw
        return f"{condition.get('field')} {condition.get('op')} {condition.get('value')}"


def _policy(policy_id: int) -> Policy:
    policy = db.session.get(Policy, policy_id)
    if policy is None:
        abort(404)
    return policy


def _tag_choices() -> list[tuple[str, str, str]]:
    return [(t.code, t.name_zh, t.kind) for t in vocabulary() if t.kind != "industry"]


def _form_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {name: form.get(name, "") for name in forms.BASIC}
    try:
        data["max_amount"] = forms.parse_amount(form.get("max_amount", ""))
    except ValueError as exc:
        raise schemas.PolicyError("max_amount", "最高金额应为数字（可写 50万、1亿）") from exc
    data["tags"] = form.getlist("tags")
    data["criteria"] = forms.read_criteria(form, form.get("rows", 0, type=whole(0, 200)))
    conditions, tags = forms.adopted_suggestions(
        form, form.get("suggestions", 0, type=whole(0, 200))
    )
    data["criteria"] += conditions
    data["tags"] += [t for t in tags if t not in data["tags"]]
    data["questions"] = forms.read_questions(form.get("questions_text", ""))
    return schemas.load(data, partial=False)


@bp.route("/street/policies/new", methods=["GET", "POST"])
@bp.route("/street/policies/<int:policy_id>/edit", methods=["GET", "POST"])
@role_required(Role.STREET)
def edit(policy_id: int | None = None) -> str | Response:
    """Draft a policy: fields, criteria, and suggestions from its text to adopt or edit."""
    policy = _policy(policy_id) if policy_id else None
    if request.method == "POST":
        try:
            data = _form_data(request.form)
            user = acting_user()
            if policy is None:
                policy = services.create_policy(data, user.id if user else None)
            else:
                services.update_policy(policy, data)
        except schemas.PolicyError as exc:
            db.session.rollback()
            flash(
                translate(
                    "{field}：{problem}",
                    field=_field_label(exc.field),
                    problem=exc.message,
                ),
                "error",
            )
        else:
            flash(translate("已保存。"), "success")
            if request.form.get("next") == "audience":
                return redirect(url_for("policies.audience", policy_id=policy.id))
            return redirect(url_for("policies.edit", policy_id=policy.id))
    text = "。".join(filter(None, [policy.title, policy.full_text])) if policy else ""
    names = labels()
    suggestions = []
    present = {
        json.dumps([c.get("field"), c.get("op"), c.get("value")])
        for c in (policy.criteria if policy else [])
    }
    for s in suggest(text, names):
        if (
            s.condition
            and json.dumps([s.condition["field"], s.condition["op"], s.condition["value"]])
            in present
        ):
            continue
        if s.tag and policy and s.tag in normalise_tags(policy.tags or []):
            continue
        suggestions.append(s)
    criteria = list(policy.criteria or []) if policy else []
    return render_template(
        "policies/edit.html",
        policy=policy,
        criteria=criteria,
        rows=len(criteria) + EXTRA_ROWS,
        suggestions=suggestions,
        suggestion_json=[
            json.dumps(
                {"condition": s.condition, "tag": s.tag, "sentence": s.sentence}, ensure_ascii=False
            )
            for s in suggestions
        ],
        tag_names={t.code: t.name_zh for t in vocabulary()},
        tag_choices=_tag_choices(),
        fields=FIELDS,
        ops=OP_LABELS,
        criterion_kinds=KINDS,
        levels=ISSUER_LEVELS,
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        value_text=forms.value_text,
        questions_text=forms.questions_text(policy.questions or []) if policy else "",
        editor_value=forms.editor_value,
        chosen_tags=normalise_tags(policy.tags or []) if policy else [],
        explain=_explain,
        title=N_("编辑政策") if policy else "新建政策",
    )


@bp.get("/street/policies/<int:policy_id>/audience")
@role_required(Role.STREET)
def audience(policy_id: int) -> str:
    """Who the policy reaches: counts by industry and building, the 免申即享 list, near-misses."""
    policy = _policy(policy_id)
    found = services.audience(policy)
    frame = found.frame
    eligible = frame[frame["status"] == "eligible"].head(LIST_ROWS)
    near = frame[frame["status"] == "near_miss"].head(LIST_ROWS)
    return render_template(
        "policies/audience.html",
        policy=policy,
        audience=found,
        eligible=list(eligible.itertuples(index=False)),
        near=list(near.itertuples(index=False)),
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        chart=_bars(found.by_industry[:12], "按行业（前 12 个门类）"),
        list_rows=LIST_ROWS,
        title=f"受众预览 · {policy.title}",
    )


def _bars(rows: list[dict[str, Any]], label: str) -> str:
    """A plotly bar chart (rendered by the local plotly.js) of eligible and near-miss counts."""
    import plotly.graph_objects as go

    rows = list(reversed(rows))  # plotly draws the first bar at the bottom
    names = [r["name"] for r in rows]
    fig = go.Figure(
        [
            go.Bar(
                name="符合条件",
                y=names,
                x=[r["eligible"] for r in rows],
                orientation="h",
                marker_color="#188038",
            ),
            go.Bar(
                name="差一点",
                y=names,
                x=[r["near_miss"] for r in rows],
                orientation="h",
                marker_color="#f29900",
            ),
        ]
    )
    fig.update_layout(
        barmode="stack",
        height=90 + 26 * len(rows),
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        title={"text": label, "font": {"size": 14}},
        legend={"orientation": "h", "y": -0.08},
        yaxis={"automargin": True},
        autosize=True,
    )
    return _html(fig)


def _html(fig: Any) -> str:
    config = {"displaylogo": False, "responsive": True}
    return with_nonce(str(fig.to_html(full_html=False, include_plotlyjs=False, config=config)))


@bp.get("/street/policies/<int:policy_id>/audience.csv")
@role_required(Role.STREET)
def audience_csv(policy_id: int) -> Response:
    """Every firm the policy reaches (the 免申即享 list for an automatic payout), for Excel."""
    policy = _policy(policy_id)
    frame = services.audience(policy).frame
    labels_ = {"eligible": "符合条件", "near_miss": "差一点"}
    text = csv_text(
        ["企业ID", "企业名称", "统一社会信用代码", "匹配情况", "得分", "理由", "还差"],
        (
            [
                r.enterprise_id,
                r.name,
                r.uscc or "",
                labels_.get(r.status, r.status),
                round(float(r.score), 2),
                "；".join(r.reasons),
                "；".join(r.missing),
            ]
            for r in frame.itertuples(index=False)
        ),
    )
    name = f"policy-{policy.id}-audience.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.post("/street/policies/<int:policy_id>/publish")
@role_required(Role.STREET)
def publish(policy_id: int) -> Response:
    policy = _policy(policy_id)
    try:
        counts = services.publish_policy(policy)
    except schemas.PolicyError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("policies.audience", policy_id=policy_id))
    flash(
        translate(
            "已发布：符合条件 {eligible} 家，差一点 {near_miss} 家，已推送 {pushed} 家。",
            eligible=counts["eligible"],
            near_miss=counts["near_miss"],
            pushed=counts["pushed"],
        ),
        "success",
    )
    return redirect(url_for("policies.funnel", policy_id=policy_id))


@bp.get("/street/policies/<int:policy_id>/funnel")
@role_required(Role.STREET)
def funnel(policy_id: int) -> str:
    """Pushed → seen → clicked → applied → granted, why firms dismissed it, who applied."""
    policy = _policy(policy_id)
    steps = queries.funnel("policy", policy.id)
    page = max(1, request.args.get("page", 1, type=page_number))
    user = acting_user()
    assert user is not None
    found = application_queries.search(user, offer_kind="policy", offer_id=policy.id)
    applications, total = paginate(found, page, LIST_ROWS)
    return render_template(
        "policies/funnel.html",
        policy=policy,
        steps=steps,
        step_names=queries.FUNNEL_STEPS,
        counts=queries.match_counts("policy", policy.id),
        dismissed=queries.dismiss_reasons("policy", policy.id),
        apps=application_queries.offer_counts("policy", policy.id),
        applications=applications,
        applications_total=total,
        app_states=application_workflow.STATE_LABELS,
        page=page,
        per_page=LIST_ROWS,
        chart=_funnel_chart(steps),
        modes=PAYOUT_MODES,
        statuses=POLICY_STATUSES,
        title=f"推送转化 · {policy.title}",
    )


def _funnel_chart(steps: dict[str, Any]) -> str:
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Funnel(
            y=[name for _, name in queries.FUNNEL_STEPS],
            x=[steps[key] for key, _ in queries.FUNNEL_STEPS],
            textinfo="value+percent initial",
            marker={"color": ["#1a73e8", "#4c8df6", "#7baaf7", "#f29900", "#188038"]},
        )
    )
    fig.update_layout(height=300, margin={"l": 80, "r": 20, "t": 10, "b": 10}, autosize=True)
    return _html(fig)


@bp.post("/street/policies/<int:policy_id>/pushes/<int:push_id>/grant")
@role_required(Role.STREET)
def grant_push(policy_id: int, push_id: int) -> Response:
    """A 免申即享 payout to a firm the policy was pushed to (an application is paid on its own
    page)."""
    policy = _policy(policy_id)
    push = db.session.get(Push, push_id)
    if push is None or push.offer_kind != "policy" or push.offer_id != policy_id:
        abort(404)
    ent = db.session.get(Enterprise, push.enterprise_id)
    assert ent is not None
    try:
        amount = forms.parse_amount(request.form.get("amount", ""))
        record_payout(policy, ent, amount or 0.0, acting_user())
    except ApplicationError as exc:
        db.session.rollback()
        flash(exc.shown(), "error")
        return redirect(url_for("policies.funnel", policy_id=policy_id))
    except ValueError:
        flash(translate("兑现金额应为数字（可写 5万、20000）"), "error")
        return redirect(url_for("policies.funnel", policy_id=policy_id))
    flash(translate("已记录兑现。"), "success")
    return redirect(url_for("policies.funnel", policy_id=policy_id))
