"""The policy categories as streets file them, marked for the catalog (their English is in
qifutong/translations); the other words of the policies' vocabulary are marked where they are
defined."""

from __future__ import annotations

from qifutong.web.i18n import N_

WORDS = (
    N_("研发/科技创新"),
    N_("首台套"),
    N_("数字经济"),
    N_("融资/贷款贴息"),
    N_("技术改造"),
    N_("上市/股改"),
    N_("人才引进"),
    N_("房租补贴/楼宇经济"),
    N_("服务业"),
)
