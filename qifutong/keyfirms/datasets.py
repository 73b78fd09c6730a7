"""Key-firm grades in the data catalogue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from qifutong.catalogue import DataSet, count_rows, register_dataset, share_of_active_firms
from qifutong.enterprises.models import Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.web.i18n import N_


def _last_grading() -> datetime | None:
    """When grades were last worked out (grading records each change it makes)."""
    return db.session.scalar(
        select(func.max(EnterpriseChange.changed_at)).where(EnterpriseChange.source.like("grade:%"))
    )


def register() -> None:
    register_dataset(
        DataSet(
            "grades",
            N_("重点企业分级"),
            N_("街道经济服务办"),
            N_("按书面规则由近12个月税收、营业收入、从业人数与资质计算的 A/B/C 分级与成长分层"),
            N_("每月按规则重新计算（街道“重点企业”页面可查看规则）"),
            count_rows(Enterprise, Enterprise.is_key_firm),
            _last_grading,
            cadence_days=35,
            coverage=share_of_active_firms(
                lambda _: N_("已分级的在营企业"),
                lambda _: select(Enterprise.id).where(Enterprise.is_key_firm),
            ),
        )
    )
