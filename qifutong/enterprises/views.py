"""Firm list and firm page (街道, 楼宇/物业 within their buildings, a firm its own)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from qifutong import places
from qifutong.auth.access import acting_user, can_see_enterprise, can_see_finance, role_required
from qifutong.auth.models import Role
from qifutong.enterprises import reports
from qifutong.enterprises.models import (
    SIZE_LABELS,
    STATUS_LABELS,
    EconomicRecord,
    Enterprise,
    EnterpriseChange,
)
from qifutong.enterprises.present import field_label, source_text, value_text
from qifutong.enterprises.queries import enterprise_search
from qifutong.enterprises.visibility import visible_history
from qifutong.extensions import db
from qifutong.industry import industry_label, industry_names
from qifutong.inputs import db_id, page_number
from qifutong.paging import paginate

bp = Blueprint("enterprises", __name__)
PER_PAGE = 50


@bp.get("/enterprises/")
@role_required(Role.STREET, Role.BUILDING, Role.PROPERTY)
def index() -> str:
    user = acting_user()
    assert user is not None
    q = request.args.get("q", "")
    industry = request.args.get("industry", "")
    building_id = request.args.get("building", type=db_id)
    status = request.args.get("status", "active")
    page = max(1, request.args.get("page", 1, type=page_number))
    stmt = enterprise_search(user, q, industry, building_id, status)
    items, total = paginate(stmt, page, PER_PAGE)
    names = places.names({e.building_id for e in items if e.building_id})
    sections = {k: v for k, v in industry_names().items() if k.isalpha()}
    return render_template(
        "enterprises/index.html",
        items=items,
        total=total,
        page=page,
        per_page=PER_PAGE,
        q=q,
        industry=industry,
        building_id=building_id,
        status=status,
        building_names=names,
        all_buildings=places.names(None if user.sees_all else user.building_ids),
        sections=sections,
        size_labels=SIZE_LABELS,
        status_labels=STATUS_LABELS,
        finance=user.sees_finance and user.role != Role.FIRM,
        title="企业名录",
    )


@bp.get("/enterprises/<int:enterprise_id>")
@role_required(Role.STREET, Role.BUILDING, Role.PROPERTY, Role.FIRM)
def show(enterprise_id: int) -> str:
    user = acting_user()
    assert user is not None
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None:
        abort(404)
    if not can_see_enterprise(user, ent):
        abort(403)
    finance = can_see_finance(user, ent)
    records: list[EconomicRecord] = []
    if finance:
        records = list(
            db.session.scalars(
                select(EconomicRecord)
                .where(EconomicRecord.enterprise_id == ent.id)
                .order_by(EconomicRecord.period.desc())
            )
        )
    history = visible_history(
        db.session.scalars(
            select(EnterpriseChange)
            .where(EnterpriseChange.enterprise_id == ent.id)
            .order_by(EnterpriseChange.id.desc())
            .limit(100)
        ),
        finance,
    )
    names = places.names({ent.building_id} if ent.building_id else set())
    pending = [r for r in reports.latest_reports(ent.id).values() if r.status == reports.PENDING]
    return render_template(
        "enterprises/show.html",
        pending=pending,
        street=user.sees_all,
        field_label=field_label,
        value_text=value_text,
        source_text=source_text,
        ent=ent,
        finance=finance,
        records=records,
        history=history,
        building_name=names.get(ent.building_id or 0),
        industry=industry_label(ent.industry_code),
        size_labels=SIZE_LABELS,
        status_labels=STATUS_LABELS,
        title=ent.name,
    )
