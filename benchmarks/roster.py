"""A messy firm roster of any size with known truth, written the way real rosters go wrong.

Firms get unique names (region + trade name + industry word + legal form), valid USCCs, legal
representatives, addresses, capital, founding dates and phones. Hard negatives are made on
purpose: the same trade name in another region, one trade-name character changed, another
industry word, branches of a parent, siblings sharing a trade name (often also the
representative and the address) in another industry or with another legal form, and firms
sharing only a legal representative. Duplicate rows are messed up as street rosters are: the
old cases (spaces, legal-form wording, brackets, region in brackets, lower-case, spaced,
full-width or look-alike codes, missing or swapped representatives, money and dates in many
forms) and the hard ones (a homophone or look-alike character in the trade name, a credit code
with one character wrong or two adjacent characters swapped, firms renamed, the region moved
into brackets in the middle or dropped, addresses with or without 浙江省杭州市 and rooms
written differently). The mix of cases is a parameter, so the resolver is measured on rosters
it was not tuned on.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from benchmarks.roster_words import (
    _SHAPES,
    _SOUNDS,
    BRAND,
    BUILDINGS,
    FORMS,
    GIVEN,
    PARTNERSHIP,
    PLATFORM_WORDS,
    QUALS,
    REGIONS,
    ROADS,
    SIZES,
    SURNAMES,
    WORDS,
)
from qifutong.uscc import ALPHABET, check_character

HEADERS = (
    "序号", "单位名称", "法人", "信用代码", "所在楼宇", "楼层", "房号", "注册资金", "成立时间",
    "企业类型", "登记状态", "行业代码", "企业规模", "从业人数", "营业收入（万元）",
    "纳税总额（万元）", "企业资质", "专利数", "软件著作权数", "商标数", "注册在本街道",
    "实际经营在本街道", "税收在本街道", "规上企业", "注册地址", "经营范围", "联系人",
    "联系电话", "电子邮箱", "备注",
)  # fmt: skip

# Positive cases (what was done to a row of a firm seen before) and negative cases (pairs of
# firms that must stay apart). Each mix gives the chance of each case on a duplicate row.
NAME_CASES = (
    "spaces", "suffix", "ideographic", "ascii_brackets", "region_brackets", "region_dropped",
    "city_prefix", "homophone", "lookalike", "renamed",
)  # fmt: skip
CODE_CASES = (
    "code_missing", "code_lower", "code_separators", "code_fullwidth", "code_letter",
    "code_substitution", "code_transposition",
)  # fmt: skip
NEGATIVE_CASES = (
    "region_twin", "char_twin", "word_twin", "branch", "sibling_industry", "sibling_form",
    "shared_rep",
)  # fmt: skip
MIXES: dict[str, dict[str, float]] = {
    # The old generator's cases only.
    "old": {
        "name_variant": 0.55, "spaces": 3, "suffix": 2, "ideographic": 1, "ascii_brackets": 1,
        "region_brackets": 2, "code_missing": 0.06, "code_lower": 0.03, "code_separators": 0.03,
        "code_fullwidth": 0.005, "code_letter": 0.0075, "code_substitution": 0.0075,
        "renamed_firms": 0.0, "negatives": 0.04, "new_negatives": 0.0, "rep_missing": 0.04,
        "rep_swapped": 0.02, "address_variant": 0.05, "combo": 0.0,
    },
    # Every case at the rates a roster kept by many hands shows.
    "default": {
        "name_variant": 0.55, "spaces": 3, "suffix": 2, "ideographic": 1, "ascii_brackets": 1,
        "region_brackets": 2, "region_dropped": 1.5, "city_prefix": 1, "homophone": 1.5,
        "lookalike": 0.7, "renamed": 4, "code_missing": 0.07, "code_lower": 0.03,
        "code_separators": 0.03, "code_fullwidth": 0.005, "code_letter": 0.006,
        "code_substitution": 0.012, "code_transposition": 0.008, "renamed_firms": 0.04,
        "negatives": 0.06, "new_negatives": 0.6, "rep_missing": 0.05, "rep_swapped": 0.02,
        "address_variant": 0.3, "combo": 0.02,
    },
    # The hard cases several times as often: what a person resolves only by looking twice.
    "hard": {
        "name_variant": 0.7, "spaces": 1, "suffix": 1, "ideographic": 0.5, "ascii_brackets": 0.5,
        "region_brackets": 2, "region_dropped": 2, "city_prefix": 1, "homophone": 3,
        "lookalike": 1.5, "renamed": 3, "code_missing": 0.15, "code_lower": 0.03,
        "code_separators": 0.03, "code_fullwidth": 0.01, "code_letter": 0.01,
        "code_substitution": 0.04, "code_transposition": 0.03, "renamed_firms": 0.1,
        "negatives": 0.12, "new_negatives": 0.7, "rep_missing": 0.08, "rep_swapped": 0.03,
        "address_variant": 0.5, "combo": 0.08,
    },
}  # fmt: skip


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
    road: str
    number: int
    building: str
    floor: int
    room: str
    phone: str
    founded: date
    capital: int
    former: str = ""  # the name before a renaming ("" when never renamed)

    @property
    def address(self) -> str:
        return f"杭州市西湖区{self.road}{self.number}号{self.building}{self.room}室"


@dataclass
class Roster:
    """Firms, the true firm of each row, the pairs of firms that must stay apart, and per row
    the cases it carries (filled while rows are written)."""

    firms: list[Firm]
    plan: list[int]
    negatives: list[tuple[int, int, str]]
    mix: dict[str, float]
    seed: int
    cases: list[tuple[str, ...]] = field(default_factory=list)


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
        self.negatives: list[tuple[int, int, str]] = []

    def free(self, region: str, brand: str, word: str, name: str) -> bool:
        return name not in self.names and (region, brand, word) not in self.cores

    def firm(self, region: str, brand: str, word: str, form: str, name: str | None = None) -> Firm:
        rng = self.rng
        name = name or f"{region}{brand}{word}{form}"
        floor = rng.randint(2, 24)
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
            road=rng.choice(ROADS),
            number=rng.randint(1, 999),
            building=rng.choice(BUILDINGS),
            floor=floor,
            room=f"{floor}{rng.randint(1, 30):02d}",
            phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            founded=date(2026, 1, 1) - timedelta(days=rng.randint(100, 9000)),
            capital=rng.choice((10, 30, 50, 100, 200, 500, 1000, 5000)) * 10000,
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
            if self.free(region, brand, word, name):
                return self.firm(region, brand, word, form, name)

    def negative(self, base: Firm, how: str) -> Firm | None:
        """A firm a person keeps apart from `base` (None when the name is taken)."""
        rng = self.rng
        region, brand, word, form = base.region, base.brand, base.word, base.form
        if how == "branch":
            name = base.name + rng.choice(("西湖分公司", "古荡分公司", "杭州分公司"))
            if name in self.names or form == PARTNERSHIP:
                return None
            made = self.firm(region, brand, word, form, name)
        elif how == "shared_rep":
            made = self.fresh()
            made.legal_rep = base.legal_rep
        else:
            if how == "region_twin":
                region = "浙江" if region == "杭州" else "杭州"
            elif how == "char_twin":
                i = rng.randrange(len(brand))
                brand = brand[:i] + rng.choice(BRAND) + brand[i + 1 :]
            elif how in ("word_twin", "sibling_industry"):
                word = rng.choice([w for w in WORDS if w != word])
            elif how == "sibling_form":
                if form == PARTNERSHIP:
                    return None
                form = PARTNERSHIP
                word = rng.choice((*PLATFORM_WORDS, word))
            name = f"{region}{brand}{word}{form}"
            if not self.free(region, brand, word, name):
                return None
            made = self.firm(region, brand, word, form, name)
            if how in ("sibling_industry", "sibling_form"):
                # The same owner: often the same person and the same office.
                if rng.random() < 0.7:
                    made.legal_rep = base.legal_rep
                if rng.random() < 0.6:
                    made.road, made.number, made.building = base.road, base.number, base.building
                    made.floor, made.room = base.floor, base.room
        self.negatives.append((base.key, made.key, how))
        return made

    def rename(self, firm: Firm) -> None:
        """The firm had another name before (another trade name or another industry word)."""
        rng = self.rng
        for _ in range(20):
            brand, word = firm.brand, firm.word
            if rng.random() < 0.5:
                brand = "".join(rng.sample(BRAND, len(brand)))
            else:
                word = rng.choice([w for w in WORDS if w != word])
            form = firm.form
            name = f"{firm.region}{brand}{word}{form}"
            if self.free(firm.region, brand, word, name):
                self.names.add(name)
                self.cores.add((firm.region, brand, word))
                firm.former = name
                return


def make_firms(n: int, seed: int = 7, mix: dict[str, float] | None = None) -> _Maker:
    """n firms: hard negatives of others as the mix says, some of them renamed."""
    mix = mix or MIXES["default"]
    maker = _Maker(random.Random(seed))
    special = max(1, round(n * mix["negatives"]))
    for _ in range(n - special):
        maker.fresh()
    rng = maker.rng
    base = maker.firms[:]
    old = ("region_twin", "char_twin", "word_twin", "branch")
    new = ("sibling_industry", "sibling_form", "shared_rep")
    while len(maker.firms) < n:
        pool = new if rng.random() < mix["new_negatives"] else old
        maker.negative(rng.choice(base), rng.choice(pool))
    for firm in maker.firms:
        if rng.random() < mix["renamed_firms"] and "分公司" not in firm.name:
            maker.rename(firm)
    return maker


def _swap_char(text: str, table: dict[str, str], rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(text) if c in table]
    if not spots:
        return None
    i = rng.choice(spots)
    alt = rng.choice([c for c in table[text[i]] if c != text[i]])
    return text[:i] + alt + text[i + 1 :]


class _Mess:
    def __init__(self, rng: random.Random, firms: list[Firm], mix: dict[str, float]) -> None:
        self.rng, self.firms, self.mix = rng, firms, mix
        self.name_weights = {k: mix[k] for k in NAME_CASES if mix.get(k)}

    def name(self, f: Firm, duplicate: bool, forced: bool) -> tuple[str, str]:
        """(the name as written, its case or "")."""
        rng = self.rng
        chance = self.mix["name_variant"] if duplicate else 0.04
        if not forced and rng.random() >= chance:
            return f.name, ""
        weights = dict(self.name_weights)
        if not duplicate:  # a first row is never a typo the resolver must undo alone
            for k in ("homophone", "lookalike", "renamed", "region_dropped"):
                weights.pop(k, None)
        if not f.former:
            weights.pop("renamed", None)
        kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        name = f.name
        head = f.region + f.brand
        if kind == "renamed":
            return f.former, kind
        if kind == "homophone" or kind == "lookalike":
            table = _SOUNDS if kind == "homophone" else _SHAPES
            brand = _swap_char(f.brand, table, rng) if kind == "homophone" else None
            changed = brand + f.word if brand else _swap_char(f.brand + f.word, table, rng)
            written = name.replace(f.brand + f.word, changed or "", 1)
            if changed and written != name:
                return written, kind
            kind = "spaces"
        if kind == "suffix" and name.endswith("有限责任公司"):
            return name[: -len("有限责任公司")] + "有限公司", kind
        if kind == "suffix" and name.endswith("有限公司") and not name.endswith("股份有限公司"):
            return name[: -len("有限公司")] + "有限责任公司", kind
        if kind == "region_brackets" and name.startswith(head):
            bracket = rng.choice((("（", "）"), ("(", ")")))
            return f"{f.brand}{bracket[0]}{f.region}{bracket[1]}{name[len(head) :]}", kind
        if kind == "region_dropped" and name.startswith(head) and f.region == "杭州":
            return name[len(f.region) :], kind
        if kind == "city_prefix" and name.startswith(head) and f.region == "杭州":
            return "杭州市" + name[len(f.region) :], kind
        if kind == "ascii_brackets" and "（" in name:
            return name.replace("（", "(").replace("）", ")"), kind
        if kind == "ideographic":
            return name[:2] + "\u3000" + name[2:], kind
        return rng.choice((" " + name + "  ", name[:2] + " " + name[2:], name + " ")), "spaces"

    def uscc(self, code: str, forced: bool) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        kind = ""
        if forced:
            kind = rng.choice(("code_substitution", "code_transposition", "code_missing"))
        else:
            acc = 0.0
            for k in CODE_CASES:
                acc += self.mix.get(k, 0.0)
                if roll < acc:
                    kind = k
                    break
        if kind == "code_missing":
            return "", kind
        if kind == "code_lower":
            return code.lower(), kind
        if kind == "code_separators":
            sep = rng.choice((" ", "-"))
            return sep.join((code[:2], code[2:8], code[8:17], code[17])), kind
        if kind == "code_fullwidth":
            return "".join(chr(ord(c) + 0xFEE0) for c in code), kind
        if kind == "code_letter":
            spots = [i for i in range(2, 18) if code[i] in "01"]
            if spots:
                i = rng.choice(spots)
                return code[:i] + {"0": "O", "1": "I"}[code[i]] + code[i + 1 :], kind
            kind = "code_substitution"
        if kind == "code_substitution":
            i = rng.randrange(0, 18)
            return code[:i] + rng.choice([c for c in ALPHABET if c != code[i]]) + code[
                i + 1 :
            ], kind
        if kind == "code_transposition":
            spots = [i for i in range(17) if code[i] != code[i + 1]]
            i = rng.choice(spots)
            return code[:i] + code[i + 1] + code[i] + code[i + 2 :], kind
        return code, ""

    def rep(self, f: Firm) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < self.mix["rep_missing"]:
            return "", "rep_missing"
        if roll < self.mix["rep_missing"] + self.mix["rep_swapped"]:
            other = f.contact if f.contact != f.legal_rep else self.rng.choice(self.firms).legal_rep
            return other, "rep_swapped"
        if roll > 0.97:
            return " ".join(f.legal_rep), ""
        return f.legal_rep, ""

    def address(self, f: Firm, duplicate: bool) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < 0.03:
            return "", ""
        if not duplicate or rng.random() >= self.mix["address_variant"]:
            return (f.address if rng.random() > 0.05 else "浙江省" + f.address), ""
        head = rng.choice(("浙江省杭州市西湖区", "杭州市西湖区", "西湖区", "", "浙江杭州西湖区"))
        room = rng.choice(
            (f"{f.room}室", f.room, f"{f.room}号", f"{f.floor}层{f.room}室", f"{f.floor}楼{f.room}")
        )
        return f"{head}{f.road}{f.number}号{f.building}{room}", "address_variant"

    def capital(self, f: Firm) -> object:
        wan = f.capital // 10000
        return self.rng.choice(
            (f"{wan}万元", f"{f.capital:,}元", f"{wan}万人民币", f.capital, f.capital,
             f"{wan}万", f"{wan:.6f}万人民币", "")
        )  # fmt: skip

    def founded(self, f: Firm, excel: bool) -> object:
        d = f.founded
        kind = self.rng.choice(("excel", "excel", "iso", "slash", "chinese", "dots", "compact"))
        if kind == "excel" and excel:
            return datetime(d.year, d.month, d.day)
        if kind == "slash":
            return f"{d.year}/{d.month}/{d.day}"
        if kind == "chinese":
            return f"{d.year}年{d.month}月{d.day}日"
        if kind == "dots":
            return f"{d.year}.{d.month}.{d.day}"
        if kind == "compact":
            return f"{d.year}{d.month:02d}{d.day:02d}"
        return d.isoformat()

    def row(self, seq: int, f: Firm, duplicate: bool, excel: bool) -> tuple[list[object], tuple]:
        rng = self.rng
        combo = duplicate and rng.random() < self.mix["combo"]
        name, name_case = self.name(f, duplicate, combo)
        code, code_case = self.uscc(f.uscc, combo)
        rep, rep_case = self.rep(f)
        address, address_case = self.address(f, duplicate)
        room = rng.choice((f.room, f.room + "室", f.room))
        floor = rng.choice((f.floor, f"{f.floor}层", f"{f.floor}F", f.floor))
        phone = rng.choice((f.phone, f"{f.phone[:3]}-{f.phone[3:7]}-{f.phone[7:]}", f.phone))
        cells = [
            seq, name, rep, code, f.building, floor, room, self.capital(f), self.founded(f, excel),
            "有限责任公司（自然人投资或控股）" if f.form != PARTNERSHIP else "有限合伙企业",
            rng.choice(("存续", "在业", "存续")), rng.choice(("6513", "I6513", "7212", "")),
            rng.choice(SIZES[:2]), rng.choice((rng.randint(1, 300), f"{rng.randint(1, 99)}人", "")),
            round(rng.uniform(10, 5000), 2), round(rng.uniform(0, 300), 2),
            rng.choice(("", "", QUALS[0], "、".join(QUALS[:2]))), rng.randint(0, 9),
            rng.randint(0, 20), rng.randint(0, 5), rng.choice(("是", "否", "")),
            rng.choice(("是", "是", "否")), rng.choice(("是", "否")), rng.choice(("是", "否", "")),
            address, f"一般项目：{f.word}服务；技术开发、技术咨询。", f.contact,
            phone if rng.random() > 0.05 else "", "", rng.choice(("", "", "楼宇走访补录")),
        ]  # fmt: skip
        cases = tuple(c for c in (name_case, code_case, rep_case, address_case) if c)
        if combo:
            cases += ("combo",)
        return cells, cases


def roster_plan(rows: int, seed: int = 7, mix: str | dict[str, float] = "default") -> Roster:
    """The firms and the true firm of each row in sheet order (about 1.4 rows per firm)."""
    mixed = MIXES[mix] if isinstance(mix, str) else mix
    rng = random.Random(seed + 1)
    n_firms = max(1, round(rows / 1.415))
    maker = make_firms(n_firms, seed, mixed)
    plan = list(range(n_firms))
    extra = rows - n_firms
    if extra > 0:
        multi = rng.sample(plan, min(n_firms, max(1, round(extra / 1.45))))
        plan += [multi[i % len(multi)] for i in range(extra)]
    plan = plan[:rows]
    rng.shuffle(plan)
    return Roster(maker.firms, plan, maker.negatives, mixed, seed)


def iter_rows(roster: Roster, excel_dates: bool = True) -> Iterator[list[object]]:
    """The messy data rows (under HEADERS), one per entry of the plan; records each row's
    cases in roster.cases."""
    mess = _Mess(random.Random(roster.seed + 2), roster.firms, roster.mix)
    seen: set[int] = set()
    roster.cases = []
    for seq, k in enumerate(roster.plan, start=1):
        cells, cases = mess.row(seq, roster.firms[k], k in seen, excel_dates)
        roster.cases.append(cases)
        seen.add(k)
        yield cells


def make_roster(
    rows: int, seed: int = 7, excel_dates: bool = True, mix: str | dict[str, float] = "default"
) -> tuple[list[list[object]], Roster]:
    """(data rows under HEADERS, the roster with its truth and cases)."""
    roster = roster_plan(rows, seed, mix)
    return list(iter_rows(roster, excel_dates)), roster
