"""The true firm register: identities, names, codes, dates, flags and statuses."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from _gen_common import (
    BRAND_CHARS,
    NOMINAL_LOAD_DAY,
    ORG_BODY_CHARS,
    brand_pinyin,
    homophones,
    make_uscc,
    mobile,
    person,
    rng_for,
)
from _gen_industry import PROFILES, Profile, section_of

N_FIRMS = 5050
N_BRANCHES = 80
N_TWIN_PAIRS = 60
N_CANCELLED = 75
N_MOVED_OUT = 80
N_WINBACK = 150
N_RECENT_MOVE_IN = 250

OTHER_HZ_DISTRICTS = ["330102", "330105", "330108", "330110", "330109", "330113", "330114"]
OUT_OF_TOWN = {
    "上海": ["310115", "310104", "310112"],
    "北京": ["110108", "110105"],
    "深圳": ["440305", "440304"],
}
DISTRICT_ADDRESSES = {
    "330102": ("上城区", ["解放东路", "钱江路", "秋涛北路", "望江东路"]),
    "330105": ("拱墅区", ["莫干山路", "湖州街", "丽水路", "祥园路"]),
    "330108": ("滨江区", ["江南大道", "网商路", "长河路", "滨盛路"]),
    "330110": ("余杭区", ["文一西路", "五常大道", "良睦路", "仓前街道龙舟路"]),
    "330109": ("萧山区", ["市心北路", "金城路", "鸿宁路", "博奥路"]),
    "330113": ("临平区", ["世纪大道", "藕花洲大街", "望梅路"]),
    "330114": ("钱塘区", ["学源街", "文泽路", "下沙路"]),
}


@dataclass
class Firm:
    key: str
    kind: str  # company | branch | individual | social | institution | law | other | partnership
    profile: str
    industry_code: str
    name: str
    region: str
    brand: str
    uscc: str = ""
    legal_rep: str = ""
    registered_capital: int | None = None
    founded_on: date = NOMINAL_LOAD_DAY
    company_type: str = ""
    status: str = "active"
    registered_address: str = ""
    business_scope: str = ""
    tier: str = "micro"
    headcount: int = 1
    base_revenue: float = 0.0  # yuan per year, before calibration
    growth: float = 0.0  # year-on-year trend
    tax_rate: float = 0.05
    local_share: float = 0.38
    registered_here: bool = True
    operates_here: bool = True
    tax_here: bool = True
    moved_in: int | None = None  # offset days
    moved_out: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    email: str = ""
    legal_form: str = "有限公司"
    word: str = ""
    parent_key: str = ""
    anchor: str = ""  # mega | near | ""
    anchor_building: str = ""
    anchor_tax: float = 0.0
    # filled later
    building_code: str = ""
    floor: int | None = None
    room: str = ""
    units: list = field(default_factory=list)
    size_class: str = "na"
    above_scale: bool = False
    qualifications: list[str] = field(default_factory=list)
    ip: tuple[int, int, int] = (0, 0, 0)
    area_need: int | None = None
    stage: str = "mature"
    revenue12: float = 0.0
    tax12: float = 0.0

    @property
    def section(self) -> str:
        return section_of(self.industry_code)

    @property
    def age_years(self) -> float:
        return (NOMINAL_LOAD_DAY - self.founded_on).days / 365.25


def _log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


TIER_P = (("large", 0.0045), ("medium", 0.021), ("small", 0.25), ("micro", 0.7235))


def _scale(rng: random.Random, tier: str) -> tuple[int, float]:
    """(headcount, annual revenue in yuan) for a latent size tier."""
    if tier == "large":
        return round(_log_uniform(rng, 320, 2200)), _log_uniform(rng, 1.2e8, 1.5e9)
    if tier == "medium":
        return round(_log_uniform(rng, 100, 300)), _log_uniform(rng, 1.5e7, 1.5e8)
    if tier == "small":
        return round(_log_uniform(rng, 10, 99)), _log_uniform(rng, 0.8e6, 1.0e7)
    return max(1, round(_log_uniform(rng, 1, 13))), _log_uniform(rng, 8.0e4, 2.0e6)


def _age_days(rng: random.Random, tier: str) -> int:
    bands = (
        (0.2, 1, 0.04),
        (1, 3, 0.16),
        (3, 6, 0.25),
        (6, 10, 0.25),
        (10, 20, 0.22),
        (20, 30, 0.08),
    )
    if tier in ("large", "medium"):
        bands = ((5, 10, 0.4), (10, 20, 0.45), (20, 28, 0.15))
    lo, hi, _ = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return round(rng.uniform(lo, hi) * 365.25)


def _org_body(rng: random.Random, founded: date) -> str:
    """Eight characters of an organisation code: MA… after Oct 2015, digits before."""
    if founded >= date(2015, 10, 1):
        return "MA" + rng.choice("2345678") + "".join(rng.choice(ORG_BODY_CHARS) for _ in range(5))
    return rng.choice("35677") + "".join(str(rng.randrange(10)) for _ in range(7))


def _capital(rng: random.Random, tier: str) -> int:
    options = {
        "micro": ([10, 30, 50, 100, 200, 300, 500], [1, 2, 3, 5, 3, 2, 2]),
        "small": ([100, 200, 300, 500, 800, 1000, 2000], [2, 2, 2, 4, 1, 3, 1]),
        "medium": ([1000, 2000, 3000, 5000, 8000], [3, 3, 2, 2, 1]),
        "large": ([5000, 10000, 20000, 50000, 100000], [2, 3, 2, 2, 1]),
    }[tier]
    return rng.choices(options[0], weights=options[1])[0] * 10000


OLD_SCOPE_TAIL = "其他无需报经审批的一切合法项目。"
LICENSED_TAIL = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）。"
)
GENERAL_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
ASSOCIATION_SCOPE = (
    "开展行业交流、业务培训、咨询服务、会员服务等活动（以登记管理机关核准的业务范围为准）。"
)
LAW_SCOPE = "提供民事、刑事、行政诉讼代理，非诉讼法律事务，法律顾问及法律咨询服务。"


def _scope(rng: random.Random, p: Profile, founded: date) -> str:
    items = rng.sample(p.scope, k=min(len(p.scope), rng.randint(3, 6)))
    general = [i for i in items if "（许可）" not in i]
    licensed = [i.replace("（许可）", "") for i in items if "（许可）" in i]
    if founded < date(2020, 1, 1) and rng.random() < 0.4:
        plain = "、".join(i.split("（")[0] for i in items)
        return f"服务：{plain}；{OLD_SCOPE_TAIL}"
    text = ""
    if licensed:
        text += "许可项目：" + "；".join(licensed) + LICENSED_TAIL
    if general:
        text += "一般项目：" + "；".join(general) + GENERAL_TAIL
    return text


class Registry:
    """Builds the firm list, keeping names unique."""

    def __init__(self) -> None:
        self.rng = rng_for("firms")
        self.firms: list[Firm] = []
        self.names: dict[str, Firm] = {}
        self.usccs: dict[str, Firm] = {}
        self.hard_negatives: list[tuple[str, str, str]] = []
        self.profiles = {p.key: p for p in PROFILES}

    # -- helpers -----------------------------------------------------------
    def new_key(self) -> str:
        return f"F{len(self.firms) + 1:05d}"

    def brand(self, length: int | None = None) -> str:
        rng = self.rng
        n = length or rng.choices((2, 3, 4), weights=(80, 15, 5))[0]
        return "".join(rng.sample([c for c, _ in BRAND_CHARS], n))

    def add(self, firm: Firm) -> Firm:
        assert firm.name not in self.names, firm.name
        self.names[firm.name] = firm
        self.firms.append(firm)
        return firm

    def assign_code(self, firm: Firm, authority: str, category: str, region: str) -> None:
        while True:
            code = make_uscc(authority, category, region, _org_body(self.rng, firm.founded_on))
            if code not in self.usccs:
                self.usccs[code] = firm
                firm.uscc = code
                return

    def contact(self, firm: Firm) -> None:
        rng = self.rng
        rep, rep_py = person(rng)
        firm.legal_rep = rep
        if rng.random() < 0.55:
            firm.contact_name, contact_py = rep, rep_py
        else:
            firm.contact_name, contact_py = person(rng)
        firm.contact_phone = mobile(rng)
        if firm.tier == "micro" and rng.random() < 0.45:
            box = rng.choice(["qq.com", "163.com", "126.com", "aliyun.com"])
            local = (
                str(rng.randrange(10**6, 10**10))
                if box == "qq.com"
                else f"{contact_py}{rng.randrange(1970, 2005)}"
            )
            firm.email = f"{local}@{box}"
            return
        suffix = rng.choice(["", "", "tech", "soft", "net", "data", "group", "hz"])
        sep = "-" if suffix and rng.random() < 0.5 else ""
        domain = brand_pinyin(firm.brand) + sep + suffix
        tld = rng.choices([".com", ".cn", ".com.cn", ".net"], weights=[60, 20, 10, 10])[0]
        local = rng.choice([contact_py, contact_py, contact_py, "hr", "info", "service", "admin"])
        firm.email = f"{local}@{domain}{tld}"

    # -- ordinary companies ----------------------------------------------
    def company(self, profile: Profile | None = None, tier: str | None = None) -> Firm:
        rng = self.rng
        p = profile or rng.choices(PROFILES, weights=[q.weight for q in PROFILES])[0]
        code = rng.choices([c for c, _ in p.codes], weights=[w for _, w in p.codes])[0]
        tier = tier or rng.choices([t for t, _ in TIER_P], weights=[w for _, w in TIER_P])[0]
        founded = NOMINAL_LOAD_DAY - timedelta(days=_age_days(rng, tier))
        if (NOMINAL_LOAD_DAY - founded).days < 730 and tier in ("large", "medium"):
            tier = "small"
        head, revenue = _scale(rng, tier)
        big = tier in ("large", "medium")
        region = rng.choices(
            ["杭州", "浙江", "bracket", "out"], weights=[70, 24, 3, 3] if big else [80, 13, 4, 3]
        )[0]
        if p.section == "J" and rng.random() < 0.3:
            form = "合伙企业（有限合伙）"
        elif big and rng.random() < 0.45:
            form = "股份有限公司"
        else:
            form = rng.choices(["有限公司", "有限责任公司"], weights=[86, 14])[0]
        word = rng.choice(p.words)
        while True:
            brand = self.brand()
            if region == "bracket":
                name, reg = f"{brand}（杭州）{word}{form}", "杭州"
            elif region == "out":
                reg = rng.choice(list(OUT_OF_TOWN))
                name = f"{reg}{brand}{word}{form}"
            else:
                reg = region
                name = f"{reg}{brand}{word}{form}"
            if name not in self.names:
                break
        firm = Firm(
            key=self.new_key(),
            kind="company",
            profile=p.key,
            industry_code=code,
            name=name,
            region=reg,
            brand=brand,
            founded_on=founded,
            tier=tier,
            headcount=head,
            base_revenue=revenue,
            legal_form=form,
            word=word,
        )
        firm.registered_capital = _capital(rng, tier)
        firm.business_scope = _scope(rng, p, founded)
        firm.company_type = self.company_type(firm, region == "bracket")
        return self.add(firm)

    def company_type(self, firm: Firm, foreign: bool) -> str:
        rng = self.rng
        if firm.legal_form == "股份有限公司":
            return "股份有限公司（非上市、自然人投资或控股）"
        if firm.legal_form.startswith("合伙企业"):
            return "有限合伙企业"
        if foreign:
            return rng.choice(
                [
                    "有限责任公司（外国法人独资）",
                    "有限责任公司（台港澳法人独资）",
                    "有限责任公司（中外合资）",
                ]
            )
        return rng.choices(
            [
                "有限责任公司（自然人投资或控股）",
                "有限责任公司（自然人独资）",
                "有限责任公司（非自然人投资或控股的法人独资）",
            ],
            weights=[72, 16, 12],
        )[0]

    # -- special entities --------------------------------------------------
    def special(self, kind: str) -> Firm:
        rng = self.rng
        spec = {
            "individual": (
                ("food", "6220"),
                ("food", "6210"),
                ("food", "6232"),
                ("food", "6231"),
                ("retail", "5213"),
                ("retail", "5232"),
                ("residential", "8040"),
                ("residential", "8121"),
            ),
            "social": (("education", "8391"), ("education", "8393"), ("association", "9522")),
            "institution": (("research", "7320"), ("research", "7340"), ("health", "8421")),
            "law": (("law", "7231"),),
            "other": (("association", "9522"), ("culture", "8810")),
        }[kind]
        pkey, code = rng.choice(spec)
        shop = {
            "6220": "小吃店",
            "6210": "餐饮店",
            "6232": "咖啡馆",
            "6231": "茶室",
            "5213": "便利店",
            "5232": "服装店",
            "8040": "美容店",
            "8121": "电脑维修部",
            "8391": "职业技能培训学校",
            "8393": "艺术培训学校",
            "9522": "行业协会",
            "7320": "技术研究院",
            "7340": "医学研究所",
            "8421": "社区卫生服务站",
            "7231": "律师事务所",
            "8810": "文化艺术交流中心",
        }[code]
        region = {
            "individual": "杭州市西湖区",
            "social": "杭州市西湖区",
            "institution": "杭州市",
            "law": "浙江",
            "other": "杭州市西湖区",
        }[kind]
        while True:
            brand = self.brand(2)
            name = f"{region}{brand}{shop}"
            if name not in self.names:
                break
        tier = (
            "micro"
            if kind in ("individual", "other", "social")
            else rng.choice(["micro", "small", "small"])
        )
        founded = NOMINAL_LOAD_DAY - timedelta(days=_age_days(rng, tier))
        head, revenue = _scale(rng, tier)
        firm = Firm(
            key=self.new_key(),
            kind=kind,
            profile=pkey,
            industry_code=code,
            name=name,
            region=region,
            brand=brand,
            founded_on=founded,
            tier=tier,
            headcount=head,
            base_revenue=revenue,
            legal_form="",
        )
        firm.company_type = {
            "individual": "个体工商户",
            "social": "社会团体" if code == "9522" else "民办非企业单位",
            "institution": "事业单位",
            "law": "合伙制律师事务所",
            "other": "其他组织机构",
        }[kind]
        firm.registered_capital = (
            None if kind == "individual" else rng.choice([30000, 50000, 100000, 300000, 500000])
        )
        firm.business_scope = _scope(rng, self.profiles[pkey], founded)
        if code == "9522":
            firm.business_scope = ASSOCIATION_SCOPE
        elif kind == "law":
            firm.business_scope = LAW_SCOPE
        return self.add(firm)

    # -- anchors -----------------------------------------------------------
    def anchor(
        self,
        name: str,
        brand: str,
        code: str,
        profile: str,
        head: int,
        revenue: float,
        founded: date,
        building: str,
        kind: str,
        tax: float,
        form: str,
    ) -> Firm:
        firm = Firm(
            key=self.new_key(),
            kind="company",
            profile=profile,
            industry_code=code,
            name=name,
            region=name[:2],
            brand=brand,
            founded_on=founded,
            tier="large",
            headcount=head,
            base_revenue=revenue,
            legal_form=form,
            anchor=kind,
            anchor_building=building,
            anchor_tax=tax,
        )
        firm.registered_capital = 500_000_000 if kind == "mega" else 100_000_000
        firm.business_scope = _scope(self.rng, self.profiles[profile], founded)
        firm.company_type = (
            "股份有限公司（非上市、自然人投资或控股）"
            if form == "股份有限公司"
            else "有限责任公司（非自然人投资或控股的法人独资）"
        )
        return self.add(firm)

    # -- branches and hard negatives --------------------------------------
    def branch(self, parent: Firm) -> Firm | None:
        rng = self.rng
        if parent.region in ("杭州",):
            suffix = rng.choice(["西湖分公司", "古荡分公司", "西湖第一分公司"])
        elif parent.region == "浙江":
            suffix = rng.choice(["杭州西湖分公司", "古荡分公司", "杭州分公司"])
        else:
            suffix = rng.choice(["杭州分公司", "杭州西湖分公司"])
        name = parent.name + suffix
        if name in self.names:
            return None
        founded = max(
            parent.founded_on + timedelta(days=rng.randint(90, 2000)),
            NOMINAL_LOAD_DAY - timedelta(days=rng.randint(200, 4000)),
        )
        founded = min(founded, NOMINAL_LOAD_DAY - timedelta(days=120))
        head, revenue = _scale(rng, rng.choice(["micro", "micro", "small"]))
        firm = Firm(
            key=self.new_key(),
            kind="branch",
            profile=parent.profile,
            industry_code=parent.industry_code,
            name=name,
            region=parent.region,
            brand=parent.brand,
            founded_on=founded,
            tier="small" if head >= 10 else "micro",
            headcount=head,
            base_revenue=revenue,
            legal_form=parent.legal_form,
            word=parent.word,
            parent_key=parent.key,
        )
        firm.business_scope = parent.business_scope
        firm.company_type = (
            "股份有限公司分公司（非上市、自然人投资或控股）"
            if parent.legal_form == "股份有限公司"
            else "有限责任公司分公司（自然人投资或控股）"
        )
        return self.add(firm)

    def twin(self, base: Firm, how: str) -> Firm | None:
        rng = self.rng
        p = self.profiles[base.profile]
        if how == "region":
            region = "浙江" if base.region == "杭州" else "杭州"
            name = base.name.replace(base.region, region, 1)
            brand, word = base.brand, base.word
        elif how == "char":
            i = rng.randrange(len(base.brand))
            alts = homophones(base.brand[i])
            if not alts:
                return None
            brand = base.brand[:i] + rng.choice(alts) + base.brand[i + 1 :]
            region, word = base.region, base.word
            name = base.name.replace(base.brand, brand, 1)
        else:  # industry word
            words = [w for w in (*p.words, "网络科技", "信息技术") if w != base.word]
            word = rng.choice(words)
            region, brand = base.region, base.brand
            name = f"{region}{brand}{word}{base.legal_form}"
        if name in self.names or name == base.name:
            return None
        tier = rng.choice(["micro", "micro", "small"])
        founded = NOMINAL_LOAD_DAY - timedelta(days=_age_days(rng, tier))
        head, revenue = _scale(rng, tier)
        firm = Firm(
            key=self.new_key(),
            kind="company",
            profile=base.profile,
            industry_code=rng.choice([c for c, _ in p.codes]),
            name=name,
            region=region,
            brand=brand,
            founded_on=founded,
            tier=tier,
            headcount=head,
            base_revenue=revenue,
            legal_form=base.legal_form,
            word=word,
        )
        firm.registered_capital = _capital(rng, tier)
        firm.business_scope = _scope(rng, p, founded)
        firm.company_type = self.company_type(firm, False)
        self.hard_negatives.append((base.key, firm.key, how))
        return self.add(firm)


ASSOCIATION = Profile(
    "association",
    "S",
    0.0,
    (("9522", 1),),
    ("行业协会",),
    ("行业交流", "业务培训", "会员服务"),
    (0.0, 0.01),
    0.0,
)
LAW = Profile("law", "L", 0.0, (("7231", 1),), ("律师事务所",), ("法律服务",), (0.08, 0.12), 0.0)


def make_firms() -> Registry:
    reg = Registry()
    reg.profiles["association"] = ASSOCIATION
    reg.profiles["law"] = LAW
    rng = reg.rng
    y = NOMINAL_LOAD_DAY.year
    reg.anchor(
        "浙江云栖数智科技股份有限公司",
        "云栖",
        "6431",
        "internet",
        5200,
        3.2e9,
        date(y - 14, 3, 18),
        "GD05",
        "mega",
        1.85e8,
        "股份有限公司",
    )
    reg.anchor(
        "杭州链栈数字技术有限公司",
        "链栈",
        "6450",
        "internet",
        2600,
        1.8e9,
        date(y - 9, 6, 2),
        "GD06",
        "mega",
        1.12e8,
        "有限公司",
    )
    reg.anchor(
        "杭州星图互动娱乐有限公司",
        "星图",
        "6422",
        "internet",
        1800,
        1.5e9,
        date(y - 11, 9, 9),
        "GD27",
        "mega",
        1.05e8,
        "有限公司",
    )
    reg.anchor(
        "浙江汇融供应链管理有限公司",
        "汇融",
        "7224",
        "integrated",
        420,
        6.5e9,
        date(y - 13, 1, 21),
        "GD01",
        "near",
        0.0,
        "有限公司",
    )
    reg.anchor(
        "杭州衡方信息技术有限公司",
        "衡方",
        "6531",
        "itservice",
        900,
        6.0e8,
        date(y - 16, 11, 5),
        "GD20",
        "near",
        0.0,
        "有限公司",
    )
    for kind, n in (
        ("individual", 60),
        ("social", 25),
        ("institution", 10),
        ("law", 12),
        ("other", 10),
    ):
        for _ in range(n):
            reg.special(kind)
    n_regular = N_FIRMS - len(reg.firms) - N_BRANCHES - N_TWIN_PAIRS
    for _ in range(n_regular):
        reg.company()
    companies = [f for f in reg.firms if f.kind == "company" and not f.anchor]
    # Branches: parents mostly registered elsewhere and of some size.
    parents = [f for f in companies if f.tier != "micro" and f.legal_form != "合伙企业（有限合伙）"]
    made = 0
    for parent in rng.sample(parents, len(parents)):
        if made == N_BRANCHES:
            break
        if reg.branch(parent):
            made += 1
    # Hard negatives: 20 by region, 20 by one homophone character, 20 by industry word.
    bases = [
        f
        for f in companies
        if f.region in ("杭州", "浙江") and len(f.brand) == 2 and "（" not in f.name
    ]
    pool = rng.sample(bases, len(bases))
    for how in ("region", "char", "word"):
        made = 0
        while made < N_TWIN_PAIRS // 3:
            if reg.twin(pool.pop(), how):
                made += 1
    assert len(reg.firms) == N_FIRMS, len(reg.firms)
    return reg


def assign_codes_and_flags(reg: Registry) -> None:
    """USCC, here-flags, statuses, move-in/out days and contacts for every firm."""
    rng = reg.rng
    firms = reg.firms
    plain = [f for f in firms if f.kind == "company" and not f.anchor]
    # Statuses and the win-back list.
    small = [f for f in plain if f.tier in ("micro", "small")]
    chosen = rng.sample(small, N_CANCELLED + N_MOVED_OUT + N_WINBACK)
    for f in chosen[:N_CANCELLED]:
        f.status = "cancelled"
    for f in chosen[N_CANCELLED : N_CANCELLED + N_MOVED_OUT]:
        f.status = "moved_out"
    winback = {f.key for f in chosen[N_CANCELLED + N_MOVED_OUT :]}
    for f in firms:
        if f.status != "active":
            f.registered_here = f.operates_here = f.tax_here = False
            f.moved_out = -rng.randint(5, 725)
        elif f.key in winback:
            f.operates_here = False
            f.registered_here = True
            f.tax_here = rng.random() < 0.6
        elif f.anchor or f.kind in ("individual", "social", "institution", "other", "branch"):
            f.registered_here = True
            f.tax_here = True
        elif f.region in OUT_OF_TOWN:
            f.registered_here = False
            f.tax_here = rng.random() < 0.2
        else:
            f.registered_here = rng.random() < 0.81
            f.tax_here = rng.random() < 0.98 if f.registered_here else rng.random() < 0.40
    # Codes follow the registration place.
    for f in firms:
        if f.kind == "individual":
            reg.assign_code(f, "9", "2", "330106")
        elif f.kind == "social":
            reg.assign_code(f, "5", "2" if f.company_type == "民办非企业单位" else "1", "330106")
        elif f.kind == "institution":
            reg.assign_code(f, "1", "2", "330106")
        elif f.kind == "law":
            reg.assign_code(f, "3", "1", "330000")
        elif f.kind == "other":
            reg.assign_code(f, "Y", "1", "330106")
        else:
            here = f.registered_here or (f.status != "active" and rng.random() < 0.7)
            if f.region in OUT_OF_TOWN:
                region = rng.choice(OUT_OF_TOWN[f.region])
            elif here:
                region = "330106"
            elif f.region == "浙江" and rng.random() < 0.3:
                region = "330000"
            else:
                region = rng.choice(OTHER_HZ_DISTRICTS)
            reg.assign_code(f, "9", "1", region)
    # Move-in days: ~250 within the last year (the young firms first), the rest up to 10 years.
    present = [f for f in firms if f.operates_here or f.status != "active"]
    young = sorted((f for f in present if f.age_years < 1.0), key=lambda f: f.key)
    others = [f for f in present if f.age_years >= 1.0 and not f.anchor and f.status == "active"]
    recent = young + rng.sample(others, N_RECENT_MOVE_IN - len(young))
    recent_keys = {f.key for f in recent}
    for f in present:
        age_days = (NOMINAL_LOAD_DAY - f.founded_on).days
        if f.key in recent_keys:
            f.moved_in = -rng.randint(1, min(364, age_days))
        else:
            earliest = min(3650, age_days)
            latest = 366 if f.moved_out is None else max(366, -f.moved_out + 120)
            f.moved_in = -rng.randint(min(latest, earliest), earliest)
        if f.moved_out is not None and f.moved_in >= f.moved_out:
            f.moved_in = f.moved_out - rng.randint(120, 900)
            f.founded_on = min(f.founded_on, NOMINAL_LOAD_DAY + timedelta(days=f.moved_in - 30))
    for f in firms:
        reg.contact(f)


OUT_OF_TOWN_ADDRESSES = {
    "310115": "上海市浦东新区张江路",
    "310104": "上海市徐汇区虹桥路",
    "310112": "上海市闵行区申长路",
    "110108": "北京市海淀区中关村大街",
    "110105": "北京市朝阳区望京街",
    "440305": "深圳市南山区科技南路",
    "440304": "深圳市福田区深南大道",
}


def assign_addresses(firms: list[Firm], buildings: list) -> None:
    """Registered address: a Gudang building for firms registered here, elsewhere otherwise."""
    rng = rng_for("addresses")
    by_code = {b.code: b for b in buildings}
    for f in firms:
        region = f.uscc[2:8]
        # A firm keeps its code when it moves away, so departed firms have a new address.
        here = f.registered_here or (f.status == "cancelled" and region == "330106")
        if here:
            b = by_code[f.building_code] if f.building_code else rng.choice(buildings)
            room = f.room if f.building_code else rng.choice(b.units).room
            f.registered_address = f"{b.address}{b.name}{room}室"
        elif region in OUT_OF_TOWN_ADDRESSES:
            f.registered_address = (
                f"{OUT_OF_TOWN_ADDRESSES[region]}{rng.randint(1, 999)}号{rng.randint(2, 18)}层"
            )
        else:
            district, streets = DISTRICT_ADDRESSES.get(region, DISTRICT_ADDRESSES["330108"])
            f.registered_address = (
                f"浙江省杭州市{district}{rng.choice(streets)}"
                f"{rng.randint(1, 1999)}号{rng.randint(1, 12)}幢"
                f"{rng.randint(1, 20)}{rng.randint(1, 30):02d}室"
            )
