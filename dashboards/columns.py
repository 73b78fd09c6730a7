"""The columns of the records behind each kind of indicator (Chinese labels; tax and revenue
columns marked so that building and property users never get them)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards.indicator import Indicator
from qifutong.inbox.models import PUSH_STATES
from qifutong.web.i18n import N_


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    kind: str = "text"  # text, money, int, area, pct, date, number
    finance: bool = False
    link: str = ""  # "firm" or "building": the cell links to that record's page


FIRM_COLUMNS = (
    Column("name", "企业名称", link="firm"),
    Column("industry", "行业门类"),
    Column("building", "所在楼宇"),
    Column("tax_cur", N_("本期税收"), "money", True),
    Column("tax_prev", N_("上年同期税收"), "money", True),
    Column("tax_growth", N_("税收同比"), "pct", True),
    Column("local_cur", N_("本期地方留存"), "money", True),
    Column("rev_cur", N_("本期营业收入"), "money", True),
    Column("rev_growth", N_("营收同比"), "pct", True),
    Column("tax_t12", N_("近12个月税收"), "money", True),
    Column("employees", "从业人员", "int"),
    Column("size", "规模"),
    Column("grade", "重点企业"),
    Column("tier", "成长梯度"),
    Column("registered", N_("注册在地")),
    Column("operates", N_("经营在地")),
    Column("taxhere", N_("纳税在地")),
    Column("moved_in_on", N_("迁入日期"), "date"),
    Column("moved_out_on", N_("迁出日期"), "date"),
    Column("uscc", "统一社会信用代码"),
)
BUILDING_COLUMNS = (
    Column("name", "楼宇", link="building"),
    Column("code", "编号"),
    Column("type", "类型"),
    Column("leasable_area", "可租面积", "area"),
    Column("leased", N_("出租面积"), "area"),
    Column("vacant", "空置面积", "area"),
    Column("occupancy", "出租率", "pct"),
    Column("leaving", N_("拟退租面积"), "area"),
    Column("avg_rent", N_("平均租金（元/㎡·天）"), "number"),
    Column("tenants", N_("在营企业"), "int", True),
    Column("registered_rate", N_("属地注册率"), "pct", True),
    Column("main_industry", N_("主导产业"), "text", True),
    Column("main_share", N_("主导产业占比"), "pct", True),
    Column("tax", "本期税收", "money", True),
    Column("tax_t12", "近12个月税收", "money", True),
    Column("tax_per_m2", N_("单位面积税收（元/㎡）"), "number", True),
)
LEASE_COLUMNS = (
    Column("code", N_("租约编号")),
    Column("building", "楼宇", link="building"),
    Column("unit", "单元"),
    Column("tenant_name", "租户", link="firm"),
    Column("area", "面积", "area"),
    Column("rent_per_m2_day", "租金（元/㎡·天）", "number"),
    Column("start_on", N_("起租日"), "date"),
    Column("end_on", "到期日", "date"),
    Column("days_left", "剩余天数", "int"),
    Column("level", "预警"),
    Column("status_label", "状态"),
    Column("intent_label", N_("租户意向")),
    Column("flow", N_("本期变动")),
)
DEMAND_COLUMNS = (
    Column("id", "编号", "int"),
    Column("title", N_("诉求")),
    Column("firm", "企业", link="firm"),
    Column("category", "类别"),
    Column("state", "状态"),
    Column("created_at", "提交时间", "date"),
    Column("due_at", N_("办理时限"), "date"),
    Column("closed_at", N_("办结时间"), "date"),
    Column("on_time", N_("按期")),
    Column("rating", "评价", "int"),
)
VISIT_COLUMNS = (
    Column("visited_on", "走访日期", "date"),
    Column("firm", "企业", link="firm"),
    Column("grade", "重点企业"),
    Column("building", "楼宇", link="building"),
    Column("visitors", N_("走访人")),
    Column("findings", N_("走访情况")),
)
PUSH_COLUMNS = (
    Column("firm", "企业", link="firm"),
    Column("offer_kind", "类型"),
    Column("title", N_("推送内容")),
    Column("state", "状态"),
    Column("pushed_at", N_("推送时间"), "date"),
    Column("applied_at", N_("申报时间"), "date"),
    Column("granted_at", N_("获批时间"), "date"),
    Column("granted_amount", N_("获批金额"), "money"),
)
MACRO_COLUMNS = (
    Column("month", "月份"),
    Column("value", "数值", "number"),
    Column("unit", "单位"),
    Column("source", "来源"),
    Column("file_name", N_("导入文件")),
)
COLUMNS = {
    "firms": FIRM_COLUMNS,
    "buildings": BUILDING_COLUMNS,
    "leases": LEASE_COLUMNS,
    "demands": DEMAND_COLUMNS,
    "visits": VISIT_COLUMNS,
    "pushes": PUSH_COLUMNS,
    "macro": MACRO_COLUMNS,
}
FLAG = {True: "是", False: "否"}
PUSH_STATE_LABELS = dict(
    zip(
        PUSH_STATES,
        (N_("未读"), N_("已查看"), N_("已点击"), N_("已申报"), N_("已获批"), N_("已放弃")),
        strict=True,
    )
)


def columns_for(indicator: Indicator, finance: bool) -> list[Column]:
    return [c for c in COLUMNS[indicator.drill.kind] if finance or not c.finance]
