"""Offers besides policies: funding products, service providers and activities."""



from __future__ import annotations

import json
from typing import Any

from _gen_buildings import Building
from _gen_common import landline, mobile, person, rng_for

TECH = ["hightech", "tech_sme", "new_eagle", "specialised", "little_giant"]


def c(field: str, op: str, value: Any, kind: str = "must") -> dict[str, Any]:
    return {"field": field, "op": op, "value": value, "kind": kind}


def _json(criteria: list[dict[str, Any]]) -> str:
    return json.dumps(criteria, ensure_ascii=False, separators=(",", ":"))


W = 10_000  # yuan per 万元

FUNDING = [
    # provider, kind, title, summary, min, max, rate, months, criteria, tags
    (
        "杭州银行科技支行",
        "loan",
        "科技贷",
        "面向高新技术企业和科技型中小企业的信用贷款，可叠加市级科创类银担产品贴息。",
        100 * W,
        1000 * W,
        "年化3.2%起，符合条件可申请贴息",
        36,
        [
            c("qualifications", "has_any", ["hightech", "tech_sme"]),
            c("years_since_founding", "gte", 1),
        ],
        ["finance", "rd"],
    ),
    (
        "杭州银行科技支行",
        "loan",
        "人才贷",
        "为高层次人才创办的企业提供免抵押信用贷款，按人才层次核定额度。",
        50 * W,
        500 * W,
        "年化3.0%起",
        36,
        [c("years_since_founding", "lte", 5, "bonus"), c("tags", "has_any", ["talent"], "bonus")],
        ["talent", "finance", "startup"],
    ),
    (
        "浙商银行杭州分行",
        "loan",
        "专精特新贷",
        "专精特新中小企业和“小巨人”企业的专属信用贷款，纳入杭州市科创类银担产品贴息范围。",
        200 * W,
        3000 * W,
        "年化3.1%起，可享年化1%贴息",
        36,
        [c("qualifications", "has_any", ["specialised", "little_giant"])],
        ["finance", "rd"],
    ),
    (
        "工商银行杭州西湖支行",
        "loan",
        "好苗贷",
        "为入选“好苗子”的科技型初创企业提供银担合作贷款，担保费由政策性担保机构优惠收取。",
        30 * W,
        300 * W,
        "年化3.3%起，担保费率0.5%",
        24,
        [c("years_since_founding", "lte", 5), c("qualifications", "has_any", TECH, "bonus")],
        ["startup", "finance"],
    ),
    (
        "招商银行杭州分行",
        "loan",
        "知识产权质押贷",
        "以发明专利、商标或软件著作权质押取得贷款，评估费用可申请补助。",
        100 * W,
        2000 * W,
        "年化3.4%起",
        36,
        [c("qualifications", "has_any", ["hightech", "tech_sme"], "bonus")],
        ["ip", "finance"],
    ),
    (
        "建设银行杭州城西支行",
        "loan",
        "科创信用贷",
        "依据企业纳税、研发和知识产权数据线上审批的信用贷款，随借随还。",
        50 * W,
        1000 * W,
        "年化3.45%起",
        12,
        [c("revenue", "gte", 5_000_000, "bonus"), c("qualifications", "has_any", TECH, "bonus")],
        ["finance"],
    ),
    (
        "宁波银行杭州分行",
        "loan",
        "税信贷",
        "按近一年纳税额核定额度的小微企业线上信用贷款。",
        10 * W,
        300 * W,
        "年化3.6%起",
        12,
        [c("tax", "gte", 100_000), c("years_since_founding", "gte", 2)],
        ["finance"],
    ),
    (
        "杭州联合银行古荡支行",
        "loan",
        "楼宇贷",
        "为在本街道商务楼宇租赁办公的小微企业提供经营性贷款，可用于支付租金和装修。",
        10 * W,
        500 * W,
        "年化3.5%起",
        24,
        [c("operates_here", "eq", True), c("size_class", "in", ["small", "micro"])],
        ["finance", "rent"],
    ),
    (
        "中国银行杭州西湖支行",
        "loan",
        "出口订单融资",
        "依据跨境电商和一般贸易出口订单或应收账款提供融资。",
        50 * W,
        2000 * W,
        "年化3.3%起",
        12,
        [c("industry_code", "in", ["51", "52"], "bonus")],
        ["export", "finance"],
    ),
    (
        "浙商银行杭州分行",
        "loan",
        "拟上市企业投贷联动",
        "对已启动上市辅导的企业提供认股选择权贷款，与合作投资机构联动。",
        1000 * W,
        10000 * W,
        "年化3.0%起，附认股选择权",
        36,
        [
            c("qualifications", "has_any", ["pre_ipo"]),
            c("size_class", "in", ["large", "medium"], "bonus"),
        ],
        ["listing", "finance"],
    ),
    (
        "杭州银行科技支行",
        "loan",
        "选择权贷款",
        "面向高新技术企业和专精特新企业的投贷联动产品，银行获得一定比例的认股选择权。",
        300 * W,
        3000 * W,
        "年化3.2%起",
        36,
        [c("qualifications", "has_any", ["hightech", "specialised"])],
        ["finance", "rd"],
    ),
    (
        "杭州西湖科创融资担保有限公司",
        "guarantee",
        "科创企业批量担保",
        "为科技型企业银行贷款提供担保，担保费率低于市场水平，可与各类科技贷叠加。",
        100 * W,
        1000 * W,
        "担保费率0.5%–1%",
        12,
        [c("qualifications", "has_any", TECH)],
        ["finance"],
    ),
    (
        "浙江澄信融资担保有限公司",
        "guarantee",
        "小微企业批量担保",
        "小微企业批量担保业务，线上申请，最快三个工作日出具担保函。",
        10 * W,
        500 * W,
        "担保费率不高于1%",
        12,
        [c("size_class", "in", ["small", "micro"])],
        ["finance"],
    ),
    (
        "杭州文澜融资担保有限公司",
        "guarantee",
        "文创贷担保",
        "为影视、动漫、设计和演艺等文创企业贷款提供担保，可接受版权质押反担保。",
        50 * W,
        1000 * W,
        "担保费率0.8%",
        12,
        [c("industry_code", "in", ["R", "6572", "7251", "7259", "7492"])],
        ["culture", "finance"],
    ),
    (
        "杭州西溪天使投资合伙企业（有限合伙）",
        "equity",
        "天使轮投资",
        "专注数字经济和硬科技早期项目的天使基金，单笔投资200万至1000万元。",
        200 * W,
        1000 * W,
        "股权投资",
        None,
        [c("years_since_founding", "lte", 3), c("industry_code", "in", ["I", "M", "C"], "bonus")],
        ["startup", "finance"],
    ),
    (
        "浙江云泽创业投资管理有限公司",
        "equity",
        "A轮成长基金",
        "投资已有稳定收入、处于快速成长期的科技企业，关注人工智能、企业服务和医疗健康。",
        1000 * W,
        5000 * W,
        "股权投资",
        None,
        [
            c("qualifications", "has_any", ["hightech", "new_eagle", "tech_sme"]),
            c("revenue", "gte", 5_000_000, "bonus"),
        ],
        ["finance", "rd"],
    ),
    (
        "杭州西湖产业发展引导基金",
        "equity",
        "区级产业引导基金直投",
        "区级政府引导基金对落户本区的重点产业项目进行直投或通过子基金投资。",
        500 * W,
        5000 * W,
        "股权投资（让利条款）",
        None,
        [c("operates_here", "eq", True), c("industry_code", "in", ["I", "M", "C"], "bonus")],
        ["finance"],
    ),
    (
        "杭州翠柏私募股权基金管理有限公司",
        "equity",
        "Pre-IPO投资",
        "投资已启动上市辅导、业绩稳定增长的企业，协助对接券商和交易所。",
        5000 * W,
        20000 * W,
        "股权投资",
        None,
        [
            c("qualifications", "has_any", ["pre_ipo"], "bonus"),
            c("size_class", "in", ["large", "medium"]),
        ],
        ["listing", "finance"],
    ),
    (
        "浙江数澜数字经济产业基金",
        "equity",
        "数字经济产业基金",
        "聚焦软件、互联网平台和数据服务企业的产业基金。",
        1000 * W,
        10000 * W,
        "股权投资",
        None,
        [c("industry_code", "in", ["64", "65"])],
        ["digital", "finance"],
    ),
    (
        "杭州青竹文创投资有限公司",
        "equity",
        "文创项目投资",
        "投资影视、动漫游戏和数字内容项目，可联合区文创人才项目扶持。",
        300 * W,
        2000 * W,
        "股权或项目投资",
        None,
        [c("industry_code", "in", ["R", "6572", "6422"])],
        ["culture", "finance"],
    ),
]

PROVIDERS = {
    "law": [
        ("浙江明禾律师事务所", "公司法务、股权架构与合同审查，为园区企业提供常年法律顾问。"),
        ("浙江泽衡律师事务所", "劳动用工、知识产权诉讼与商业纠纷处理。"),
        ("浙江天聚律师事务所", "投融资交易、上市合规与并购重组法律服务。"),
        ("北京盛远（杭州）律师事务所", "跨境投资、数据合规与互联网业务法律服务。"),
        ("上海启明（杭州）律师事务所", "私募基金、资本市场与企业合规。"),
        ("浙江古翠律师事务所", "小微企业法律体检与免费法律咨询（每周三驻街道）。"),
    ],
    "accounting": [
        ("杭州信衡会计师事务所（普通合伙）", "财务审计、高企专项审计和研发费用专项鉴证。"),
        ("浙江汇诚会计师事务所有限公司", "年报审计、验资和IPO财务辅导。"),
        ("杭州智账财税服务有限公司", "代理记账、纳税申报和小微企业财税托管。"),
        ("杭州税安税务师事务所有限公司", "税务筹划、汇算清缴鉴证和税收优惠备案辅导。"),
        ("杭州明账代理记账有限公司", "初创企业代理记账、工商变更和社保代缴。"),
        ("浙江众和资产评估有限公司", "知识产权评估、股权价值评估和质押融资评估。"),
    ],
    "ip": [
        ("杭州智诚知识产权代理有限公司", "专利申请、复审无效和高价值专利培育。"),
        ("杭州专信专利代理事务所（普通合伙）", "发明专利代理和专利检索分析。"),
        ("浙江标杰商标事务所有限公司", "商标注册、续展、异议和海外商标布局。"),
        ("杭州创衡知识产权服务有限公司", "知识产权贯标、管理体系认证辅导。"),
        ("杭州科盈版权代理有限公司", "软件著作权和作品版权登记。"),
        ("浙江知鼎知识产权运营有限公司", "专利转让许可、知识产权质押融资对接。"),
    ],
    "hr": [
        ("杭州才汇人力资源有限公司", "校园招聘、批量招聘和灵活用工。"),
        ("浙江英才猎头服务有限公司", "中高端人才寻访和高管猎聘。"),
        ("杭州聚贤人力资源服务有限公司", "人事代理、社保公积金代缴和薪酬外包。"),
        ("杭州云聘网络科技有限公司", "线上招聘平台和街道招聘会组织。"),
        ("杭州安薪人事代理有限公司", "劳动合同管理、员工档案和用工合规咨询。"),
        ("杭州锐博管理咨询有限公司", "技术人才猎聘和组织发展咨询。"),
    ],
    "broker": [
        ("钱塘证券股份有限公司杭州文三路证券营业部", "企业上市辅导对接、员工持股和股权激励咨询。"),
        ("浙江澄湖证券有限责任公司投资银行部", "IPO保荐承销、新三板挂牌和再融资。"),
        ("华宇证券杭州分公司", "北交所上市培育和专精特新企业资本市场服务。"),
        ("浙江信达期货有限公司杭州营业部", "大宗商品套期保值和风险管理咨询。"),
        ("杭州恒泰证券服务有限公司", "股改规范、财务规范和上市前合规梳理。"),
    ],
    "consulting": [
        ("杭州策远管理咨询有限公司", "融资财务顾问（FA）和商业计划书辅导。"),
        ("杭州数澄企业管理咨询有限公司", "高新技术企业、科技型中小企业申报辅导。"),
        ("浙江启元资本顾问有限公司", "并购重组顾问和投资机构对接。"),
        ("杭州智策科技咨询有限公司", "科技项目申报和研发费用归集辅导。"),
        ("杭州远见财务顾问有限公司", "企业估值、融资结构设计和投后管理。"),
        ("杭州合创企业管理咨询有限公司", "专精特新培育诊断和数字化转型咨询。"),
    ],
    "certification": [
        ("杭州检通检测技术有限公司", "电子电器产品检测和CCC认证辅导。"),
        ("浙江质衡认证有限公司", "ISO 9001、ISO 27001等管理体系认证。"),
        ("杭州信测软件测评有限公司", "具备CNAS、CMA资质的软件产品测评，可出具首版次认定检测报告。"),
        ("杭州安测网络安全评测有限公司", "网络安全等级保护测评和数据安全评估。"),
        ("杭州绿标认证服务有限公司", "绿色产品认证和碳足迹核算。"),
    ],
}
PROVIDER_TAGS = {
    "law": ["ip", "listing"],
    "accounting": ["tax_relief", "finance"],
    "ip": ["ip", "rd"],
    "hr": ["talent", "employment"],
    "broker": ["listing"],
    "consulting": ["finance", "rd"],
    "certification": ["digital", "manufacturing"],
}
PROVIDER_CRITERIA = {
    "law": [],
    "accounting": [c("size_class", "in", ["small", "micro"], "bonus")],
    "ip": [c("qualifications", "has_any", ["hightech", "tech_sme", "specialised"], "bonus")],
    "hr": [c("headcount", "gte", 10, "bonus")],
    "broker": [c("qualifications", "has_any", ["pre_ipo", "listed"], "bonus")],
    "consulting": [c("qualifications", "has_any", ["tech_sme"], "bonus")],
    "certification": [c("industry_code", "in", ["65", "C"], "bonus")],
}

ACTIVITIES = [
    # title, kind, hours, capacity, organizer, summary, criteria, tags
    (
        "惠企政策集中宣讲会（第四季度）",
        "briefing",
        2.0,
        200,
        "街道经济发展办公室",
        "集中解读国家、省、市、区最新惠企政策，现场答疑并登记企业诉求。",
        [],
        ["tax_relief", "rd"],
    ),
    (
        "高新技术企业申报辅导专场",
        "training",
        3.0,
        80,
        "区科技局",
        "讲解高企认定条件、研发费用归集和知识产权准备，提供一对一预审。",
        [
            c("years_since_founding", "gte", 1),
            c("qualifications", "has_any", ["tech_sme"], "bonus"),
        ],
        ["rd", "ip"],
    ),
    (
        "科技型中小企业评价入库操作培训",
        "training",
        2.0,
        100,
        "街道企业服务中心",
        "演示评价系统填报流程，讲解常见退回原因。",
        [c("headcount", "lte", 500), c("industry_code", "in", ["I", "M", "C"], "bonus")],
        ["rd"],
    ),
    (
        "专精特新中小企业培育培训班",
        "training",
        4.0,
        60,
        "区经信局",
        "解读专精特新梯度培育政策，辅导企业对照指标做差距分析。",
        [c("size_class", "in", ["medium", "small"]), c("years_since_founding", "gte", 2)],
        ["rd"],
    ),
    (
        "“杭创E站”融资贴息消费券使用说明会",
        "briefing",
        1.5,
        120,
        "街道企业服务中心",
        "讲解贴息消费券领取、贷款对接和结息后核销流程。",
        [c("qualifications", "has_any", TECH)],
        ["finance"],
    ),
    (
        "科创企业融资路演（第12期）",
        "roadshow",
        3.0,
        60,
        "街道企业服务中心",
        "6家科创企业现场路演，邀请天使和VC机构点评对接。",
        [c("qualifications", "has_any", TECH, "bonus")],
        ["finance", "startup"],
    ),
    (
        "文创企业投融资对接会",
        "roadshow",
        3.0,
        80,
        "区委宣传部",
        "文创项目路演，文创担保和文创基金现场对接。",
        [c("industry_code", "in", ["R", "6572", "7259"], "bonus")],
        ["culture", "finance"],
    ),
    (
        "古荡街道秋季人才招聘会",
        "job_fair",
        4.0,
        300,
        "区人社局",
        "辖区企业集中招聘，现场提供社保和人才补贴咨询。",
        [c("headcount", "gte", 5, "bonus")],
        ["talent", "employment"],
    ),
    (
        "高校毕业生就业见习岗位对接会",
        "job_fair",
        3.0,
        150,
        "区人社局",
        "发布就业见习岗位，讲解一次性扩岗补助和见习补贴。",
        [],
        ["employment", "talent"],
    ),
    (
        "知识产权质押融资政策解读",
        "briefing",
        2.0,
        60,
        "区市场监管局",
        "解读知识产权质押贷款流程和评估费补助。",
        [c("qualifications", "has_any", ["hightech", "tech_sme"], "bonus")],
        ["ip", "finance"],
    ),
    (
        "商标与专利布局实务沙龙",
        "salon",
        2.0,
        40,
        "街道企业服务中心",
        "知识产权代理机构分享商标和专利布局案例。",
        [],
        ["ip"],
    ),
    (
        "跨境电商出口政策与合规讲座",
        "training",
        2.5,
        80,
        "区商务局",
        "讲解9610、9710、9810监管模式和出口退税。",
        [c("industry_code", "in", ["51", "52"], "bonus")],
        ["export"],
    ),
    (
        "企业所得税汇算清缴与小微优惠解读",
        "training",
        2.0,
        150,
        "区税务局",
        "讲解小型微利企业优惠、六税两费减半和汇算清缴要点。",
        [c("size_class", "in", ["small", "micro"], "bonus")],
        ["tax_relief"],
    ),
    (
        "研发费用加计扣除实务培训",
        "training",
        2.5,
        100,
        "区税务局",
        "讲解研发费用归集口径、辅助账和负面清单行业。",
        [c("industry_code", "not_in", ["51", "52", "61", "62", "70"])],
        ["rd", "tax_relief"],
    ),
    (
        "算力券与人工智能产业政策宣讲",
        "briefing",
        2.0,
        80,
        "区经信局",
        "解读算力券申领条件和人工智能产业扶持措施。",
        [c("industry_code", "in", ["64", "65"], "bonus")],
        ["digital"],
    ),
    (
        "首版次软件认定与保险补偿申报辅导",
        "training",
        2.5,
        50,
        "区经信局",
        "讲解首版次软件认定条件、第三方检测和保险补偿申报。",
        [c("industry_code", "in", ["65"])],
        ["digital", "ip"],
    ),
    (
        "拟上市企业资本市场沙龙（凤凰行动）",
        "salon",
        3.0,
        40,
        "区金融服务中心",
        "券商和律所分享北交所、科创板上市路径及股改要点。",
        [
            c("size_class", "in", ["large", "medium"], "bonus"),
            c("qualifications", "has_any", ["pre_ipo", "specialised"], "bonus"),
        ],
        ["listing"],
    ),
    (
        "楼宇企业安全生产与消防培训",
        "training",
        1.5,
        200,
        "街道应急管理办公室",
        "楼宇企业安全员培训，讲解消防器材使用和应急疏散。",
        [c("operates_here", "eq", True)],
        [],
    ),
    (
        "劳动用工合规与稳岗返还政策讲座",
        "training",
        2.0,
        100,
        "区人社局",
        "讲解劳动合同管理、稳岗返还“无感智办”和劳动争议预防。",
        [],
        ["employment"],
    ),
    (
        "数字化转型诊断服务进楼宇",
        "salon",
        2.0,
        50,
        "街道经济发展办公室",
        "服务商为楼宇企业提供免费数字化诊断和上云方案。",
        [c("size_class", "in", ["small", "micro"], "bonus")],
        ["digital"],
    ),
    (
        "女性创业者交流沙龙",
        "salon",
        2.0,
        40,
        "街道妇联",
        "女性创业者经验分享和创业担保贷款政策介绍。",
        [c("years_since_founding", "lte", 5, "bonus")],
        ["startup", "finance"],
    ),
    (
        "总部企业认定政策闭门交流会",
        "briefing",
        2.0,
        30,
        "区发改局",
        "面向营收规模较大的企业解读总部企业认定和星级评定。",
        [c("revenue", "gte", 300_000_000)],
        ["hq"],
    ),
    (
        "文艺发展资金申报说明会",
        "briefing",
        2.0,
        60,
        "区委宣传部",
        "讲解重大题材主题创作和六大类创作补助申报材料。",
        [c("industry_code", "in", ["R", "6572", "6422"], "bonus")],
        ["culture"],
    ),
    (
        "大学生创业项目路演暨房租补贴政策宣讲",
        "roadshow",
        3.0,
        80,
        "区人社局",
        "大学生创业项目路演，讲解创业房租补贴和项目资助。",
        [c("years_since_founding", "lte", 5)],
        ["startup", "rent"],
    ),
    (
        "银企对接会：科技贷与人才贷专场",
        "roadshow",
        2.5,
        100,
        "街道企业服务中心",
        "合作银行现场讲解科技贷、人才贷和专精特新贷，企业现场预约授信。",
        [c("qualifications", "has_any", TECH, "bonus")],
        ["finance", "talent"],
    ),
]
PLACES = ["古荡街道企业服务中心多功能厅", "古荡街道党群服务中心会议室"]


def funding_rows():
    for i, (prov, kind, title, summary, lo, hi, rate, months, crit, tags) in enumerate(
        FUNDING, start=1
    ):
        yield [
            f"FP{i:02d}",
            prov,
            kind,
            title,
            summary,
            lo,
            hi,
            rate,
            months,
            _json(crit),
            ";".join(tags),
        ]


def provider_rows(buildings: list[Building]):
    rng = rng_for("providers")
    n = 0
    for category, items in PROVIDERS.items():
        for name, summary in items:
            n += 1
            b = rng.choice(buildings) if rng.random() < 0.8 else None
            room = rng.choice(b.units).room if b else ""
            address = (
                f"{b.address}{b.name}{room}室"
                if b
                else rng.choice(
                    [
                        "杭州市西湖区文三路90号东部软件园",
                        "杭州市西湖区天目山路181号",
                        "杭州市上城区解放东路58号",
                    ]
                )
            )
            phone = landline(rng) if rng.random() < 0.7 else mobile(rng)
            yield [
                f"SP{n:02d}",
                name,
                category,
                summary,
                person(rng)[0],
                phone,
                address,
                b.code if b else "",
                ";".join(PROVIDER_TAGS[category]),
                _json(PROVIDER_CRITERIA[category]),
            ]


def activity_rows(buildings: list[Building]):
    rng = rng_for("activities")
    halls = PLACES + [f"{b.name}会议中心" for b in buildings if b.grade in ("甲", "产业园")]
    offsets = sorted(rng.sample(range(-60, 61), len(ACTIVITIES)))
    order = rng.sample(range(len(ACTIVITIES)), len(ACTIVITIES))
    for n, (i, offset) in enumerate(zip(order, offsets, strict=True), start=1):
        title, kind, hours, cap, org, summary, crit, tags = ACTIVITIES[i]
        yield [
            f"AC{n:02d}",
            title,
            kind,
            offset,
            f"{hours:.1f}",
            rng.choice(halls),
            cap,
            summary,
            org,
            _json(crit),
            ";".join(tags),
        ]


FUNDING_HEADER = [
    "code",
    "provider",
    "kind",
    "title",
    "summary",
    "amount_min",
    "amount_max",
    "rate_text",
    "term_months",
    "criteria_json",
    "tags",
]
PROVIDER_HEADER = [
    "code",
    "name",
    "category",
    "summary",
    "contact_name",
    "phone",
    "address",
    "building_code",
    "tags",
    "criteria_json",
]
ACTIVITY_HEADER = [
    "code",
    "title",
    "kind",
    "start_offset_days",
    "duration_hours",
    "place",
    "capacity",
    "summary",
    "organizer",
    "criteria_json",
    "tags",
]
