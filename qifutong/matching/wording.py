"""Conditions in plain Chinese (or the reader's language): what a condition asks, what the firm
has, and the line a reason or a missing item shows ("员工人数 32 人，要求 ≥ 50 人")."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from qifutong.industry import industry_names
from qifutong.matching.fields import (
    BOOL,
    CATEGORY,
    DATE,
    INDUSTRY,
    NUMERIC,
    SET,
    FieldSpec,
    format_number,
)
from qifutong.matching.vocabulary import tag_name
from qifutong.web.i18n import N_, current_locale, join, term, translate

if TYPE_CHECKING:  # criteria.py evaluates with these sentences: the condition is only a type here
    from qifutong.matching.criteria import Condition


@dataclass
class Labels:
    """Names for codes in explanations: buildings come from the database, the rest from data."""

    buildings: Mapping[int, str] = field(default_factory=dict)

    def industry(self, code: str) -> str:
        names = industry_names()
        if code.isalpha():
            return translate("{name}（{code}）", name=term(names.get(code, code)), code=code)
        name = names.get(code[:2], "")
        return translate("{name}（{code}）", name=term(name), code=code) if name else code

    def category(self, spec: FieldSpec, code: Any) -> str:
        if spec.name == "building_id":
            return self.buildings.get(int(code)) or translate("楼宇 {code}", code=code)
        return term(dict(spec.choices).get(str(code), str(code)))

    def set_item(self, spec: FieldSpec, code: str) -> str:
        if spec.name == "qualifications":
            return tag_name(f"qual:{code}")
        return tag_name(code)


def _join(names: Sequence[str]) -> str:
    return join(list(names))


def _point(spec: FieldSpec, value: Any) -> str:
    if spec.type == DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return format_number(spec, float(value))


_SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
_DATE_WORDS = {
    "eq": N_("为 {day}"),
    "ne": N_("不为 {day}"),
    "gt": N_("晚于 {day}"),
    "gte": N_("不早于 {day}"),
    "lt": N_("早于 {day}"),
    "lte": N_("不晚于 {day}"),
}
# Each sentence has one form per number of names: "属于 X" for one, "属于 X、Y之一" for more.
_WORDS = {
    (INDUSTRY, "eq"): (N_("属于 {name}"), N_("属于 {names}之一")),
    (INDUSTRY, "in"): ("属于 {name}", "属于 {names}之一"),
    (INDUSTRY, "not_in"): (N_("不属于 {names}"), N_("不属于 {names}")),
    (SET, "has"): (N_("具备 {name}"), N_("同时具备 {names}")),
    (SET, "has_any"): (N_("具备 {name}"), N_("具备 {names}之一")),
    (SET, "not_in"): (N_("不具备 {names}"), N_("不具备 {names}")),
    (CATEGORY, "in"): (N_("为 {name}"), N_("为 {names}之一")),
    (CATEGORY, "not_in"): (N_("不为 {names}"), N_("不为 {names}")),
}


def _names_sentence(kind: str, op: str, names: Sequence[str]) -> str:
    one, many = _WORDS[(kind, op)]
    if "{names}" in one or len(names) != 1:
        return translate(many if len(names) != 1 else one, names=_join(names))
    return translate(one, name=names[0])


def requirement(cond: Condition, labels: Labels) -> str:
    """What the condition asks, after "要求": "≥ 50 人", "属于 软件和信息技术服务业（65）"."""
    spec, op, v = cond.spec, cond.op, cond.value
    if spec.type in (NUMERIC, DATE) and op == "between":
        return translate("介于 {low} 至 {high}", low=_point(spec, v[0]), high=_point(spec, v[1]))
    if spec.type == NUMERIC:
        return f"{_SYMBOLS[op]} {_point(spec, v)}"
    if spec.type == DATE:
        return translate(_DATE_WORDS[op], day=v.isoformat())
    if spec.type == BOOL:
        want = v if op == "eq" else not v
        return translate("是") if want else translate("否")
    if spec.type == INDUSTRY:
        return _names_sentence(INDUSTRY, op, [labels.industry(p) for p in v])
    if spec.type == SET:
        return _names_sentence(SET, op, [labels.set_item(spec, c) for c in v])
    if op in ("eq", "ne"):
        name = labels.category(spec, v)
        return (
            translate("为 {name}", name=name) if op == "eq" else translate("不为 {name}", name=name)
        )
    return _names_sentence(CATEGORY, op, [labels.category(spec, c) for c in v])


def value_text(cond: Condition, value: Any, labels: Labels) -> str:
    """The firm's value as shown in an explanation ("32 人", "暂无数据")."""
    spec = cond.spec
    if spec.type == SET:
        held = [labels.set_item(spec, c) for c in cond.value if c in set(value or ())]
        return _join(held) if held else translate("无")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return translate("暂无数据")
    if spec.type == INDUSTRY:
        return labels.industry(str(value))
    if spec.type == CATEGORY:
        return labels.category(spec, value)
    if spec.type == BOOL:
        return translate("是") if value else translate("否")
    return _point(spec, value)


def describe(cond: Condition, value: Any, labels: Labels) -> str:
    """One line for the firm: "员工人数 32 人，要求 ≥ 50 人"."""
    return describe_value(cond, value_text(cond, value, labels), asks(cond, labels))


def describe_value(cond: Condition, value: str, asked: str) -> str:
    """The line of `describe` from the firm's value and the requirement, both as text."""
    return translate("{label} {value}，{asks}", label=field_label(cond), value=value, asks=asked)


def field_label(cond: Condition) -> str:
    return translate(cond.spec.label)


def asks(cond: Condition, labels: Labels) -> str:
    """ "要求 ≥ 50 人", "要求具备 高新技术企业"."""
    need = requirement(cond, labels)
    if need[:1] in "=≠><≥≤":
        return translate("要求 {need}", need=need)
    return translate("要求{need}", need=need)


def condition_text(cond: Condition, labels: Labels | None = None) -> str:
    """A condition as a line of a policy's criteria: "员工人数 要求 ≤ 300 人"."""
    return translate("{label} {asks}", label=field_label(cond), asks=asks(cond, labels or Labels()))


def shared_tags_text(codes: Sequence[str]) -> str:
    return _shared_tags_text(tuple(codes), current_locale())


@cache
def _shared_tags_text(codes: tuple[str, ...], locale: str) -> str:
    return translate("与贵企业标签相符：{tags}", tags=_join([tag_name(c) for c in codes]))
