"""The firm fields criteria may test (DESIGN §4), their types, Chinese labels and units."""

from __future__ import annotations

from dataclasses import dataclass

from qifutong.matching.vocabulary import SIZE_LABELS, STAGES
from qifutong.web.i18n import N_, current_locale
from qifutong.web.units import english_money, with_unit

# Field types and the operators each accepts.
NUMERIC = "numeric"  # int or float; unit says how it reads
DATE = "date"
BOOL = "bool"
CATEGORY = "category"
INDUSTRY = "industry"  # GB/T 4754 code, prefix match
SET = "set"  # a set of codes (qualifications, tags)

OPS = {
    NUMERIC: ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
    DATE: ("eq", "ne", "gt", "gte", "lt", "lte", "between"),
    BOOL: ("eq", "ne"),
    CATEGORY: ("eq", "ne", "in", "not_in"),
    INDUSTRY: ("eq", "in", "not_in"),
    SET: ("has", "has_any", "not_in"),
}
ALL_OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "has", "has_any")
OP_LABELS = {
    "eq": N_("等于"),
    "ne": N_("不等于"),
    "in": N_("属于其一"),
    "not_in": N_("不属于"),
    "gt": N_("大于"),
    "gte": N_("不低于（≥）"),
    "lt": N_("小于"),
    "lte": N_("不高于（≤）"),
    "between": N_("介于"),
    "has": N_("具备"),
    "has_any": N_("具备其一"),
}
KINDS = {"must": N_("必须满足"), "bonus": N_("加分项")}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str
    unit: str = ""  # 人, 元 (shown in 万元), 年, ㎡, 件, %
    choices: tuple[tuple[str, str], ...] = ()  # category codes and their Chinese names

    @property
    def ops(self) -> tuple[str, ...]:
        return OPS[self.type]


STAGE_LABELS = STAGES
GRADE_LABELS = {"A": N_("A 类重点企业"), "B": N_("B 类重点企业"), "C": N_("C 类重点企业")}

FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in (
        FieldSpec("industry_code", "所属行业", INDUSTRY),
        FieldSpec("size_class", N_("企业规模"), CATEGORY, choices=tuple(SIZE_LABELS.items())),
        FieldSpec("headcount", "员工人数", NUMERIC, "人"),
        FieldSpec("revenue", "营业收入（近12个月）", NUMERIC, "元"),
        FieldSpec("tax", "纳税总额（近12个月）", NUMERIC, "元"),
        FieldSpec("registered_capital", "注册资本", NUMERIC, "元"),
        FieldSpec("founded_on", "成立日期", DATE),
        FieldSpec("years_since_founding", N_("成立年限"), NUMERIC, "年"),
        FieldSpec("qualifications", "企业资质", SET),
        FieldSpec("registered_here", "注册在本街道", BOOL),
        FieldSpec("operates_here", N_("在本街道经营"), BOOL),
        FieldSpec("tax_here", N_("在本街道纳税"), BOOL),
        FieldSpec("building_id", "所在楼宇", CATEGORY),
        FieldSpec("tags", N_("企业标签"), SET),
        FieldSpec("stage", N_("发展阶段"), CATEGORY, choices=tuple(STAGE_LABELS.items())),
        FieldSpec("area_need", N_("场地需求面积"), NUMERIC, "㎡"),
        FieldSpec("ip_patents", "专利数", NUMERIC, "件"),
        FieldSpec("ip_software", "软件著作权数", NUMERIC, "件"),
        FieldSpec("ip_trademarks", "商标数", NUMERIC, "件"),
        FieldSpec("above_scale", N_("规模以上企业"), BOOL),
        FieldSpec("grade", "重点企业等级", CATEGORY, choices=tuple(GRADE_LABELS.items())),
        # No source feeds R&D spending yet: every firm is `unknown` here, never failed.
        FieldSpec("rd_ratio", N_("研发费用占营业收入比例"), NUMERIC, "%"),
    )
}


def format_number(spec: FieldSpec, value: float) -> str:
    """A firm's or a criterion's number as officials read it ("32 人", "1,200 万元")."""
    unit = spec.unit
    if unit == "元":
        if current_locale() == "en":
            return english_money(value)
        wan = value / 1e4
        text = f"{wan:,.0f}" if abs(wan) >= 100 or wan == int(wan) else f"{wan:,.2f}".rstrip("0")
        return f"{text} 万元"
    if unit == "年":
        return with_unit(f"{value:.1f}" if value != int(value) else f"{int(value)}", "年")
    if unit == "%":
        return f"{value:g}%"
    if unit in ("人", "件"):
        return with_unit(f"{int(value)}", unit)
    if unit == "㎡":
        return with_unit(f"{value:,.0f}", "㎡")
    return f"{value:g}"
