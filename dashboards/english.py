"""English for the cockpit's own texts: each indicator's scope, formula, source and as-of
line, and the units (the indicators' names have their English in the registry). A scope or a
source of several parts (joined by "；") is translated part by part."""

from __future__ import annotations

import calendar
import re

from qifutong.web.i18n import current_locale, term

PARTS = {
    # Scopes
    "按所选楼宇、行业筛选": "filtered by the chosen buildings and industries",
    "不受行业筛选影响": "not filtered by industry",
    "入驻企业纳税在地的楼宇": "buildings whose tenants pay tax here",
    "入驻各楼宇、纳税在地的企业": "firms in the buildings that pay tax here",
    "入驻楼宇的在营企业": "active firms in the buildings",
    "在本街道经营且存续在营的企业中已上市或拟上市的企业": (
        "listed and pre-IPO firms among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业中已划分成长梯度的企业": (
        "firms with a growth tier among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业中持有专精特新或“小巨人”资质的企业": (
        "specialised SMEs and “little giants” among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业中持有高新技术企业资质的企业": (
        "high-tech enterprises among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业中标记为规上的企业": (
        "above-scale firms among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业中被评为A/B/C类的重点企业": (
        "key firms (grades A/B/C) among the active firms operating here"
    ),
    "在本街道经营且存续在营的企业": "active firms operating here",
    "在租租约": "open leases",
    "所选期间内推送的政策": "policies pushed in the chosen period",
    "所选期间内提交或办结的企业诉求": "demands raised or closed in the chosen period",
    "所选期间内的全部推送": "all pushes in the chosen period",
    "所选期间内的走访记录": "visits in the chosen period",
    "覆盖率：被走访的A/B/C类重点企业 ÷ 重点企业数": (
        "coverage: key firms (A/B/C) visited ÷ key firms"
    ),
    "所选期间内迁入或迁出的企业": "firms moving in or out in the chosen period",
    "所选范围内的楼宇（楼宇用户：其负责的楼宇）": (
        "buildings in the chosen scope (building users: the buildings in their charge)"
    ),
    "有在租面积的楼宇": "buildings with leased area",
    "注册在本街道、但不在本街道经营的存续企业（招商回引名单）": (
        "active firms registered here but operating elsewhere (the list to win back)"
    ),
    "税收：纳税在地的企业（含期内迁出企业迁出前的税收）": (
        "tax: firms paying tax here (including firms that moved out, before they left)"
    ),
    "人数：在本街道经营且存续在营的企业": "headcount: active firms operating here",
    "纳税在地、上年同期税收不低于起算额（设置 QIFUTONG_TAX_SWING_MIN_BASE）的企业": (
        "firms paying tax here whose tax a year earlier reached the threshold "
        "(setting QIFUTONG_TAX_SWING_MIN_BASE)"
    ),
    "纳税在地、所选期间有经济数据的企业": (
        "firms paying tax here with economic data in the chosen period"
    ),
    "纳税在地的企业（含期内迁出企业迁出前的税收）": (
        "firms paying tax here (including firms that moved out, before they left)"
    ),
    "经营在地的企业（含期内迁出企业迁出前的营收）": (
        "firms operating here (including firms that moved out, before they left)"
    ),
    "西湖区统计局发布的区级数据，不受楼宇、行业筛选影响": (
        "district figures published by the Xihu statistics bureau, not filtered by building "
        "or industry"
    ),
    "迁入日期在所选期间内的企业": "firms that moved in during the chosen period",
    "迁出日期在所选期间内的企业": "firms that moved out during the chosen period",
    # Sources
    "企业名录": "Firm register",
    "企业名录中的分级分类结果（按营收与税收趋势逐月计算）": (
        "Grades in the firm register (worked out monthly from revenue and tax trends)"
    ),
    "企业名录中的分级分类结果": "Grades in the firm register",
    "区统计局月度统计数据（按月导入）": (
        "District statistics bureau monthly data (imported monthly)"
    ),
    "推送记录": "Push records",
    "月度经济数据（企业逐月营业收入、税收、地方留存、从业人数）": (
        "Monthly economic data (each firm's monthly revenue, tax, local share and headcount)"
    ),
    "月度经济数据": "Monthly economic data",
    "楼宇台账与租约台账": "Building and lease registers",
    "租约台账": "Lease register",
    "诉求办理记录": "Demand records",
    "走楼访企记录": "Visit records",
    "走访记录": "Visit records",
    "企业诉求": "Firm demands",
    "重点企业分级": "Key firm grading",
    "区级统计数据": "District statistics",
    "西湖区统计局月报": "Xihu District statistics bureau monthly report",
    # As-of lines
    "今日（台账实时数据）": "today (live register data)",
    "所选期间内最新一个有经济数据的月份（月末）": (
        "the latest month with economic data in the chosen period (month end)"
    ),
    "所选期间末日（不晚于今日）": "the end of the chosen period (not after today)",
    "统计局数据所属月份（所选期间内最新一期）": (
        "the month of the bureau's latest figures in the chosen period"
    ),
    # Formulas
    "(本期税收总额 − 上年同期税收总额) ÷ 上年同期税收总额 × 100%": (
        "(tax this period − tax a year earlier) ÷ tax a year earlier × 100%"
    ),
    "(本期营业收入 − 上年同期营业收入) ÷ 上年同期营业收入 × 100%": (
        "(revenue this period − revenue a year earlier) ÷ revenue a year earlier × 100%"
    ),
    "|本期税收 − 上年同期| ÷ 上年同期 ≥ 预警阈值（设置 QIFUTONG_TAX_SWING）的企业数": (
        "firms whose |tax this period − a year earlier| ÷ a year earlier ≥ the alert "
        "threshold (setting QIFUTONG_TAX_SWING)"
    ),
    "Σ 企业逐月税收中的地方留存部分（所选期间内有数据的月份；同比对照上年相同月份）": (
        "Σ the local share of firms' monthly tax (months with data in the chosen period; "
        "compared with the same months a year earlier)"
    ),
    "Σ 企业逐月税收总额（所选期间内有数据的月份；同比对照上年相同月份）": (
        "Σ firms' monthly total tax (months with data in the chosen period; compared with "
        "the same months a year earlier)"
    ),
    "Σ 企业逐月营业收入（所选期间内有数据的月份；同比对照上年相同月份）": (
        "Σ firms' monthly revenue (months with data in the chosen period; compared with the "
        "same months a year earlier)"
    ),
    "Σ 各企业最新从业人数（所选期间最新月份的月报人数，缺月报时取企业名录人数）": (
        "Σ each firm's latest headcount (the latest monthly report in the period, else the "
        "register's)"
    ),
    "Σ 各楼宇 max(可租面积 − 出租面积, 0)": "Σ per building max(leasable − leased area, 0)",
    "Σ 在租租约面积": "Σ area of open leases",
    "Σ 楼宇内企业本期税收，按楼宇排名": "Σ tax of the firms in each building, ranked",
    "Σ 楼宇可租面积": "Σ leasable area of the buildings",
    "Σ 租户意向为退租的在租租约面积": "Σ area of open leases whose tenant intends to leave",
    "Σ(租金 × 面积) ÷ Σ 面积，在租且登记租金的租约（面积加权）": (
        "Σ(rent × area) ÷ Σ area over open leases with a rent (area-weighted)"
    ),
    "企业计数（分列上市、拟上市）": "firm count (listed and pre-IPO apart)",
    "企业计数（按A/B/C类分列）": "firm count by grade A/B/C",
    "企业计数（按大型/中型/小型/微型/未划型分列）": (
        "firm count by size (large/medium/small/micro/not classified)"
    ),
    "企业计数（按成长型/稳定型/风险型分列）": "firm count by tier (growing/stable/at risk)",
    "企业计数（按所在楼宇分列）": "firm count by building",
    "企业计数（按行业门类分列）": "firm count by industry section",
    "企业计数（按迁入月份分列）；同比对照上年同期": (
        "firm count by month moved in; compared with a year earlier"
    ),
    "企业计数（按迁出月份分列）；同比对照上年同期": (
        "firm count by month moved out; compared with a year earlier"
    ),
    "企业计数，小巨人同时计入专精特新；图中分列两类资质": (
        "firm count, little giants counted as specialised SMEs too; the chart shows both"
    ),
    "出租面积 ÷ 可租面积 × 100%（全街道及逐楼宇）": (
        "leased area ÷ leasable area × 100% (the street and each building)"
    ),
    "前十家企业本期税收合计 ÷ 税收总额 × 100%": "tax of the top ten firms ÷ total tax × 100%",
    "剩余天数 ≤30 红色（含已过期未续签）、31–60 黄色、61–90 蓝色（阈值为设置项）的租约数与面积": (
        "leases and area with ≤30 days left red (expired and not renewed included), 31–60 "
        "amber, 61–90 blue (thresholds are settings)"
    ),
    "区统计局公布的固定资产投资累计同比增速": (
        "fixed-asset investment, year-to-date growth y/y, as the district bureau publishes it"
    ),
    "区统计局公布的实际利用外资累计额": (
        "foreign capital actually used, year to date, as the district bureau publishes it"
    ),
    "区统计局公布的技术合同成交额累计值": (
        "technology contract turnover, year to date, as the district bureau publishes it"
    ),
    "区统计局公布的数字经济核心产业增加值累计同比增速": (
        "digital economy core industries' value added, year-to-date growth y/y, as the "
        "district bureau publishes it"
    ),
    "区统计局公布的服务业增加值累计同比增速": (
        "services value added, year-to-date growth y/y, as the district bureau publishes it"
    ),
    "区统计局公布的社会消费品零售总额累计同比增速": (
        "retail sales of consumer goods, year-to-date growth y/y, as the district bureau "
        "publishes it"
    ),
    (
        "受理数（期内提交）、办结数（期内办结）、按期办结数（"
        "办结不晚于时限）、满意数（评价4–5星）；数值为受理数"
    ): (
        "received (raised in the period), closed (closed in the period), closed on time "
        "(by the deadline), satisfied (rated 4–5 stars); the figure is the number received"
    ),
    "各楼宇企业数最多的行业门类所占比例；数值为各楼宇的平均值": (
        "share of each building's largest industry section; the figure is the buildings' mean"
    ),
    "各行业门类本期税收 ÷ 税收总额 × 100%；数值为占比最高门类的占比": (
        "tax per industry section ÷ total tax × 100%; the figure is the largest share"
    ),
    (
        "所选期间内：新签（起租且非续签）、续租（到期后续签"
        "）、退租（到期或提前结束未续）租约数；数值为新签数"
    ): (
        "in the chosen period: new leases (started, not renewals), renewals, and leavings "
        "(ended without renewal); the figure is the new leases"
    ),
    "按本期税收分档计数：≥1亿元、1000万–1亿元、100万–1000万元、10万–100万元、<10万元": (
        "firms by tax band this period: ≥100M yuan, 10M–100M, 1M–10M, 100k–1M, <100k yuan"
    ),
    "按本期税收排名的前十家企业；数值为前十家税收合计": (
        "the ten firms paying most tax this period; the figure is their total"
    ),
    "推送 → 查看 → 点击 → 申报 → 获批，各环节达到的推送条数；数值为推送条数": (
        "pushed → seen → clicked → applied → granted, pushes reaching each step; the figure "
        "is the pushes"
    ),
    "收到推送的企业数（推送记录）；申报企业数（期内提交的申报）；兑现企业数与兑现金额"
    "（期内兑现的申报及免申即享兑现记录）；数值为收到推送的企业数": (
        "firms pushed (push records); firms that applied (applications submitted in the "
        "period); firms paid and the amount paid (applications paid and payouts without "
        "application in the period); the figure is the firms pushed"
    ),
    "数值为有企业的行业门类数；图中为各门类企业数与本期税收（GB/T 4754-2017）": (
        "the figure is the number of industry sections with firms; the chart shows firms and "
        "tax per section (GB/T 4754-2017)"
    ),
    "新增入驻企业数 − 迁出企业数（按月分列）": "firms moving in − firms moving out, by month",
    "楼内注册在本街道的企业数 ÷ 楼内在营企业数 × 100%": (
        "firms in the building registered here ÷ active firms in the building × 100%"
    ),
    "楼宇税收 ÷ 出租面积（全街道及逐楼宇）": (
        "building tax ÷ leased area (the street and each building)"
    ),
    "楼宇计数（按楼宇类型分列）": "building count by type",
    "注册在本街道的企业数 ÷ 在营企业数 × 100%（注册地未知的计入分母）": (
        "firms registered here ÷ active firms × 100% (unknown registration counts in the "
        "denominator)"
    ),
    "税收总额 ÷ 从业人员（按行业门类分列）": "total tax ÷ employees, by industry section",
    "纳税在本街道的企业数 ÷ 在营企业数 × 100%（纳税地未知的计入分母）": (
        "firms paying tax here ÷ active firms × 100% (unknown tax location counts in the "
        "denominator)"
    ),
    "续租租约数 ÷ 所选期间内到期结束的租约数（续租 + 退租）× 100%": (
        "renewals ÷ leases ending in the chosen period (renewed + left) × 100%"
    ),
    "走访次数（按月分列）；重点企业覆盖率": "visits by month; coverage of key firms",
    (
        "近12个月（截至最新月份）楼内企业税收 ≥ 1亿元（设置 QIFUTONG_BILLION_TAX"
        "）的楼宇数；图中另列达到门槛80%（设置 QIFUTONG_BILLION_WATCH）的观察名单"
    ): (
        "buildings whose firms paid ≥ 100M yuan tax in the last 12 months (setting "
        "QIFUTONG_BILLION_TAX); the chart also lists those at 80% of it (setting "
        "QIFUTONG_BILLION_WATCH)"
    ),
    # Units the indicators are counted in
    "万美元": "10k USD",
    "份": "",
    "条": "",
    "元/㎡": "yuan/m²",
    "元/人": "yuan/person",
}


MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
YEAR = re.compile(r"^(\d{4})年$")
DATED = re.compile(r"^(.*)（(\d{4})年(\d{1,2})月）$")  # 西湖区统计局月报（2026年11月）
SECTION = re.compile(r"^([A-T]) (\S+)$")  # "I 信息传输、软件和信息技术服务业"
ROOM = re.compile(r"^(\S+)层 (\S+)$")  # a lease's unit: "12层 1201"
PERIOD = re.compile(r"^(本期|上年同期)（(\d{4})年）$")


def cockpit_text(text: str) -> str:
    """A scope, formula, source or as-of line in the current locale, part by part."""
    if current_locale() != "en" or not text:
        return text
    if text in PARTS:
        return PARTS[text] or text
    dated = DATED.match(text)
    if dated:
        name, year, month = dated.groups()
        return f"{cockpit_text(name)} ({year}-{int(month):02d})"
    return "; ".join(term(part) for part in text.split("；"))


def month_label(label: str) -> str:
    """A trend's month ("11月") in the current locale ("Nov")."""
    found = re.match(r"^(\d{1,2})月$", label) if current_locale() == "en" else None
    return calendar.month_abbr[int(found.group(1))] if found else label


def label_text(label: str) -> str:
    """A chart's category or series label in the current locale: months as 2026-11, years
    as 2026, vocabulary words in English; names (buildings, firms) as they are."""
    if current_locale() != "en" or not label:
        return label
    if YEAR.match(label):
        return label[:4]
    section = SECTION.match(label)
    if section:
        return f"{section.group(1)} {term(section.group(2))}"
    room = ROOM.match(label)
    if room:
        return f"{room.group(1)}F {room.group(2)}"
    period = PERIOD.match(label)
    if period:
        word = "this period" if period.group(1) == "本期" else "a year earlier"
        return f"{word} ({period.group(2)})"
    return MONTH.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}", term(label))


# Tile lines, chart labels and the reasons a figure cannot be worked out.
PHRASES = {
    "重点企业覆盖率 {rate}%": "Key firms visited {rate}%",
    "按期办结率 {rate}%": "Closed on time {rate}%",
    "满意率 {rate}%": "Satisfied {rate}%",
    "获批金额 {amount}": "Granted {amount}",
    "{level} {n} 份 · {area} ㎡": "{level} {n} leases · {area} m²",
    "其他企业": "Other firms",
    "前十企业": "Top ten firms",
    "办结": "Closed",
    "受理": "Received",
    "同比大幅下降": "Sharp fall y/y",
    "同比大幅增长": "Sharp rise y/y",
    "按期办结": "Closed on time",
    "推送企业": "Firms pushed",
    "未入驻楼宇": "Not in a building",
    "未知": "Unknown",
    "满意（4–5星）": "Satisfied (4–5 stars)",
    "申报企业": "Firms that applied",
    "续租": "Renewed",
    "获批企业": "Firms granted",
    "退租": "Left",
    "新签": "New",
    "A类": "Grade A",
    "B类": "Grade B",
    "C类": "Grade C",
    "上年同期无数据，无法计算同比": "No data a year earlier: no year-on-year change",
    "所选范围内没有楼宇": "No buildings in the chosen scope",
    "所选期间尚无月度经济数据": "No monthly economic data in the chosen period yet",
    "所选范围内没有在营企业": "No active firms in the chosen scope",
    "尚无推送记录（匹配推送尚未运行）": "No pushes yet (matching has not run)",
    "从业人员为零，无法计算人均税收": "No employees: no tax per head",
    "尚未导入区统计局月度数据": "The district bureau's monthly data is not imported yet",
    "成长梯度尚未计算（分级引擎尚未运行）": "Growth tiers not worked out yet (grading has not run)",
    "所选楼宇中没有在营企业": "No active firms in the chosen buildings",
    "所选范围内没有可租面积": "No leasable area in the chosen scope",
    "所选范围内没有在租面积": "No leased area in the chosen scope",
    "所选范围内没有登记租金的在租租约": "No open lease with a rent in the chosen scope",
    "本期没有到期结束的租约": "No lease ended in the period",
    "本期税收为零，无法计算行业占比": "No tax this period: no industry shares",
    "本期税收为零，无法计算集中度": "No tax this period: no concentration",
    "重点企业分级尚未计算（分级引擎尚未运行）": (
        "Key firm grades not worked out yet (grading has not run)"
    ),
}

# The records pages' column headers and the words their cells hold.
COLUMNS = {
    "上年同期税收": "Tax a year earlier",
    "主导产业": "Main industry",
    "主导产业占比": "Main industry share",
    "从业人员": "Employees",
    "企业": "Firm",
    "企业名称": "Name",
    "出租率": "Occupancy",
    "出租面积": "Leased area",
    "到期日": "End date",
    "剩余天数": "Days left",
    "办理时限": "Deadline",
    "办结时间": "Closed",
    "单位": "Unit",
    "单位面积税收（元/㎡）": "Tax per m² (yuan)",
    "单元": "Unit",
    "可租面积": "Leasable area",
    "在营企业": "Active firms",
    "导入文件": "Imported file",
    "属地注册率": "Registered here",
    "平均租金（元/㎡·天）": "Average rent (yuan/m²/day)",
    "成长梯度": "Growth tier",
    "所在楼宇": "Building",
    "拟退租面积": "Area to be vacated",
    "按期": "On time",
    "推送内容": "Pushed item",
    "推送时间": "Pushed",
    "提交时间": "Raised",
    "数值": "Value",
    "月份": "Month",
    "本期变动": "Change this period",
    "本期地方留存": "Local share this period",
    "本期税收": "Tax this period",
    "本期营业收入": "Revenue this period",
    "来源": "Source",
    "楼宇": "Building",
    "注册在地": "Registered here",
    "状态": "Status",
    "申报时间": "Applied",
    "租户": "Tenant",
    "租户意向": "Tenant intent",
    "租约编号": "Lease no.",
    "租金（元/㎡·天）": "Rent (yuan/m²/day)",
    "税收同比": "Tax y/y",
    "空置面积": "Vacant area",
    "类别": "Category",
    "类型": "Type",
    "纳税在地": "Taxed here",
    "经营在地": "Operating here",
    "统一社会信用代码": "Credit code",
    "编号": "No.",
    "获批时间": "Granted",
    "获批金额": "Amount granted",
    "营收同比": "Revenue y/y",
    "行业门类": "Industry section",
    "规模": "Size",
    "评价": "Rating",
    "诉求": "Demand",
    "走访人": "Visitors",
    "走访情况": "Findings",
    "走访日期": "Visited",
    "起租日": "Start date",
    "迁入日期": "Moved in",
    "迁出日期": "Moved out",
    "近12个月税收": "Tax, last 12 months",
    "重点企业": "Key firm",
    "面积": "Area",
    "预警": "Warning",
    "未读": "Unread",
    "已查看": "Seen",
    "已点击": "Clicked",
    "已申报": "Applied",
    "已获批": "Granted",
    "已放弃": "Given up",
    "未分类": "Not classified",
    "演示数据": "Demo data",
    "扩租": "Expand",
    "缩租": "Shrink",
    "在租": "Active",
    "已续签": "Renewed",
    "已到期退租": "Ended",
    "红色预警": "Red",
    "黄色预警": "Amber",
    "蓝色预警": "Blue",
    "已提交": "Submitted",
}
