"""Criteria as data (DESIGN §4): typed conditions, three-valued evaluation, plain-Chinese reasons.

A condition is `{field, op, value, kind}`; `kind` is `must` (eligibility) or `bonus` (relevance).
For one firm a condition is `met`, `unmet`, or `unknown` when the firm has no data for the field.

An offer's result for a firm:
- eligible: every `must` met;
- near-miss: one or two `must` unmet or unknown, and at least one `must` met (a firm that
  meets none of an offer's conditions is not "nearly" there);
- not shown otherwise.
An offer without `must` conditions fits the firms that share one of its tags (eligible), or
every firm when it has no tags either ("open": listed for all, never stored or pushed).
Score = bonus conditions met + 0.5 × tags shared with the firm.

This module is the reference evaluator for one firm; `engine` evaluates all firms at once over
column arrays and must agree with it."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any

from qifutong.errors import QifutongError
from qifutong.industry import industry_names, section_of
from qifutong.matching.fields import (
    BOOL,
    CATEGORY,
    DATE,
    FIELDS,
    INDUSTRY,
    NUMERIC,
    SET,
    FieldSpec,
)
from qifutong.matching.vocabulary import UnknownTerm, normalise_tag, qualification_code
from qifutong.matching.wording import Labels, describe, shared_tags_text
from qifutong.web.i18n import N_, term, translate

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
ELIGIBLE, NEAR_MISS, OPEN = "eligible", "near_miss", "open"
STATUS_LABELS = {ELIGIBLE: N_("符合条件"), NEAR_MISS: N_("差一点"), OPEN: N_("面向全部企业")}
TAG_WEIGHT = 0.5


class CriteriaError(QifutongError, ValueError):
    """A condition that does not fit: names its position, field and what was expected."""

    status = 422
    code = "invalid_field"

    def __init__(self, index: int, field_name: str, message: str) -> None:
        super().__init__(f"criteria[{index}].{field_name}: {message}")
        self.index, self.field, self.message = index, field_name, message


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any  # normalised: float, date, bool, str, int, or a tuple of them
    kind: str = "must"
    label: str | None = None  # how an official wrote it ("注册满1年"), shown in lists
    sentence: str | None = None  # the sentence of the policy text it came from

    @property
    def spec(self) -> FieldSpec:
        return FIELDS[self.field]

    def key(self) -> tuple[str, str, Any]:
        """Identity for caching: two conditions with the same key select the same firms."""
        return (self.field, self.op, self.value)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "op": self.op,
            "value": _json_value(self.value),
            "kind": self.kind,
        }
        if self.label:
            out["label"] = self.label
        if self.sentence:
            out["sentence"] = self.sentence
        return out


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


# --- parsing and validation --------------------------------------------------------------

_OP_ALIASES = {
    "ge": "gte",
    ">=": "gte",
    "≥": "gte",
    "le": "lte",
    "<=": "lte",
    "≤": "lte",
    ">": "gt",
    "<": "lt",
    "==": "eq",
    "=": "eq",
    "!=": "ne",
    "neq": "ne",
    "nin": "not_in",
    "any": "has_any",
    "contains": "has",
}


NUMBER_MAX = 1e15  # beyond any amount, count or area a condition names


def _number(index: int, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CriteriaError(
            index,
            "value",
            translate("{name} 应为数字，收到 {value}", name=term(name), value=repr(value)),
        )
    try:
        number = float(value)
    except (ValueError, OverflowError) as exc:
        raise CriteriaError(
            index,
            "value",
            translate("{name} 应为数字，收到 {value}", name=term(name), value=f"{value!r:.40}"),
        ) from exc
    if math.isnan(number) or math.isinf(number) or abs(number) > NUMBER_MAX:
        raise CriteriaError(
            index,
            "value",
            translate(
                "{name} 应为有限的数字，收到 {value}", name=term(name), value=f"{value!r:.40}"
            ),
        )
    return number


def _date(index: int, name: str, value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CriteriaError(
            index,
            "value",
            translate(
                "{name} 应为日期 YYYY-MM-DD，收到 {value}", name=term(name), value=repr(value)
            ),
        ) from exc


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and ("," in value or "，" in value or "、" in value):
        return [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",")]
    return [value]


def _industry_prefix(index: int, value: Any) -> str:
    text = str(value).strip().upper()
    # "I65" and "C13" name a division with its section: the digits are the prefix.
    if len(text) > 1 and text[0].isalpha() and text[1:].isdigit():
        text = text[1:]
    names = industry_names()
    if text[:1].isalpha():
        if len(text) == 1 and text in names:
            return text
    elif text.isdigit() and 2 <= len(text) <= 4 and text[:2] in names:
        return text
    raise CriteriaError(
        index,
        "value",
        translate(
            "行业 {value} 不是 GB/T 4754-2017 的门类字母或代码前缀（如 I、65、651、6513）",
            value=repr(value),
        ),
    )


def _set_item(index: int, field_name: str, value: Any) -> str:
    text = str(value).strip()
    if field_name == "qualifications":
        try:
            return qualification_code(text)
        except UnknownTerm as exc:
            raise CriteriaError(index, "value", str(exc)) from exc
    code = normalise_tag(text)
    if code is None:
        raise CriteriaError(
            index, "value", translate("标签 {value} 不在标签词表中", value=repr(value))
        )
    return code


def _category_item(index: int, spec: FieldSpec, value: Any) -> str | int:
    if spec.name == "building_id":
        if isinstance(value, bool):
            raise CriteriaError(
                index, "value", translate("楼宇应为编号，收到 {value}", value=repr(value))
            )
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise CriteriaError(
                index, "value", translate("楼宇应为编号，收到 {value}", value=repr(value))
            ) from exc
    text = str(value).strip()
    codes = dict(spec.choices)
    if text in codes:
        return text
    by_name = {v: k for k, v in codes.items()}
    if text in by_name:
        return by_name[text]
    raise CriteriaError(
        index,
        "value",
        translate(
            "{name} 应为 {codes} 之一，收到 {value}",
            name=term(spec.label),
            codes=", ".join(codes),
            value=repr(value),
        ),
    )


def parse_condition(raw: Mapping[str, Any], index: int = 0) -> Condition:
    """Validate one condition and normalise its value; CriteriaError says what is wrong."""
    if not isinstance(raw, Mapping):
        raise CriteriaError(index, "*", translate("每个条件应为含 field、op、value、kind 的对象"))
    name = raw.get("field")
    if name not in FIELDS:
        raise CriteriaError(
            index,
            "field",
            translate(
                "未知字段 {name}（可用：{fields}）", name=repr(name), fields=", ".join(FIELDS)
            ),
        )
    spec = FIELDS[str(name)]
    op = str(raw.get("op", "")).strip()
    op = _OP_ALIASES.get(op, op)
    if spec.type == SET and op == "in":
        op = "has_any"
    if spec.type == INDUSTRY and op == "ne":
        op = "not_in"
    if op not in spec.ops:
        raise CriteriaError(
            index,
            "op",
            translate(
                "字段 {name} 不支持运算 {op}（可用：{ops}）",
                name=name,
                op=repr(raw.get("op")),
                ops=", ".join(spec.ops),
            ),
        )
    kind = str(raw.get("kind") or "must")
    if kind not in ("must", "bonus"):
        raise CriteriaError(
            index, "kind", translate("应为 must 或 bonus，收到 {kind}", kind=repr(kind))
        )
    if "value" not in raw or raw["value"] is None or raw["value"] == "":
        raise CriteriaError(index, "value", translate("字段 {name} 的条件缺少取值", name=name))
    value = _parse_value(index, spec, op, raw["value"])
    label = raw.get("label")
    sentence = raw.get("sentence")
    return Condition(
        str(name),
        op,
        value,
        kind,
        str(label) if label else None,
        str(sentence) if sentence else None,
    )


def _parse_value(index: int, spec: FieldSpec, op: str, raw: Any) -> Any:
    if spec.type in (NUMERIC, DATE):
        one = _number if spec.type == NUMERIC else _date
        if op == "between":
            items = _as_list(raw)
            if len(items) != 2:
                raise CriteriaError(index, "value", translate("between 需要两个值 [下限, 上限]"))
            lo, hi = one(index, spec.label, items[0]), one(index, spec.label, items[1])
            if lo > hi:  # type: ignore[operator]
                raise CriteriaError(index, "value", translate("between 的下限不能大于上限"))
            return (lo, hi)
        if isinstance(raw, list | tuple):
            raise CriteriaError(index, "value", translate("{op} 需要一个值，收到列表", op=op))
        return one(index, spec.label, raw)
    if spec.type == BOOL:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "是", "yes"):
            return True
        if text in ("false", "0", "否", "no"):
            return False
        raise CriteriaError(
            index,
            "value",
            translate(
                "{name} 应为 true 或 false，收到 {value}", name=term(spec.label), value=repr(raw)
            ),
        )
    if spec.type == INDUSTRY:
        items = _as_list(raw)
        if op == "eq" and len(items) != 1:
            raise CriteriaError(index, "value", translate("eq 需要一个行业代码；多个请用 in"))
        return tuple(dict.fromkeys(_industry_prefix(index, v) for v in items))
    if spec.type == SET:
        items = [_set_item(index, spec.name, v) for v in _as_list(raw)]
        if not items:
            raise CriteriaError(index, "value", translate("至少需要一个取值"))
        return tuple(dict.fromkeys(items))
    # CATEGORY
    if op in ("in", "not_in"):
        items = [_category_item(index, spec, v) for v in _as_list(raw)]
        if not items:
            raise CriteriaError(index, "value", translate("至少需要一个取值"))
        return tuple(dict.fromkeys(items))
    if isinstance(raw, list | tuple):
        raise CriteriaError(index, "value", translate("{op} 需要一个值，收到列表", op=op))
    return _category_item(index, spec, raw)


def parse_criteria(raw: Any) -> list[Condition]:
    """Validate a list of conditions (as stored on offers or sent to the API)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CriteriaError(0, "*", translate("criteria 应为条件列表"))
    return [parse_condition(item, i) for i, item in enumerate(raw)]


def criteria_json(conditions: Iterable[Condition]) -> list[dict[str, Any]]:
    return [c.to_json() for c in conditions]


def normalise_tags(values: Iterable[str]) -> list[str]:
    """Offer tags as vocabulary codes; unknown ones are dropped."""
    out = [normalise_tag(v) for v in values]
    return list(dict.fromkeys(c for c in out if c))


# --- evaluating one firm -----------------------------------------------------------------


def industry_match(code: str | None, prefixes: Sequence[str]) -> bool:
    if not code:
        return False
    section = section_of(code)
    return any((p == section) if p.isalpha() else code.startswith(p) for p in prefixes)


# The one evaluator. condition_status reads one firm's value; matching.columns.FirmColumns
# applies the same rules to all firms at once: compare() on its number arrays, set_test() on its
# bitsets, and condition_status itself on each distinct category or industry code.

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def compare(op: str, v: Any, target: Any) -> Any:
    """`v op target` for one value or a numpy array alike (between: both bounds inclusive)."""
    if op == "between":
        lo, hi = target
        return (v >= lo) & (v <= hi)
    return COMPARISONS[op](v, target)


def set_test(op: str, parts: Sequence[Any], everyone: Any, nobody: Any) -> Any:
    """has: every wanted code; has_any: one of them; not_in: none. `parts` holds, per wanted
    code, whether the firm has it: bools for one firm, bitsets (within `everyone`) for all."""
    if op == "has":
        return reduce(operator.and_, parts, everyone)
    anyone = reduce(operator.or_, parts, nobody)
    return anyone if op == "has_any" else everyone ^ anyone


def condition_status(cond: Condition, value: Any) -> str:
    """met / unmet / unknown for one firm's value of the condition's field."""
    t = cond.spec.type
    if t == SET:
        have = set(value or ())
        ok = set_test(cond.op, [v in have for v in cond.value], True, False)
        return MET if ok else UNMET
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNKNOWN
    op, target = cond.op, cond.value
    if t == INDUSTRY:
        hit = industry_match(str(value), target)
        ok = hit if op in ("eq", "in") else not hit
    elif t == CATEGORY:
        if op in ("in", "not_in"):
            ok = (value in target) == (op == "in")
        else:
            ok = compare(op, value, target)
    elif t == BOOL:
        ok = compare(op, bool(value), target)
    else:
        ok = compare(op, float(value) if t == NUMERIC else value, target)
    return MET if ok else UNMET


@dataclass
class Evaluation:
    status: str | None  # eligible / near_miss / open / None (not shown)
    score: float
    reasons: list[str]
    missing: list[str]
    statuses: list[str]  # per condition, in order


def evaluate_offer(
    conditions: Sequence[Condition],
    offer_tags: Sequence[str],
    firm: Mapping[str, Any],
    labels: Labels | None = None,
) -> Evaluation:
    """One firm against one offer: status, score, reasons (met) and missing (unmet/unknown)."""
    labels = labels or Labels()
    statuses = [condition_status(c, firm.get(c.field)) for c in conditions]
    musts = [i for i, c in enumerate(conditions) if c.kind == "must"]
    firm_tags = set(firm.get("tags") or ())
    shared = [t for t in offer_tags if t in firm_tags]
    bonus_met = sum(1 for i, c in enumerate(conditions) if c.kind == "bonus" and statuses[i] == MET)
    score = bonus_met + TAG_WEIGHT * len(shared)
    not_met = sum(1 for i in musts if statuses[i] != MET)
    status: str | None
    if not musts:
        status = (ELIGIBLE if shared else None) if offer_tags else OPEN
    elif not_met == 0:
        status = ELIGIBLE
    elif not_met <= 2 and not_met < len(musts):
        status = NEAR_MISS
    else:
        status = None
    reasons = [
        describe(c, firm.get(c.field), labels)
        for i, c in enumerate(conditions)
        if statuses[i] == MET
    ]
    if shared:
        reasons.append(shared_tags_text(shared))
    missing = [
        describe(conditions[i], firm.get(conditions[i].field), labels)
        for i in musts
        if statuses[i] != MET
    ]
    return Evaluation(status, score, reasons, missing, statuses)


def firm_record(values: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Canonical field values of one firm from its stored columns (see engine.FRAME_COLUMNS)."""
    out = dict(values)
    founded = values.get("founded_on")
    out["years_since_founding"] = (
        None if founded is None else (today.toordinal() - founded.toordinal()) / 365.25
    )
    out["qualifications"] = list(values.get("qualifications") or [])
    out["tags"] = list(values.get("tags") or [])
    return out
