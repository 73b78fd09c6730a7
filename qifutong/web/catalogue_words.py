"""English for the data catalogue (the data sets the packages declare, their owners, sources,
ways of update and coverage lines)."""

from __future__ import annotations

import re

from qifutong.web.i18n import current_locale, term

WORDS = {
    # Data sets
    "企业名录": "Firm register",
    "企业名录来源行": "Firm register source rows",
    "月度经济数据": "Monthly economic data",
    "企业自报信息": "Firms' own reports",
    "推送记录": "Push records",
    "企业诉求": "Firm demands",
    "走访记录": "Visit records",
    "重点企业分级": "Key firm grading",
    "通知公告": "Notices",
    "政企互动问答": "Questions and answers",
    "惠企政策": "Support policies",
    "金融产品": "Funding products",
    "服务机构": "Service providers",
    "活动培训": "Activities & trainings",
    "楼宇": "Buildings",
    "楼宇房源单元": "Building units",
    "租约台账": "Lease register",
    "区级统计数据": "District statistics",
    # Owners
    "街道经济服务办": "Street economic services office",
    "区税务局、区统计局（街道经济服务办导入）": (
        "District tax bureau and statistics bureau (imported by the economic services office)"
    ),
    "各企业（街道经济服务办核实）": "Each firm (verified by the economic services office)",
    "街道企业服务中心": "Street enterprise service centre",
    "街道企业服务中心、各楼宇楼管员": "Street enterprise service centre and building managers",
    "街道办公室": "Street office",
    "街道经济服务办（合作银行、投资机构提供）": (
        "Street economic services office (from partner banks and investors)"
    ),
    "街道楼宇经济办": "Street building economy office",
    "各楼宇物业公司（楼宇经济办汇总）": (
        "Each building's property company (collected by the building economy office)"
    ),
    "各楼宇楼管员与物业公司": "Building managers and property companies",
    "西湖区统计局（街道经济服务办导入）": (
        "Xihu District statistics bureau (imported by the economic services office)"
    ),
    # Sources
    "市场监管部门的企业登记名录与街道摸排名录，经导入比对合并；街道补充": (
        "The market regulator's register and the street's own survey, matched and merged on "
        "import; completed by the street"
    ),
    "每次导入的名录原文件（保留校验值）及其每一行": (
        "Each imported roster file (with its checksum) and every row of it"
    ),
    "税务局月度税收明细与统计局月报：营业收入、税收、地方留存、从业人数": (
        "The tax bureau's monthly tax details and the statistics bureau's monthly reports: "
        "revenue, tax, local share, headcount"
    ),
    "企业在“企业信息”中自行维护的行业、人数、资质、知识产权等，待街道核实": (
        "Industry, headcount, qualifications, IP and more that firms keep under “Our firm”, "
        "to be verified by the street"
    ),
    "平台按条件向企业推送的政策、场地、资金、服务与活动，以及企业的查看、申报与反馈": (
        "The policies, spaces, funding, services and activities the platform pushes to firms "
        "on their criteria, and what firms did with them"
    ),
    "企业在企业端提出、或走访中记录的诉求及其办理过程": (
        "Demands firms raise or visits record, and how each was handled"
    ),
    "走楼访企记录：走访对象、日期、了解到的情况与后续事项": (
        "Visit records: whom, when, what was learned and what follows"
    ),
    "按书面规则由近12个月税收、营业收入、从业人数与资质计算的 A/B/C 分级与成长分层": (
        "Grades A/B/C and growth tiers worked out by the written rule from the last 12 months' "
        "tax, revenue, headcount and qualifications"
    ),
    "街道按企业标签定向发布的通知": "Notices the street sends to firms by tag",
    "企业在企业端提出的问题与街道的答复": "Firms' questions and the street's answers",
    "国家、省、市、区与街道发布的惠企政策原文及其适用条件": (
        "Support policies of the nation, province, city, district and street, with their conditions"
    ),
    "合作银行的贷款产品与投资机构的投资方向": "Partner banks' loans and investors' focus",
    "律师、会计、人力资源、知识产权等服务机构": (
        "Lawyers, accountants, HR, IP and other service providers"
    ),
    "面向企业的培训、对接会等活动及报名": "Trainings, matchmaking events and their sign-ups",
    "辖区楼宇与园区的名称、地址、位置、面积、物业公司": (
        "The street's buildings and parks: name, address, position, area, property company"
    ),
    "各楼宇的楼层、房号、面积与租金": "Each building's floors, rooms, areas and rents",
    "楼宇的租赁合同：租户、单元、起止日期、面积、租金、续租意向": (
        "Leases: tenant, unit, start and end, area, rent, intent to renew"
    ),
    "区统计局月报：服务业增加值、数字经济核心产业、固定资产投资、社零、实际利用外资、技术合同": (
        "The district statistics bureau's monthly report: services value added, digital "
        "economy, fixed-asset investment, retail sales, foreign capital, technology contracts"
    ),
    # Ways of update
    "“导入企业”页面或命令行导入名录；企业名录页面；数据接口": (
        "“Import firms” page or the command line; the firm register page; the API"
    ),
    "“导入企业”页面或命令行导入名录": "“Import firms” page or the command line",
    "“导入月度数据”页面、命令行或数据接口，每月一次": (
        "“Import monthly figures” page, the command line or the API, monthly"
    ),
    "企业端“企业信息”页面；街道“核实企业自报”页面": (
        "The firm's “Our firm” page; the street's “Verify firms' reports” page"
    ),
    "每日匹配与推送任务；发布政策、企业信息变化、房源空出时自动重新匹配": (
        "The daily matching job; matched again when a policy is published, a firm's data "
        "changes or a unit falls vacant"
    ),
    "企业端“我的诉求”；街道“诉求办理”页面；数据接口": (
        "The firm's “My demands”; the street's “Demands” page; the API"
    ),
    "楼宇端与街道“走楼访企”页面": "The building and street “Visits” pages",
    "每月按规则重新计算（街道“重点企业”页面可查看规则）": (
        "Worked out again monthly (the rule is on the street's “Key firms” page)"
    ),
    "街道“政企互动”页面": "The street's “Interaction” page",
    "企业端与街道“政企互动”页面": "The firm's and the street's “Interaction” pages",
    "街道“政策管理”页面；数据接口": "The street's “Policies” page; the API",
    "街道“资金产品”维护": "Kept by the street (funding products)",
    "街道“服务机构”维护": "Kept by the street (service providers)",
    "街道“活动培训”页面": "The street's “Activities” page",
    "街道“楼宇管理”页面": "The street's “Buildings” page",
    "楼宇与物业端的楼宇页面；导入租约时新出现的房号自动新增": (
        "The building pages; rooms new in a lease import are added"
    ),
    "“导入租约”页面或命令行导入；楼宇端租约页面": (
        "“Import leases” page or the command line; the building's lease pages"
    ),
    "“区统计数据导入”页面或命令行导入": ("“Import district statistics” page or the command line"),
    "命令行导入": "Command-line import",
    # Coverage lines
    "已分级的在营企业": "Active firms graded",
    "提过诉求的在营企业": "Active firms that raised a demand",
    "收到过推送的在营企业": "Active firms pushed to",
    "有在租租约的在营企业": "Active firms with an open lease",
    "有来源记录的在营企业": "Active firms with source rows",
    "有统一社会信用代码的在营企业": "Active firms with a credit code",
    "登记了所在楼宇的在营企业": "Active firms with a building",
    "自报过信息的在营企业": "Active firms that reported their data",
    "近12个月走访过的在营企业": "Active firms visited in the last 12 months",
}
_COVERAGE = re.compile(r"^(?P<label>.+) (?P<covered>[\d,]+) / (?P<of>[\d,]+) 家$")
_LAST_MONTH = re.compile(r"^上月（(?P<year>\d{4})年(?P<month>\d{1,2})月）有数据的企业$")


def coverage_text(text: str) -> str:
    """A coverage line ("有来源记录的在营企业 4,895 / 4,895 家") in the current locale."""
    found = _COVERAGE.match(text) if current_locale() == "en" else None
    if found is None:
        return text
    label = found.group("label")
    month = _LAST_MONTH.match(label)
    if month:
        label = f"Firms with data for last month ({month['year']}-{int(month['month']):02d})"
    else:
        label = term(label)
    return f"{label} {found['covered']} / {found['of']} firms"
