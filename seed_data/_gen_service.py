"""Firm demands (诉求), building visits (走楼访企) and the district's monthly statistics."""

from __future__ import annotations

from _gen_common import calendar_month, person, rng_for
from _gen_firms import Firm

N_DEMANDS = 320
N_VISITS = 200

DEMAND_TYPES = {  # category: (weight, departments, urgent share, [(title, text)])
    "政策咨询": (
        25,
        ["街道经济发展办公室", "区科技局", "区经信局"],
        0.05,
        [
            (
                "咨询高新技术企业认定奖励",
                "我司今年拟申报高新技术企业，想了解区里的配套奖励标准和申报时间。",
            ),
            (
                "研发费用补助申报条件",
                "请问新增研发费补助是否要求企业注册在西湖区？我司注册在滨江，实际在古荡办公。",
            ),
            ("算力券申领流程", "公司在训练行业模型，想了解算力券的申领流程和可补贴比例。"),
            (
                "科技型中小企业入库",
                "入库评价被退回，提示科技人员指标为零，想请街道帮忙看一下材料。",
            ),
            (
                "专精特新认定辅导",
                "我司细分市场做了三年，营收800万左右，想知道是否具备申报省级专精特新的条件。",
            ),
            ("小微企业税收优惠", "想确认我司是否属于小型微利企业，所得税优惠如何享受。"),
        ],
    ),
    "融资需求": (
        12,
        ["街道企业服务中心", "区金融服务中心"],
        0.15,
        [
            ("流动资金贷款需求", "订单增长较快，需要约300万元流动资金，希望对接合作银行的科技贷。"),
            ("寻求天使轮投资", "团队正在做工业视觉检测，希望街道推荐早期投资机构。"),
            ("贴息消费券使用", "已领取融资贴息消费券，但贷款银行尚未对接，请协助。"),
            ("知识产权质押融资", "公司有12项发明专利，想了解质押融资和评估费补助。"),
        ],
    ),
    "用工招聘": (
        12,
        ["区人社局", "街道企业服务中心"],
        0.08,
        [
            ("招聘算法工程师", "急需招聘5名算法工程师，希望参加街道组织的招聘会。"),
            ("应届生补贴办理", "新招了8名应届毕业生，想了解生活补贴和一次性扩岗补助怎么办理。"),
            ("人才公寓申请", "外地引进的技术骨干租房困难，想咨询人才公寓或租房补贴。"),
            ("劳动争议咨询", "一名离职员工申请劳动仲裁，想咨询处理流程。"),
        ],
    ),
    "场地需求": (
        14,
        ["街道经济发展办公室", "街道企业服务中心"],
        0.10,
        [
            ("扩租办公面积", "团队扩张，需要在本楼或附近增加约400平方米办公面积。"),
            ("寻找研发场地", "需要500平方米左右可做实验室的研发场地，层高要求4米以上。"),
            ("租约到期续租协调", "租约三个月后到期，物业报价上涨较多，希望街道协调。"),
            ("注册地址变更", "计划将注册地址从余杭迁到实际办公的楼宇，需要了解流程。"),
        ],
    ),
    "证照办理": (
        10,
        ["区市场监管局", "街道企业服务中心"],
        0.20,
        [
            ("营业执照经营范围变更", "需要增加第二类增值电信业务，办理许可证需要哪些材料。"),
            ("食品经营许可", "公司食堂需要办理食品经营许可证，请指导办理。"),
            ("分公司设立登记", "总公司在上海，拟在古荡设立分公司，咨询登记材料。"),
            ("网络文化经营许可证", "游戏产品上线需要网络文化经营许可证，办理进度较慢。"),
        ],
    ),
    "知识产权": (
        6,
        ["区市场监管局"],
        0.10,
        [
            ("商标被抢注", "我司品牌在外地被抢注商标，想咨询异议和维权途径。"),
            ("专利侵权维权", "发现竞争对手产品疑似侵犯我司发明专利，希望获得维权指导。"),
            ("软件著作权登记", "有6个软件产品需要登记软著，想了解加急办理渠道。"),
        ],
    ),
    "物业纠纷": (
        8,
        ["街道企业服务中心", "街道综合行政执法队"],
        0.25,
        [
            ("空调收费争议", "物业对加班空调收费标准调整未提前告知，希望协调。"),
            ("电梯故障频繁", "所在楼宇电梯近期多次故障，影响员工上下班。"),
            ("装修押金退还", "退租已两个月，物业迟迟不退装修押金。"),
        ],
    ),
    "交通停车": (
        8,
        ["街道城市管理办公室", "区交警大队古荡中队"],
        0.05,
        [
            ("员工停车难", "楼宇地下车位不足，员工停车困难，希望协调周边公共停车位。"),
            ("快递车辆停靠", "园区门口快递车辆无处停靠，影响通行。"),
            ("共享单车堆放", "楼宇门口共享单车堆放严重，影响消防通道。"),
        ],
    ),
    "其他": (
        5,
        ["街道经济发展办公室"],
        0.05,
        [
            ("党建活动场地", "公司党支部想借用街道场地开展主题党日活动。"),
            ("员工子女入学咨询", "引进人才的子女入学，想咨询积分入学政策。"),
        ],
    ),
}
OPEN_STATES = ["submitted", "assigned", "accepted", "in_progress", "replied"]

FINDINGS = [
    "企业经营稳定，今年营收预计同比增长约{p}%，在手订单充足。",
    "企业正在推进新一轮融资，研发团队扩充至{n}人。",
    "受行业周期影响，营收同比下降约{p}%，企业计划压缩部分办公面积。",
    "企业已启动上市辅导，关注股改和合规问题。",
    "企业新获高新技术企业认定，计划申报区里的配套奖励。",
    "企业租约即将到期，正在与业主谈续租条件。",
    "企业反映招聘技术人才困难，希望街道加大人才政策宣传。",
    "企业业务向海外拓展，关注跨境电商和出口信保政策。",
]
NEEDS = [
    "希望对接科技贷等融资产品。",
    "需要扩租约{a}平方米办公面积。",
    "希望协调续租租金。",
    "希望推荐知识产权代理机构。",
    "希望参加街道招聘会。",
    "希望了解总部企业认定条件。",
    "希望协调员工停车位。",
    "",
]
VISITORS = ["街道经济发展办公室", "街道企业服务中心", "街道楼宇经济服务专班"]


def demand_rows(firms: list[Firm]):
    rng = rng_for("demands")
    pool = [f for f in firms if f.status == "active" and f.operates_here]
    key = sorted(pool, key=lambda f: (-f.tax12, f.key))[:300]
    cats = list(DEMAND_TYPES)
    weights = [DEMAND_TYPES[k][0] for k in cats]
    rows = []
    for _ in range(N_DEMANDS):
        firm = rng.choice(key) if rng.random() < 0.3 else rng.choice(pool)
        cat = rng.choices(cats, weights=weights)[0]
        _, depts, urgent_share, texts = DEMAND_TYPES[cat]
        title, text = rng.choice(texts)
        created = -rng.randint(1, 365)
        if created > -45:
            state = rng.choices([*OPEN_STATES, "closed", "rated"], weights=[3, 3, 2, 3, 2, 2, 1])[0]
        else:
            state = rng.choices(
                ["closed", "rated", "replied", "in_progress"], weights=[40, 52, 5, 3]
            )[0]
        rows.append(
            [
                created,
                firm.uscc,
                cat,
                "urgent" if rng.random() < urgent_share else "normal",
                title,
                text,
                state,
                "" if state == "submitted" else rng.choice(depts),
            ]
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    for n, r in enumerate(rows, start=1):
        created, uscc, cat, urgency, title, text, state, dept = r
        yield [f"D{n:04d}", uscc, cat, urgency, title, text, state, created, dept]


def visit_rows(firms: list[Firm], red_tenants: list[Firm]):
    """Visits over the last year, mostly to the firms paying the most tax."""
    rng = rng_for("visits")
    pool = [f for f in firms if f.status == "active" and f.operates_here]
    key = sorted(pool, key=lambda f: (-f.tax12, f.key))[:150]
    rows = []
    for f in red_tenants:
        rows.append(
            (
                f,
                -rng.randint(1, 20),
                "企业租约即将到期，正在与业主谈续租条件。",
                "希望协调续租租金。",
            )
        )
    while len(rows) < N_VISITS:
        f = rng.choice(key) if rng.random() < 0.75 else rng.choice(pool)
        finding = rng.choice(FINDINGS).format(p=rng.randint(8, 45), n=rng.randint(20, 200))
        need = rng.choice(NEEDS).format(a=rng.choice([200, 300, 500, 800]))
        rows.append((f, -rng.randint(1, 365), finding, need))
    rows.sort(key=lambda r: (r[1], r[0].key))
    for n, (f, day, finding, need) in enumerate(rows, start=1):
        team = rng.choice(VISITORS)
        people = "、".join(person(rng)[0] for _ in range(rng.randint(1, 3)))
        yield [f"V{n:04d}", f.uscc, f.building_code, day, f"{team}：{people}", finding, need]


def macro_rows():
    """24 months of six district statistics; cumulative values restart each January."""
    rng = rng_for("macro")
    rows = []
    level = {
        "services_va_growth": 7.2,
        "digital_core_growth": 11.5,
        "fixed_investment_growth": 3.5,
        "retail_sales_growth": 5.2,
    }
    units = {
        "services_va_growth": "%",
        "digital_core_growth": "%",
        "fixed_investment_growth": "%",
        "retail_sales_growth": "%",
        "foreign_capital_used": "万美元",
        "tech_contract_value": "亿元",
    }
    fdi = tech = 0.0
    for m in range(-24, 0):
        month = calendar_month(m)
        if month == 1:
            fdi = tech = 0.0
        for k in level:
            level[k] += rng.gauss(0, 0.6 if k != "fixed_investment_growth" else 1.4)
            level[k] = min(max(level[k], -8.0), 18.0)
        fdi += rng.uniform(2500, 6500) * (1.6 if month in (6, 12) else 1.0)
        tech += rng.uniform(9, 16) * (2.2 if month == 12 else 1.0)
        values = dict(level, foreign_capital_used=fdi, tech_contract_value=tech)
        for k, v in values.items():
            text = f"{v:.2f}" if k == "tech_contract_value" else f"{v:.1f}"
            rows.append([m, k, text, units[k], "西湖区统计局月报"])
    return rows


DEMAND_HEADER = [
    "demand_key",
    "tenant_uscc",
    "category",
    "urgency",
    "title",
    "text",
    "state",
    "created_offset_days",
    "owner_department",
]
VISIT_HEADER = [
    "visit_key",
    "tenant_uscc",
    "building_code",
    "visited_offset_days",
    "visitors",
    "findings",
    "needs",
]
MACRO_HEADER = ["month_offset", "key", "value", "unit", "source"]
