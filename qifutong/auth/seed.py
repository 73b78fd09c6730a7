"""The demo street's logins: one per interface, printed by `qifutong demo`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from qifutong.auth.models import User
from qifutong.auth.services import create_user
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.seeding import SeedContext

DEMO_PASSWORD = "guodang-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    interface: str


DEMO_LOGINS = (
    DemoLogin("jiedao", "street", "王明（街道经济发展办）", "街道"),
    DemoLogin("louyu", "building", "李楼长（楼宇管家）", "楼宇"),
    DemoLogin("wuye", "property", "赵经理（物业公司）", "物业"),
    DemoLogin("qiye", "firm", "陈会计（企业管理员）", "企业"),
    DemoLogin("admin", "admin", "系统管理员", "管理员"),
)


def _busiest_buildings(limit: int) -> list[int]:
    """Buildings with the most open leases ending within 90 days or already past."""
    lease = db.metadata.tables["lease"]
    unit = db.metadata.tables["unit"]
    stmt = (
        select(unit.c.building_id, func.count())
        .select_from(lease.join(unit, lease.c.unit_id == unit.c.id))
        .where(lease.c.status == "active")
        .group_by(unit.c.building_id)
        .order_by(func.count().desc(), unit.c.building_id)
    )
    # Leases of every colour: choose by the whole spread, then the street's order.
    return [bid for bid, _ in db.session.execute(stmt).all()[:limit]]


def _property_buildings() -> list[int]:
    building = db.metadata.tables["building"]
    row = db.session.execute(
        select(building.c.property_company_id, func.count())
        .where(building.c.property_company_id.is_not(None))
        .group_by(building.c.property_company_id)
        .order_by(func.count().desc(), building.c.property_company_id)
    ).first()
    if row is None:
        return []
    return list(
        db.session.scalars(select(building.c.id).where(building.c.property_company_id == row[0]))
    )


def _demo_firm() -> int | None:
    """A high-tech firm operating here with its figures: it has plenty to be offered."""
    stmt = (
        select(Enterprise.id)
        .where(
            Enterprise.status == "active",
            Enterprise.operates_here.is_(True),
            Enterprise.building_id.is_not(None),
            Enterprise.tax_12m.is_not(None),
        )
        .order_by(Enterprise.tax_12m.desc())
    )
    for eid in db.session.scalars(stmt.limit(400)):
        ent = db.session.get(Enterprise, eid)
        if (
            ent is not None
            and "hightech" in (ent.qualifications or [])
            and ent.size_class in ("small", "medium")
        ):
            return eid
    return db.session.scalar(stmt.limit(1))


def load_demo_users(ctx: SeedContext) -> dict[str, int]:
    known = set(db.session.scalars(select(User.username)))
    made = 0
    for login in DEMO_LOGINS:
        if login.username in known:
            continue
        kwargs: dict[str, object] = {"display_name": login.display_name}
        if login.role == "building":
            kwargs["building_ids"] = _busiest_buildings(2)
        elif login.role == "property":
            kwargs["building_ids"] = _property_buildings()
        elif login.role == "firm":
            kwargs["enterprise_id"] = _demo_firm()
        elif login.role == "street":
            kwargs["department"] = "古荡街道经济发展办公室"
        create_user(login.username, DEMO_PASSWORD, login.role, **kwargs)  # type: ignore[arg-type]
        made += 1
    return {"users": made}
