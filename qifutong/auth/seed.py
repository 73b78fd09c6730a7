"""The demo street's logins: one per interface, printed by `qifutong demo`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

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


# The buildings a demo building or property manager looks after, chosen by the buildings
# domain (role → no arguments → building ids); none registered, none given.
DemoBuildings = Callable[[], list[int]]
_demo_buildings: dict[str, DemoBuildings] = {}


def register_demo_buildings(role: str, choose: DemoBuildings) -> None:
    _demo_buildings[role] = choose


def _demo_firm() -> int | None:
    """A high-tech firm operating here with its figures: it has plenty to be offered."""
    stmt = (
        select(Enterprise.id)
        .where(
            Enterprise.is_active,
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
        if login.role in ("building", "property"):
            choose = _demo_buildings.get(login.role)
            kwargs["building_ids"] = choose() if choose is not None else []
        elif login.role == "firm":
            kwargs["enterprise_id"] = _demo_firm()
        elif login.role == "street":
            kwargs["department"] = "古荡街道经济发展办公室"
        create_user(login.username, DEMO_PASSWORD, login.role, **kwargs)  # type: ignore[arg-type]
        made += 1
    return {"users": made}
