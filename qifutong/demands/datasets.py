"""Demands, visits, key-firm grades and 政企互动 in the data catalogue."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset, share_of_active_firms
from qifutong.demands.models import Announcement, Demand, Question, Visit
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
    register_dataset(
        DataSet(
            "notices",
            "通知公告",
            N_("街道办公室"),
            N_("街道按企业标签定向发布的通知"),
            N_("街道“政企互动”页面"),
            count_rows(Announcement),
            latest(Announcement.updated_at),
        )
    )
    register_dataset(
        DataSet(
            "questions",
            N_("政企互动问答"),
            "街道企业服务中心",
            N_("企业在企业端提出的问题与街道的答复"),
            N_("企业端与街道“政企互动”页面"),
            count_rows(Question),
            latest(Question.updated_at),
        )
    )
