"""Group F, service performance (服务成效): demands, visits and pushes."""

from __future__ import annotations

from dashboards import calc_service as svc
from dashboards.definitions.sources import (
    DEMANDS,
    FILTERED,
    GRADING,
    PUSHES,
    VISITS,
)
from dashboards.indicator import (
    AS_OF_PERIOD_END,
    Drill,
    Indicator,
)
from qifutong.web.i18n import N_

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "visits",
        N_("走访次数与覆盖率"),
        "visits and coverage",
        "F",
        N_("次"),
        N_("所选期间内的走访记录") + FILTERED + "；覆盖率：被走访的A/B/C类重点企业 ÷ 重点企业数",
        N_("走访次数（按月分列）；重点企业覆盖率"),
        VISITS + "；" + GRADING,
        AS_OF_PERIOD_END,
        Drill("visits"),
        "bar",
        svc.visits,
    ),
    Indicator(
        "demands",
        N_("诉求办理"),
        "demands",
        "F",
        "件",
        N_("所选期间内提交或办结的企业诉求") + FILTERED,
        N_(
            "受理数（期内提交）、办结数（期内办结）、按期办结数（办结不晚于时限）、满意数（评价4–5星）；"
            "数值为受理数"
        ),
        DEMANDS,
        AS_OF_PERIOD_END,
        Drill("demands"),
        "bar",
        svc.demands,
    ),
    Indicator(
        "policy_reach",
        N_("政策惠企"),
        "policy reach",
        "F",
        "家",
        N_("所选期间内推送的政策") + FILTERED,
        N_(
            "收到推送的企业数（推送记录）；申报企业数（期内提交的申报）；兑现企业数与兑现金额"
            "（期内兑现的申报及免申即享兑现记录）；数值为收到推送的企业数"
        ),
        PUSHES,
        AS_OF_PERIOD_END,
        Drill("pushes", "policy"),
        "bar",
        svc.policy_reach,
    ),
    Indicator(
        "push_funnel",
        "推送转化",
        "push funnel",
        "F",
        "条",
        N_("所选期间内的全部推送") + FILTERED,
        N_("推送 → 查看 → 点击 → 申报 → 获批，各环节达到的推送条数；数值为推送条数"),
        PUSHES,
        AS_OF_PERIOD_END,
        Drill("pushes"),
        "funnel",
        svc.push_funnel,
    ),
)
