"""Writing firms: create, update with history, and keep 12-month figures current."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select, update

from qifutong import events
from qifutong.enterprises.models import EconomicRecord, Enterprise, EnterpriseChange
from qifutong.enterprises.schemas import CodeTaken
from qifutong.extensions import db
from qifutong.industry import section_of
from qifutong.names import split_name
from qifutong.timeutil import street_today
from qifutong.web.i18n import translate


def _apply_derived(ent: Enterprise) -> None:
    core, region, branch = split_name(ent.name)
    ent.name_norm = core
    ent.region = region
    ent.is_branch = branch
    ent.industry_section = section_of(ent.industry_code)


def _history_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def create_enterprise(data: dict[str, Any], source: str) -> Enterprise:
    """Add a firm from validated canonical fields (schemas.load)."""
    if data.get("uscc") and db.session.scalar(
        select(Enterprise.id).where(Enterprise.uscc == data["uscc"])
    ):
        raise CodeTaken("uscc", translate("统一社会信用代码 {code} 已存在", code=data["uscc"]))
    ent = Enterprise(**{"status": "active", "qualifications": [], **data})
    _apply_derived(ent)
    db.session.add(ent)
    db.session.flush()
    db.session.add(
        EnterpriseChange(
            enterprise_id=ent.id, field="*", old_value=None, new_value="created", source=source
        )
    )
    events.emit(events.ENTERPRISES_CHANGED, ids=[ent.id])
    return ent


def update_enterprise(ent: Enterprise, changes: dict[str, Any], source: str) -> list[str]:
    """Apply changes, keeping every replaced value in the firm's history; returns fields changed."""
    if changes.get("uscc") and changes["uscc"] != ent.uscc:
        other = db.session.scalar(select(Enterprise.id).where(Enterprise.uscc == changes["uscc"]))
        if other and other != ent.id:
            raise CodeTaken(
                "uscc", translate("统一社会信用代码 {code} 已属于另一家企业", code=changes["uscc"])
            )
    changed = []
    for field, value in changes.items():
        old = getattr(ent, field)
        if old == value:
            continue
        db.session.add(
            EnterpriseChange(
                enterprise_id=ent.id,
                field=field,
                old_value=_history_value(old),
                new_value=_history_value(value),
                source=source,
            )
        )
        setattr(ent, field, value)
        changed.append(field)
    if changed:
        _apply_derived(ent)
        db.session.flush()
        events.emit(events.ENTERPRISES_CHANGED, ids=[ent.id])
    return changed


def last_full_month(today: date | None = None) -> date:
    today = today or street_today()
    first = today.replace(day=1)
    return (pd.Timestamp(first) - pd.DateOffset(months=1)).date()


def refresh_twelve_month_figures(today: date | None = None) -> int:
    """Recompute every firm's revenue and tax over the last 12 full months, in one pass."""
    end = last_full_month(today)
    start = (pd.Timestamp(end) - pd.DateOffset(months=11)).date()
    rows = db.session.execute(
        select(
            EconomicRecord.enterprise_id,
            func.sum(EconomicRecord.revenue),
            func.sum(EconomicRecord.tax_total),
        )
        .where(EconomicRecord.period >= start, EconomicRecord.period <= end)
        .group_by(EconomicRecord.enterprise_id)
    ).all()
    db.session.execute(update(Enterprise).values(revenue_12m=None, tax_12m=None))
    if rows:
        db.session.execute(
            update(Enterprise),
            [{"id": eid, "revenue_12m": rev, "tax_12m": tax} for eid, rev, tax in rows],
        )
    return len(rows)
