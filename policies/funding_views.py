"""The street's funding product pages: the list, and the form (fields, application window,
criteria, tags, the application form's questions)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from policies import forms
from policies.funding import create_funding, load_funding, update_funding
from policies.models import FundingProduct
from policies.offers import FUNDING_KINDS
from policies.schemas import PolicyError
from policies.views import EXTRA_ROWS, _explain, _tag_choices, bp
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.extensions import db
from qifutong.inputs import whole
from qifutong.matching.criteria import normalise_tags
from qifutong.matching.fields import FIELDS, KINDS, OP_LABELS
from qifutong.web.i18n import N_, translate

# The form's fields as the street reads them (an error names the field).
FIELD_LABELS = {
    "code": N_("编号"), "title": N_("产品名称"), "provider": N_("提供机构"),
    "kind": N_("产品类型"), "summary": N_("简介"), "amount_min": N_("最低额度"),
    "amount_max": N_("最高额度"), "rate_text": N_("利率"), "term_months": N_("期限（月）"),
    "opens_on": N_("申报开始"), "closes_on": N_("申报截止"), "batch": N_("申报批次"),
    "criteria": N_("申报条件"), "tags": N_("标签"), "questions": N_("申报表附加问题"),
}  # fmt: skip


@bp.get("/street/funding/")
@role_required(Role.STREET)
def funding_index() -> str:
    items = db.session.scalars(select(FundingProduct).order_by(FundingProduct.id)).all()
    return render_template(
        "policies/funding_index.html", items=items, kinds=FUNDING_KINDS, title="资金产品"
    )


def _funding_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        name: form.get(name, "")
        for name in ("code", "title", "provider", "kind", "summary", "rate_text", "term_months",
                     "opens_on", "closes_on", "batch")
    }  # fmt: skip
    for name in ("amount_min", "amount_max"):
        try:
            data[name] = forms.parse_amount(form.get(name, ""))
        except ValueError as exc:
            raise PolicyError(name, translate("额度应为数字（可写 50万、1亿）")) from exc
    data["active"] = form.get("active") == "1"
    data["tags"] = form.getlist("tags")
    data["criteria"] = forms.read_criteria(form, form.get("rows", 0, type=whole(0, 200)))
    data["questions"] = forms.read_questions(form.get("questions_text", ""))
    return load_funding(data)


@bp.route("/street/funding/new", methods=["GET", "POST"])
@bp.route("/street/funding/<int:product_id>/edit", methods=["GET", "POST"])
@role_required(Role.STREET)
def funding_edit(product_id: int | None = None) -> str | Response:
    """A funding product's form; saving an active one matches it again."""
    product = db.session.get(FundingProduct, product_id) if product_id else None
    if product_id and product is None:
        abort(404)
    if request.method == "POST":
        try:
            data = _funding_data(request.form)
            if product is None:
                product = create_funding(data)
            else:
                update_funding(product, data)
        except PolicyError as exc:
            db.session.rollback()
            # A field's name in words; the criteria editor's own "条件第 N 行" as it is.
            key = exc.field.split("[")[0].split(".")[0]
            label = FIELD_LABELS.get(key) or ("" if exc.field.isascii() else exc.field)
            flash(f"{translate(label)}：{translate(exc.message)}" if label else
                  translate(exc.message), "error")  # fmt: skip
        else:
            flash(translate("已保存。"), "success")
            return redirect(url_for("policies.funding_edit", product_id=product.id))
    criteria = list(product.criteria or []) if product else []
    return render_template(
        "policies/funding_edit.html",
        product=product,
        kinds=FUNDING_KINDS,
        criteria=criteria,
        rows=len(criteria) + EXTRA_ROWS,
        fields=FIELDS,
        ops=OP_LABELS,
        criterion_kinds=KINDS,
        explain=_explain,
        editor_value=forms.editor_value,
        value_text=forms.value_text,
        tag_choices=_tag_choices(),
        chosen_tags=normalise_tags(product.tags or []) if product else [],
        questions_text=forms.questions_text(product.questions or []) if product else "",
        title=N_("编辑资金产品") if product else N_("新建资金产品"),
    )
