"""Group A, fiscal and macro (财政与宏观): the street's tax and revenue, and the district
statistics bureau's monthly figures."""

from __future__ import annotations

from dashboards import calc_economy as eco
from dashboards import calc_service as svc
from dashboards.definitions.sources import (
    DISTRICT,
    ECON,
    MACRO,
    PERIOD_NOTE,
    REVENUE,
    TAXED,
)
from dashboards.indicator import (
    AS_OF_IMPORTED,
    AS_OF_MONTH,
    Drill,
    Indicator,
)
from qifutong.web.i18n import N_


def _macro(key: str, zh: str, en: str, unit: str, formula: str) -> Indicator:
    return Indicator(
        key,
        zh,
        en,
        "A",
        unit,
        DISTRICT,
        formula,
        MACRO,
        AS_OF_IMPORTED,
        Drill("macro", key),
        "line",
        svc.macro(key),  # type: ignore[arg-type]
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "tax_total",
        N_("税收总额"),
        "total tax",
        "A",
        N_("元"),
        TAXED,
        "Σ 企业逐月税收总额（" + PERIOD_NOTE + "）",
        ECON,
        AS_OF_MONTH,
        Drill("firms", "tax_here"),
        "trend",
        eco.tax_total,
        finance=True,
    ),
    Indicator(
        "fiscal_local",
        N_("地方财政收入"),
        "locally retained revenue",
        "A",
        "元",
        TAXED,
        "Σ 企业逐月税收中的地方留存部分（" + PERIOD_NOTE + "）",
        ECON,
        AS_OF_MONTH,
        Drill("firms", "tax_here"),
        "trend",
        eco.fiscal_local,
        finance=True,
    ),
    Indicator(
        "tax_growth",
        N_("税收同比增速"),
        "tax growth y/y",
        "A",
        "%",
        TAXED,
        N_("(本期税收总额 − 上年同期税收总额) ÷ 上年同期税收总额 × 100%"),
        ECON,
        AS_OF_MONTH,
        Drill("firms", "growth_base"),
        "compare",
        eco.tax_growth,
        finance=True,
        item_unit="元",
    ),
    Indicator(
        "revenue_total",
        N_("营业收入总额"),
        "total firm revenue",
        "A",
        "元",
        REVENUE,
        "Σ 企业逐月营业收入（" + PERIOD_NOTE + "）",
        ECON,
        AS_OF_MONTH,
        Drill("firms", "revenue"),
        "trend",
        eco.revenue_total,
        finance=True,
    ),
    Indicator(
        "revenue_growth",
        N_("营收同比增速"),
        "revenue growth y/y",
        "A",
        "%",
        REVENUE,
        N_("(本期营业收入 − 上年同期营业收入) ÷ 上年同期营业收入 × 100%"),
        ECON,
        AS_OF_MONTH,
        Drill("firms", "revenue"),
        "compare",
        eco.revenue_growth,
        finance=True,
        item_unit="元",
    ),
    _macro(
        "services_va_growth",
        N_("服务业增加值增速"),
        "services value-added growth",
        "%",
        N_("区统计局公布的服务业增加值累计同比增速"),
    ),
    _macro(
        "digital_core_growth",
        N_("数字经济核心产业增加值增速"),
        "digital-economy core growth",
        "%",
        N_("区统计局公布的数字经济核心产业增加值累计同比增速"),
    ),
    _macro(
        "fixed_investment_growth",
        N_("固定资产投资增速"),
        "fixed-asset investment growth",
        "%",
        N_("区统计局公布的固定资产投资累计同比增速"),
    ),
    _macro(
        "retail_sales_growth",
        N_("社会消费品零售总额增速"),
        "retail sales growth",
        "%",
        N_("区统计局公布的社会消费品零售总额累计同比增速"),
    ),
    _macro(
        "foreign_capital_used",
        N_("实际利用外资"),
        "foreign capital actually used",
        N_("万美元"),
        N_("区统计局公布的实际利用外资累计额"),
    ),
    _macro(
        "tech_contract_value",
        N_("技术交易额"),
        "technology contract turnover",
        N_("亿元"),
        N_("区统计局公布的技术合同成交额累计值"),
    ),
)
