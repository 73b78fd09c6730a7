"""A messy roster of any size with known truth, for benchmarks and tests.

Firms get unique names (region + brand + industry word + legal form), valid USCCs, legal
representatives, addresses and phones; hard negatives are added on purpose (the same brand in
another region, one brand character changed, another industry word, branches of a parent).
About 29 % of the firms appear on two to four rows, and rows are messed up the way street
rosters are: missing, lower-case, spaced, full-width or mistyped codes, name variants,
missing or swapped legal representatives, money and dates in many forms."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from qifutong.uscc import ALPHABET, check_character

HEADERS = (
    "序号", "单位名称", "法人", "信用代码", "所在楼宇", "楼层", "房号", "注册资金", "成立时间",
    "企业类型", "登记状态", "行业代码", "企业规模", "从业人数", "营业收入（万元）",
    "纳税总额（万元）", "企业资质", "专利数", "软件著作权数", "商标数", "注册在本街道",
    "实际经营在本街道", "税收在本街道", "规上企业", "注册地址", "经营范围", "联系人",
    "联系电话", "电子邮箱", "备注",
)  # fmt: skip
BRAND = (
    "云星恒瑞博创远航泰安嘉华盛达鑫源宏图立信正和天成明德永康新锐智联汇通金鼎晨曦卓越"
    "海纳聚贤弘毅睿思华夏致远鼎力臻品优途启明乐享易达通达利民诚信万象景行尚品同创合众"
    "光启青禾知行素问长风逸凡晴川松石兰亭竹溪枫林梧桐银河北辰南山东篱西岭望舒羲和"
)
WORDS = (
    "网络科技", "信息技术", "软件开发", "数据科技", "智能科技", "电子商务", "文化传媒",
    "广告", "教育科技", "企业管理咨询", "财务咨询", "建筑设计", "工程技术", "生物科技",
    "医疗科技", "贸易", "供应链管理", "投资管理", "物业管理", "人力资源", "餐饮管理",
    "环保科技", "新能源科技", "检测技术", "知识产权代理", "会展服务", "旅游发展",
    "影视制作", "游戏开发", "物联网技术",
)  # fmt: skip
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "合伙企业（有限合伙）")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲琳晨宇浩然欣怡子涵梓轩佳琪俊"
ROADS = ("古墩路", "文三路", "文二西路", "古翠路", "天目山路", "学院路", "莫干山路", "西溪路")
BUILDINGS = ("云栖大厦", "华星科技大厦", "古荡湾商务中心", "翠苑创业园", "西溪国际", "浙商财富中心")
REGIONS = {"杭州": "330106", "浙江": "330000", "上海": "310115", "北京": "110108", "深圳": "440305"}
QUALS = ("高新技术企业", "科技型中小企业", "专精特新中小企业", "拟上市企业")
SIZES = ("微型", "小型", "中型", "大型")


@dataclass
class Firm:
    key: int
    name: str
    region: str
    brand: str
    word: str
    form: str
    uscc: str
    legal_rep: str
    contact: str
    address: str
    phone: str
    founded: date
    capital: int
    building: str
    floor: int
    room: str


def _uscc(rng: random.Random, region: str, taken: set[str]) -> str:
    while True:
        body = "".join(rng.choice(ALPHABET) for _ in range(9))
        first17 = "91" + REGIONS[region] + body
        code = first17 + check_character(first17)
        if code not in taken:
            taken.add(code)
            return code


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


class _Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        # Names that differ only in their legal form cannot both be registered in one place.
        self.cores: set[tuple[str, str, str]] = set()
        self.codes: set[str] = set()
        self.firms: list[Firm] = []

    def firm(self, region: str, brand: str, word: str, form: str, name: str | None = None) -> Firm:
        rng = self.rng
        name = name or f"{region}{brand}{word}{form}"
        b = rng.choice(BUILDINGS)
        floor = rng.randint(2, 24)
        room = f"{floor}{rng.randint(1, 30):02d}"
        firm = Firm(
            key=len(self.firms),
            name=name,
            region=region,
            brand=brand,
            word=word,
            form=form,
            uscc=_uscc(rng, region, self.codes),
            legal_rep=_person(rng),
            contact=_person(rng),
            address=f"杭州市西湖区{rng.choice(ROADS)}{rng.randint(1, 999)}号{b}{room}室",
            phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            founded=date(2026, 1, 1) - timedelta(days=rng.randint(100, 9000)),
            capital=rng.choice((10, 30, 50, 100, 200, 500, 1000, 5000)) * 10000,
            building=b,
            floor=floor,
            room=room,
        )
        self.names.add(name)
        if "分公司" not in name:
            self.cores.add((region, brand, word))
        self.firms.append(firm)
        return firm

    def fresh(self) -> Firm:
        rng = self.rng
        while True:
            brand = "".join(rng.sample(BRAND, rng.choices((2, 3), weights=(85, 15))[0]))
            word = rng.choice(WORDS)
            region = rng.choices(list(REGIONS), weights=(75, 17, 3, 3, 2))[0]
            form = rng.choices(FORMS, weights=(75, 12, 8, 5))[0]
            name = f"{region}{brand}{word}{form}"
            if rng.random() < 0.03 and region == "杭州":
                name = f"{brand}（杭州）{word}{form}"
            if name not in self.names and (region, brand, word) not in self.cores:
                return self.firm(region, brand, word, form, name)

    def twin(self, base: Firm, how: str) -> Firm | None:
        rng = self.rng
        region, brand, word = base.region, base.brand, base.word
        if how == "region":
            region = "浙江" if region == "杭州" else "杭州"
        elif how == "char":
            i = rng.randrange(len(brand))
            brand = brand[:i] + rng.choice(BRAND) + brand[i + 1 :]
        else:
            word = rng.choice(WORDS)
        name = f"{region}{brand}{word}{base.form}"
        if name in self.names or region not in REGIONS or (region, brand, word) in self.cores:
            return None
        return self.firm(region, brand, word, base.form, name)

    def branch(self, parent: Firm) -> Firm | None:
        name = parent.name + self.rng.choice(("西湖分公司", "古荡分公司", "杭州分公司"))
        if name in self.names or "合伙" in parent.form:
            return None
        return self.firm(parent.region, parent.brand, parent.word, parent.form, name)


def make_firms(n: int, seed: int = 7) -> list[Firm]:
    """n firms, about 4 % of them hard negatives of another (twins and branches)."""
    maker = _Maker(random.Random(seed))
    special = max(1, n // 25)
    for _ in range(n - special):
        maker.fresh()
    rng = maker.rng
    base = maker.firms[:]
    while len(maker.firms) < n:
        how = rng.choice(("region", "char", "word", "branch"))
        parent = rng.choice(base)
        if how == "branch":
            maker.branch(parent)
        else:
            maker.twin(parent, how)
    return maker.firms


class _Mess:
    def __init__(self, rng: random.Random, firms: list[Firm]) -> None:
        self.rng, self.firms = rng, firms

    def name(self, f: Firm, duplicate: bool) -> str:
        rng = self.rng
        if rng.random() >= (0.55 if duplicate else 0.04):
            return f.name
        kind = rng.choice(("spaces", "suffix", "ideographic", "brackets", "region"))
        name = f.name
        if kind == "suffix" and name.endswith("有限责任公司"):
            return name[: -len("有限责任公司")] + "有限公司"
        if kind == "suffix" and name.endswith("有限公司") and not name.endswith("股份有限公司"):
            return name[: -len("有限公司")] + "有限责任公司"
        if kind == "region" and name.startswith("杭州" + f.brand):
            return f"{f.brand}（杭州）{name[2 + len(f.brand) :]}"
        if kind == "brackets" and "（" in name:
            return name.replace("（", "(").replace("）", ")")
        if kind == "ideographic":
            return name[:2] + "\u3000" + name[2:]
        return rng.choice((" " + name + "  ", name[:2] + " " + name[2:], name + " "))

    def uscc(self, code: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            return ""
        if roll < 0.09:
            return code.lower()
        if roll < 0.12:
            sep = rng.choice((" ", "-"))
            return sep.join((code[:2], code[2:8], code[8:17], code[17]))
        if roll < 0.135:
            i = rng.randrange(8, 17)
            if code[i] in "01" and rng.random() < 0.5:
                return code[:i] + {"0": "O", "1": "I"}[code[i]] + code[i + 1 :]
            return code[:i] + rng.choice([c for c in ALPHABET if c != code[i]]) + code[i + 1 :]
        if roll < 0.14:
            return "".join(chr(ord(c) + 0xFEE0) for c in code)
        return code

    def rep(self, f: Firm) -> str:
        roll = self.rng.random()
        if roll < 0.04:
            return ""
        if roll < 0.06:
            return f.contact if f.contact != f.legal_rep else self.rng.choice(self.firms).legal_rep
        return f.legal_rep

    def capital(self, f: Firm) -> object:
        wan = f.capital // 10000
        return self.rng.choice(
            (f"{wan}万元", f"{f.capital:,}元", f"{wan}万人民币", f.capital, f.capital)
        )

    def founded(self, f: Firm, excel: bool) -> object:
        d = f.founded
        kind = self.rng.choice(("excel", "excel", "iso", "slash", "chinese"))
        if kind == "excel" and excel:
            return d
        if kind == "slash":
            return f"{d.year}/{d.month}/{d.day}"
        if kind == "chinese":
            return f"{d.year}年{d.month}月{d.day}日"
        return d.isoformat()

    def row(self, seq: int, f: Firm, duplicate: bool, excel: bool) -> list[object]:
        rng = self.rng
        room = rng.choice((f.room, f.room + "室", f.room))
        floor = rng.choice((f.floor, f"{f.floor}层", f"{f.floor}F", f.floor))
        return [
            seq, self.name(f, duplicate), self.rep(f), self.uscc(f.uscc), f.building, floor,
            room, self.capital(f), self.founded(f, excel), "有限责任公司（自然人投资或控股）",
            rng.choice(("存续", "在业", "存续")), rng.choice(("6513", "I6513", "7212", "")),
            rng.choice(SIZES[:2]), rng.choice((rng.randint(1, 300), f"{rng.randint(1, 99)}人", "")),
            round(rng.uniform(10, 5000), 2), round(rng.uniform(0, 300), 2),
            rng.choice(("", "", QUALS[0], "、".join(QUALS[:2]))), rng.randint(0, 9),
            rng.randint(0, 20), rng.randint(0, 5), rng.choice(("是", "否", "")),
            rng.choice(("是", "是", "否")), rng.choice(("是", "否")), rng.choice(("是", "否", "")),
            f.address if rng.random() > 0.05 else "浙江省" + f.address,
            f"一般项目：{f.word}服务；技术开发、技术咨询。", f.contact,
            rng.choice((f.phone, f"{f.phone[:3]}-{f.phone[3:7]}-{f.phone[7:]}", f.phone)),
            "", rng.choice(("", "", "楼宇走访补录")),
        ]  # fmt: skip


def roster_plan(rows: int, seed: int = 7) -> tuple[list[Firm], list[int]]:
    """(the firms, the true firm of each row in sheet order)."""
    rng = random.Random(seed + 1)
    n_firms = max(1, round(rows / 1.415))
    firms = make_firms(n_firms, seed)
    plan = list(range(n_firms))
    extra = rows - n_firms
    if extra > 0:
        multi = rng.sample(plan, min(n_firms, max(1, round(extra / 1.45))))
        plan += [multi[i % len(multi)] for i in range(extra)]
    plan = plan[:rows]
    rng.shuffle(plan)
    return firms, plan


def iter_rows(
    firms: list[Firm], plan: list[int], seed: int = 7, excel_dates: bool = True
) -> Iterator[list[object]]:
    """The messy data rows (under HEADERS), one per entry of the plan."""
    mess = _Mess(random.Random(seed + 2), firms)
    seen: set[int] = set()
    for seq, k in enumerate(plan, start=1):
        yield mess.row(seq, firms[k], k in seen, excel_dates)
        seen.add(k)


def make_roster(
    rows: int, seed: int = 7, excel_dates: bool = True
) -> tuple[list[list[object]], list[int]]:
    """(data rows under HEADERS, the true firm of each row)."""
    firms, plan = roster_plan(rows, seed)
    return list(iter_rows(firms, plan, seed, excel_dates)), plan
