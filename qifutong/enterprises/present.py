"""A firm's record in words people read: field names, values and where a change came from
(pure: no code names reach a page)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from qifutong.matching.fields import FIELDS, GRADE_LABELS
from qifutong.matching.vocabulary import (
    SIZE_LABELS,
    STAGES,
    STATUS_LABELS,
    industry_name,
    qualification_label,
    tag_name,
)
from qifutong.web.i18n import N_, current_locale, join, term, translate
from qifutong.web.units import english_money

TIER_LABELS = {"growing": "成长型", "stable": "稳定型", "at_risk": "风险型"}
FIELD_LABELS = {name: spec.label for name, spec in FIELDS.items()} | {
    "*": N_("企业记录"),
    "*merged": N_("合并企业"),
    "uscc": N_("统一社会信用代码"),
    "name": N_("企业名称"),
    "legal_rep": N_("法定代表人"),
    "company_type": N_("企业类型"),
    "status": N_("登记状态"),
    "registered_address": N_("注册地址"),
    "business_scope": N_("经营范围"),
    "floor": N_("楼层"),
    "room": N_("房号"),
    "moved_in_on": N_("入驻日期"),
    "moved_out_on": N_("迁出日期"),
    "contact_name": N_("联系人"),
    "contact_phone": N_("联系电话"),
    "email": N_("电子邮箱"),
    "move_in_by": N_("计划入驻时间"),
    "certificates": N_("资质证书编号"),
    "industry_section": N_("行业门类"),
    "tier": N_("成长分层"),
    "revenue_12m": N_("营业收入（近12个月）"),
    "tax_12m": N_("纳税总额（近12个月）"),
}
CHOICES = {
    "size_class": SIZE_LABELS,
    "status": STATUS_LABELS,
    "stage": STAGES,
    "tier": TIER_LABELS,
    "grade": GRADE_LABELS,
}
SOURCES = {
    "import": N_("名录导入"),
    "api": N_("接口录入"),
    "user": N_("平台用户修改"),
    "firm": N_("企业自报"),
    "verified": N_("街道核实企业自报"),
    "review": N_("复核合并"),
    "seed": N_("初始数据"),
    "application": N_("申报时企业自报"),
}
_GRADE_SOURCE = re.compile(r"^grade:(\d{4})-(\d{2})$")


def field_label(field: str) -> str:
    return translate(FIELD_LABELS.get(field, N_("其他信息")))


def value_text(field: str, value: Any) -> str:
    """A stored value as people read it: labels for codes, 是/否, dates, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if field == "*":
        return translate("新建") if str(value) == "created" else str(value)
    if field == "qualifications":
        return join([qualification_label(q) for q in value])
    if field == "certificates" and isinstance(value, dict):
        sep = "; " if current_locale() == "en" else "；"
        return sep.join(f"{qualification_label(k)} {n}" for k, n in value.items())
    if field == "tags":
        return join([tag_name(t) for t in value])
    if field == "industry_code":
        return industry_name(str(value)) or str(value)
    if field in CHOICES:
        return term(CHOICES[field].get(str(value), str(value)))
    if isinstance(value, bool):
        return translate("是") if value else translate("否")
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if field in ("registered_capital", "revenue", "tax", "revenue_12m", "tax_12m"):
        if current_locale() == "en":
            return english_money(float(value))
        return f"{float(value) / 1e4:,.2f} 万元"
    return str(value)


def source_text(source: str) -> str:
    """Where a change came from: 名录导入（第 12 批）, 2026年11月重点企业分级 …"""
    m = _GRADE_SOURCE.match(source or "")
    if m:
        return translate(
            "{year}年{month}月重点企业分级", year=int(m.group(1)), month=int(m.group(2))
        )
    kind, _, ref = (source or "").partition(":")
    if kind == "import" and ref.isdigit():
        return translate("名录导入（第 {n} 批）", n=ref)
    return translate(SOURCES.get(kind, N_("平台记录")))
