"""Key firms (重点企业): grades and tiers, the written rule, tax swing alerts."""

from __future__ import annotations

import html
import re

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup
from sqlalchemy import func, select

from qifutong import places
from qifutong.auth.access import role_required
from qifutong.auth.models import Role
from qifutong.enterprises.models import Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.inputs import page_number
from qifutong.keyfirms import grading
from qifutong.keyfirms import services as keyfirms
from qifutong.paging import paginate
from qifutong.timeutil import street_today
from qifutong.visits.plan import last_visits
from qifutong.web.i18n import N_

bp = Blueprint("keyfirms", __name__)
PER_PAGE = 50


def _inline(text: str) -> str:
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def markdown_html(lines: list[str]) -> Markup:
    """The few Markdown forms the rule uses (headings, tables, lists, paragraphs) as HTML."""
    out: list[str] = []
    table: list[list[str]] = []
    items: list[str] = []

    def flush() -> None:
        if table:
            head, body = table[0], [r for r in table[2:]]
            out.append('<table class="grid rule"><thead><tr>')
            out.extend(f"<th>{_inline(c)}</th>" for c in head)
            out.append("</tr></thead><tbody>")
            for row in body:
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
            table.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in lines:
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if line.startswith("- "):
            items.append(line[2:])
            continue
        flush()
        if line.startswith("# "):
            out.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    flush()
    return Markup("\n".join(out))


def rule_markup() -> Markup:
    swing, base = keyfirms.swing_settings()
    return markdown_html(grading.rule_lines(swing, base))


def last_grading() -> str | None:
    """The month of the last recomputation, from the firms' change history."""
    source = db.session.scalar(
        select(func.max(EnterpriseChange.source)).where(EnterpriseChange.source.like("grade:%"))
    )
    return source.split(":", 1)[1] if source else None


@bp.get("/keyfirms/")
@role_required(Role.STREET)
def index() -> str:
    grade = request.args.get("grade", "")
    tier = request.args.get("tier", "")
    page = max(1, request.args.get("page", 1, type=page_number))
    stmt = select(Enterprise).where(Enterprise.is_active)
    stmt = stmt.where(Enterprise.grade == grade) if grade else stmt.where(Enterprise.is_key_firm)
    if tier:
        stmt = stmt.where(Enterprise.tier == tier)
    stmt = stmt.order_by(Enterprise.grade, Enterprise.tax_12m.desc().nulls_last(), Enterprise.id)
    items, total = paginate(stmt, page, PER_PAGE)
    grade_counts = dict(
        db.session.execute(
            select(Enterprise.grade, func.count())
            .where(Enterprise.is_key_firm, Enterprise.is_active)
            .group_by(Enterprise.grade)
        ).all()
    )
    tier_counts = dict(
        db.session.execute(
            select(Enterprise.tier, func.count())
            .where(Enterprise.tier.is_not(None), Enterprise.is_active)
            .group_by(Enterprise.tier)
        ).all()
    )
    visits = last_visits()
    return render_template(
        "demands/keyfirms.html",
        items=items,
        total=total,
        page=page,
        per_page=PER_PAGE,
        grade=grade,
        tier=tier,
        grade_counts=grade_counts,
        tier_counts=tier_counts,
        last_visit={e.id: visits.get(e.id) for e in items},
        names=places.names({e.building_id for e in items if e.building_id}),
        reasons={
            e.id: grading.grade_reasons(e.tax_12m, e.revenue_12m, e.headcount, e.qualifications)
            for e in items
        },
        g=grading,
        as_of=last_grading(),
        title="重点企业",
    )


@bp.get("/keyfirms/swing")
@role_required(Role.STREET)
def swing() -> str:
    alerts = keyfirms.swing_alerts(street_today())
    firms = {
        e.id: e
        for e in db.session.scalars(
            select(Enterprise).where(Enterprise.id.in_([int(i) for i in alerts.index]))
        )
    }
    rows = [
        {
            "firm": firms[int(eid)],
            "tax_yoy": float(r["tax_yoy"]),
            "tax_12m": float(r["tax_12m"] or 0),
            "tax_prior_12m": float(r["tax_prior_12m"] or 0),
        }
        for eid, r in alerts.iterrows()
        if int(eid) in firms
    ]
    cfg = current_app.config
    return render_template(
        "demands/swing.html",
        rows=rows,
        swing=cfg["QIFUTONG_TAX_SWING"],
        base=cfg["QIFUTONG_TAX_SWING_MIN_BASE"],
        g=grading,
        title="税收波动预警",
    )


@bp.get("/keyfirms/rule")
@role_required(Role.STREET)
def rule() -> str:
    return render_template("demands/rule.html", rule=rule_markup(), title=N_("重点企业分级规则"))
