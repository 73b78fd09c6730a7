"""Demands in the data catalogue."""

from __future__ import annotations

from sqlalchemy import select

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.demands.models import Demand
from qifutong.web.i18n import N_


def register() -> None:
    register_dataset(
        DataSet(
            "demands",
            N_("企业诉求"),
            N_("街道企业服务中心"),
            N_("企业在企业端提出、或走访中记录的诉求及其办理过程"),
            N_("企业端“我的诉求”；街道“诉求办理”页面；数据接口"),
            count_rows(Demand),
            latest(Demand.updated_at),
            coverage=share_of_active_firms(
                lambda _: N_("提过诉求的在营企业"),
                lambda _: select(Demand.enterprise_id).where(Demand.enterprise_id.is_not(None)),
            ),
        )
    )
