"""Pushes in the data catalogue."""

from __future__ import annotations

from sqlalchemy import select

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.inbox.models import Push
from qifutong.web.i18n import N_


def register() -> None:
    register_dataset(
        DataSet(
            "pushes",
            N_("推送记录"),
            "街道经济服务办",
            N_("平台按条件向企业推送的政策、场地、资金、服务与活动，以及企业的查看、申报与反馈"),
            N_("每日匹配与推送任务；发布政策、企业信息变化、房源空出时自动重新匹配"),
            count_rows(Push),
            latest(Push.pushed_at),
            cadence_days=7,
            coverage=share_of_active_firms(
                lambda _: N_("收到过推送的在营企业"), lambda _: select(Push.enterprise_id)
            ),
        )
    )
