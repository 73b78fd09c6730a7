"""The firm's profile form (企业信息): its fields, and a posted form read into clean values
and errors by field (pure: no database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from qifutong.industry import industry_names, section_of
from qifutong.matching.vocabulary import (
    QUALIFICATION_LABELS,
    UnknownTerm,
    industry_code_of,
    industry_name,
    qualification_codes,
)
from qifutong.spreadsheets import values as v
from qifutong.web.i18n import N_, term, translate


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str
    kind: str  # text, phone, email, industry, count, area, date, qualifications, long_text
    verified: bool  # policies rely on it: the firm's value waits for the street


PROFILE_FIELDS = (
    ProfileField("contact_name", "联系人", "text", False),
    ProfileField("contact_phone", "联系电话", "phone", False),
    ProfileField("email", "电子邮箱", "email", False),
    ProfileField("industry_code", N_("所属行业"), "industry", True),
    ProfileField("headcount", N_("员工人数"), "count", True),
    ProfileField("qualifications", N_("企业资质"), "qualifications", True),
    ProfileField("ip_patents", N_("专利数"), "count", True),
    ProfileField("ip_software", N_("软件著作权数"), "count", True),
    ProfileField("ip_trademarks", N_("商标数"), "count", True),
    ProfileField("area_need", N_("场地需求面积（㎡）"), "area", False),
    ProfileField("move_in_by", "计划入驻时间", "date", False),
    ProfileField("business_scope", "经营范围", "long_text", False),
)
BY_NAME = {f.name: f for f in PROFILE_FIELDS}
MAX_TEXT = {"text": 60, "long_text": 2000}


def industry_choices(current: str | None) -> list[tuple[str, str]]:
    """GB/T 4754 divisions as (code, name) for the select; the firm's own finer code first."""
    names = industry_names()
    out = [
        (
            code,
            translate(
                "{name}（{section}）", name=term(name), section=term(names.get(_section(code), ""))
            ),
        )
        for code, name in names.items()
        if code.isdigit()
        for section in [names.get(_section(code), "")]
    ]
    if current and current not in names:
        out.insert(0, (current, industry_name(current) or current))
    return out


def _section(division: str) -> str:
    return section_of(division) or ""


def _count(text: str) -> int:
    return v.integer(text)


def _area(text: str) -> float:
    number = float(text.replace(",", ""))
    if not 1 <= number <= 100_000:
        raise ValueError
    return number


def _date(text: str) -> date:
    return v.a_date(text)


READERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "phone": (v.phone, "电话号码，如 13812345678 或 0571-88888888"),
    "email": (v.email, "电子邮箱，如 name@example.com"),
    "industry": (industry_code_of, N_("国民经济行业分类中的行业")),
    "count": (_count, N_("不小于 0 的整数")),
    "area": (_area, N_("1 到 100000 之间的面积（㎡）")),
    "date": (_date, N_("日期，如 2027-03-01")),
}


def read_profile(form: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted profile: clean values by field, and what is wrong by field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in PROFILE_FIELDS:
        if field.kind == "qualifications":
            try:
                values[field.name] = qualification_codes(form.getlist(field.name))
            except UnknownTerm as exc:
                errors[field.name] = str(exc)
            continue
        text = (form.get(field.name) or "").strip()
        if not text:
            values[field.name] = None
            continue
        if field.kind in MAX_TEXT:
            if len(text) > MAX_TEXT[field.kind]:
                errors[field.name] = translate("最多 {n} 个字", n=MAX_TEXT[field.kind])
            else:
                values[field.name] = text
            continue
        reader, expected = READERS[field.kind]
        try:
            values[field.name] = reader(text)
        except (ValueError, v.Invalid):
            errors[field.name] = translate("应为{expected}", expected=translate(expected))
    certificates = {}
    for code in QUALIFICATION_LABELS:
        number = (form.get(f"certificate_{code}") or "").strip()
        if number:
            if len(number) > 60:
                errors["qualifications"] = "证书编号最多 60 个字符"
            certificates[code] = number[:60]
    values["certificates"] = certificates
    return values, errors
