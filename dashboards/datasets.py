"""The district statistics in the data catalogue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from dashboards.models import MacroStatistic
from dashboards.period import add_months
from qifutong.catalogue import DataSet, count_rows, latest, register_dataset
from qifutong.extensions import db
from qifutong.web.i18n import N_


def macro_overdue(today: date) -> bool:
    """The bureau publishes a month about six weeks after it ends."""
    newest = db.session.scalar(select(func.max(MacroStatistic.period)))
    return newest is None or newest < add_months(today.replace(day=1), -3)


def register() -> None:
    register_dataset(
        DataSet(
            "macro",
            N_("区级统计数据"),
            N_("西湖区统计局（街道经济服务办导入）"),
            N_(
                "区统计局月报：服务业增加值、数字经济核心产业、固定资产投资、社零、实际利用外资、技术合同"
            ),
            N_("“区统计数据导入”页面或命令行导入"),
            count_rows(MacroStatistic),
            latest(MacroStatistic.period),
            cadence_days=62,
            batch_kinds=("macro",),
            overdue=macro_overdue,
        )
    )
