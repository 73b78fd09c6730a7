"""Recording visits (走楼访企) and raising a demand from one without retyping it."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import false, or_, select
from sqlalchemy.sql import Select

from qifutong.auth.models import Role, User
from qifutong.demands import services
from qifutong.demands.models import Demand
from qifutong.enterprises.models import Enterprise
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.visits.models import Visit, VisitTask
from qifutong.visits.tasks import answered_from
from qifutong.web.i18n import N_, translate

# Words in a visit's needs that point to a demand category; the first match wins.
CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("融资需求"), (N_("融资"), N_("贷款"), "资金", "授信", "投资")),
    (N_("交通停车"), ("停车", "车位", "交通", "公交")),
    (N_("场地需求"), ("场地", "办公室", "扩租", "租金", "面积", "工位", "续租", "退租")),
    (N_("用工招聘"), ("招聘", N_("人才"), "用工", "落户", "员工", "社保")),
    (N_("物业纠纷"), ("物业", "空调", "电梯", "保洁", "维修")),
    (N_("证照办理"), ("证照", "执照", "许可", "备案", "变更登记")),
    ("知识产权", ("专利", "商标", "知识产权", "著作权", "软著")),
    (N_("市场拓展"), ("市场", "客户", "订单", "展会", "对接", "海外", "出口")),
    (N_("政策咨询"), ("政策", "补贴", "申报", "奖励", "资质", "认定", "高新")),
)


class VisitError(QifutongError, ValueError):
    """A visit that cannot be recorded as entered; the message says which field and why."""

    status = 422
    code = "invalid_field"


def guess_category(text: str) -> str:
    for category, words in CATEGORY_WORDS:
        if any(w in text for w in words):
            return category
    return "其他"


def record_visit(
    *,
    user: User | None,
    enterprise_id: int | None,
    building_id: int | None,
    visited_on: date,
    visitors: str,
    findings: str,
    needs: str,
    today: date,
) -> Visit:
    """Store a visit; the firm's building is taken from the firm; open tasks it answers close."""
    ent = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
    if enterprise_id and ent is None:
        raise VisitError(translate("走访对象：没有编号为 {id} 的企业", id=enterprise_id))
    if ent is not None and ent.building_id and not building_id:
        building_id = ent.building_id
    if ent is None and not building_id:
        raise VisitError(translate("走访对象：请选择一家企业或一座楼宇"))
    if visited_on > today:
        raise VisitError(
            translate("走访日期：{day} 晚于今天，请填写实际走访的日期", day=visited_on.isoformat())
        )
    visitors = visitors.strip() or (user.display_name or user.username if user else "")
    if not visitors:
        raise VisitError(translate("走访人员：请填写参加走访的人员"))
    visit = Visit(
        enterprise_id=ent.id if ent else None,
        building_id=building_id,
        visited_on=visited_on,
        visitors=visitors[:200],
        findings=findings.strip(),
        needs=needs.strip(),
        created_by=user.id if user else None,
    )
    db.session.add(visit)
    db.session.flush()
    if ent is not None:
        tasks = db.session.scalars(
            select(VisitTask).where(VisitTask.enterprise_id == ent.id, VisitTask.status == "open")
        )
        red_days = int(current_app.config["QIFUTONG_LEASE_RED_DAYS"])
        for task in tasks:
            if visited_on >= answered_from(task, red_days):
                task.status = "done"
                task.visit_id = visit.id
    return visit


def raise_from_visit(visit: Visit, user: User | None) -> Demand:
    """One click: the visit's firm, its needs as the text, a category guessed from the words."""
    text = visit.needs.strip() or visit.findings.strip()
    if not text:
        raise services.DemandError(
            422,
            "invalid_field",
            "the visit recorded no needs to raise as a demand",
            zh="这次走访没有记录企业需求，无法生成诉求；请先在走访记录中填写需求",
        )
    first = text.splitlines()[0].strip()
    title = first if len(first) <= 60 else first[:58] + "……"
    body = text
    if visit.findings.strip() and visit.needs.strip():
        body = f"{visit.needs.strip()}\n\n走访发现：{visit.findings.strip()}"
    body += f"\n\n（{visit.visited_on.isoformat()} 走访，走访人员：{visit.visitors}）"
    return services.raise_demand(
        enterprise_id=visit.enterprise_id,
        category=guess_category(text),
        urgency="normal",
        title=title,
        text=body,
        user=user,
        visit_id=visit.id,
    )


def scope_visits(stmt: Select[tuple[Visit]], user: User) -> Select[tuple[Visit]]:
    """Street sees all; a building user the visits to its buildings and their firms."""
    if user.sees_all:
        return stmt
    if user.role == Role.BUILDING:
        ids = user.building_ids
        firms = select(Enterprise.id).where(Enterprise.building_id.in_(ids))
        return stmt.where(
            or_(
                Visit.building_id.in_(ids),
                Visit.enterprise_id.in_(firms),
                Visit.created_by == user.id,
            )
        )
    return stmt.where(false())


def can_see_visit(user: User, visit: Visit) -> bool:
    if user.sees_all:
        return True
    if user.role != Role.BUILDING:
        return False
    ids = user.building_ids
    if visit.created_by == user.id or (visit.building_id in ids):
        return True
    ent = visit.enterprise
    return ent is not None and ent.building_id in ids


def demands_of(visit: Visit) -> list[Demand]:
    return list(
        db.session.scalars(select(Demand).where(Demand.visit_id == visit.id).order_by(Demand.id))
    )
