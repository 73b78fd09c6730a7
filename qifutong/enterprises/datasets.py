"""The firm register's data sets in the catalogue: firms, roster imports, monthly figures and
what firms report themselves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.enterprises.models import (
    EconomicRecord,
    EconomicRecordChange,
    Enterprise,
    EnterpriseSourceRow,
    FirmReport,
)
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch
from qifutong.web.i18n import N_

# Figures for a month are expected by this day of the next month.
FIGURES_DUE_DAY = 20


def _last_month(today: date) -> date:
    first = today.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def _month_words(d: date) -> str:
    return f"{d.year}年{d.month}月"


def figures_overdue(today: date) -> bool:
    """Last month's figures are due by the 20th; before that, the month before's."""
    due = _last_month(today) if today.day > FIGURES_DUE_DAY else _last_month(_last_month(today))
    newest = db.session.scalar(select(func.max(EconomicRecord.period)))
    return newest is None or newest < due


def register() -> None:
    register_dataset(
        DataSet(
            "enterprises",
            "企业名录",
            "街道经济服务办",
            N_("市场监管部门的企业登记名录与街道摸排名录，经导入比对合并；街道补充"),
            N_("“导入企业”页面或命令行导入名录；企业名录页面；数据接口"),
            count_rows(Enterprise),
            latest(Enterprise.updated_at),
            cadence_days=92,
            batch_kinds=("enterprises",),
            coverage=share_of_active_firms(
                lambda _: N_("有统一社会信用代码的在营企业"),
                lambda _: select(Enterprise.id).where(
                    Enterprise.uscc.is_not(None), Enterprise.uscc_problem.is_(None)
                ),
            ),
        )
    )
    register_dataset(
        DataSet(
            "roster_rows",
            N_("企业名录来源行"),
            "街道经济服务办",
            N_("每次导入的名录原文件（保留校验值）及其每一行"),
            N_("“导入企业”页面或命令行导入名录"),
            count_rows(EnterpriseSourceRow),
            latest(ImportBatch.created_at),
            batch_kinds=("enterprises",),
            coverage=share_of_active_firms(
                lambda _: N_("有来源记录的在营企业"),
                lambda _: select(EnterpriseSourceRow.enterprise_id),
            ),
        )
    )
    register_dataset(
        DataSet(
            "figures",
            N_("月度经济数据"),
            N_("区税务局、区统计局（街道经济服务办导入）"),
            N_("税务局月度税收明细与统计局月报：营业收入、税收、地方留存、从业人数"),
            N_("“导入月度数据”页面、命令行或数据接口，每月一次"),
            count_rows(EconomicRecord),
            latest(EconomicRecordChange.changed_at, EconomicRecord.period),
            cadence_days=31,
            batch_kinds=("figures",),
            coverage=share_of_active_firms(
                lambda today: f"上月（{_month_words(_last_month(today))}）有数据的企业",
                lambda today: select(EconomicRecord.enterprise_id).where(
                    EconomicRecord.period == _last_month(today)
                ),
            ),
            overdue=figures_overdue,
        )
    )
    register_dataset(
        DataSet(
            "firm_reports",
            N_("企业自报信息"),
            N_("各企业（街道经济服务办核实）"),
            N_("企业在“企业信息”中自行维护的行业、人数、资质、知识产权等，待街道核实"),
            N_("企业端“企业信息”页面；街道“核实企业自报”页面"),
            count_rows(FirmReport),
            latest(FirmReport.reported_at, FirmReport.decided_at),
            coverage=share_of_active_firms(
                lambda _: N_("自报过信息的在营企业"), lambda _: select(FirmReport.enterprise_id)
            ),
        )
    )
