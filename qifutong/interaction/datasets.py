"""Notices and questions (政企互动) in the data catalogue."""

from __future__ import annotations

from qifutong.catalogue import DataSet, count_rows, latest, register_dataset
from qifutong.interaction.models import Announcement, Question
from qifutong.web.i18n import N_


def register() -> None:
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
