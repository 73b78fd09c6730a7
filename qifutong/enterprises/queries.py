"""Reading firms within the caller's scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_, select

from qifutong.auth.access import scope_enterprises
from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise, EnterpriseTag
from qifutong.enterprises.visibility import ordered
from qifutong.extensions import db
from qifutong.names import normalise_name
from qifutong.uscc import normalise as normalise_uscc


def enterprise_search(
    user: User,
    q: str = "",
    industry: str = "",
    building_id: int | None = None,
    status: str = "active",
) -> Select[Any]:
    """Firms the user may see, filtered by a name/USCC query, industry prefix and building."""
    stmt = scope_enterprises(select(Enterprise), user, Enterprise)
    q = q.strip()
    if q:
        code = normalise_uscc(q)
        core = normalise_name(q) or q
        stmt = stmt.where(
            or_(
                Enterprise.name.contains(q),
                Enterprise.name_norm.contains(core),
                Enterprise.uscc == code,
                Enterprise.legal_rep == q,
            )
        )
    if industry:
        if industry[:1].isalpha():
            stmt = stmt.where(Enterprise.industry_section == industry.upper())
        else:
            stmt = stmt.where(Enterprise.industry_code.startswith(industry))
    if building_id:
        stmt = stmt.where(Enterprise.building_id == building_id)
    if status:
        stmt = stmt.where(Enterprise.status == status)
    return ordered(stmt, Enterprise, user.sees_all)


def tag_codes(enterprise_ids: list[int]) -> dict[int, list[str]]:
    """Each firm's tag codes, sorted, in one query."""
    out: dict[int, list[str]] = {}
    if enterprise_ids:
        rows = db.session.execute(
            select(EnterpriseTag.enterprise_id, EnterpriseTag.tag_code)
            .where(EnterpriseTag.enterprise_id.in_(enterprise_ids))
            .order_by(EnterpriseTag.enterprise_id, EnterpriseTag.tag_code)
        )
        for enterprise_id, code in rows:
            out.setdefault(enterprise_id, []).append(code)
    return out
