"""Visits in the data catalogue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.visits.models import Visit
from qifutong.web.i18n import N_


def register() -> None:
    register_dataset(
        DataSet(
            "visits",
            "走访记录",
            N_("街道企业服务中心、各楼宇楼管员"),
            N_("走楼访企记录：走访对象、日期、了解到的情况与后续事项"),
            N_("楼宇端与街道“走楼访企”页面"),
            count_rows(Visit),
            latest(Visit.updated_at),
            coverage=share_of_active_firms(
                lambda _: N_("近12个月走访过的在营企业"),
                lambda today: select(Visit.enterprise_id).where(
                    Visit.enterprise_id.is_not(None),
                    Visit.visited_on >= today - timedelta(days=365),
                ),
            ),
        )
    )
