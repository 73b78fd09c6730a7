"""Group E, leases (租约): expiring, renewed and ended leases."""

from __future__ import annotations

from dashboards import calc_space as space
from dashboards.definitions.sources import (
    LEASES,
    SPACE,
)
from dashboards.indicator import (
    AS_OF_PERIOD_END,
    AS_OF_TODAY,
    Drill,
    Indicator,
)
from qifutong.web.i18n import N_

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "expiring_leases",
        N_("3个月内到期租约"),
        "leases expiring within 90 days",
        "E",
        "份",
        "在租租约；" + SPACE,
        N_(
            "剩余天数 ≤30 红色（含已过期未续签）、31–60 黄色、61–90 蓝色（阈值为设置项）"
            "的租约数与面积"
        ),
        LEASES,
        AS_OF_TODAY,
        Drill("leases", "expiring"),
        "level",
        space.expiring_leases,
        building_role=True,
    ),
    Indicator(
        "lease_flows",
        N_("新签/续租/退租"),
        "new, renewed, ended leases",
        "E",
        "份",
        SPACE,
        N_(
            "所选期间内：新签（起租且非续签）、续租（到期后续签）、退租（到期或提前结束未续）租约数；"
            "数值为新签数"
        ),
        LEASES,
        AS_OF_PERIOD_END,
        Drill("leases", "flows"),
        "bar",
        space.lease_flows,
        building_role=True,
    ),
    Indicator(
        "renewal_rate",
        N_("续租率"),
        "renewal rate",
        "E",
        "%",
        SPACE,
        N_("续租租约数 ÷ 所选期间内到期结束的租约数（续租 + 退租）× 100%"),
        LEASES,
        AS_OF_PERIOD_END,
        Drill("leases", "ended"),
        "pie",
        space.renewal_rate,
        building_role=True,
        item_unit="份",
    ),
)
