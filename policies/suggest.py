"""Suggested tags and criteria from a policy's text, each tied to the sentence it came from.

Tags: jieba words of each sentence against the vocabulary's keywords (and GB/T 4754 names).
Criteria: rules for the clauses policies use again and again (高新技术企业, 注册满1年,
研发费用占营业收入比例不低于3%, 从业人数不超过300人, 营业收入2000万元以上, 注册在本区 …).
An official confirms or edits each one; nothing is applied on its own (pure functions)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from qifutong.industry import industry_names
from qifutong.matching.criteria import CriteriaError, parse_condition
from qifutong.matching.vocabulary import vocabulary
from qifutong.matching.wording import Labels, condition_text
from qifutong.web.i18n import N_

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_NUM = r"(\d+(?:\.\d+)?)"
_MORE = r"(?:不低于|不少于|达到|超过|高于|≥|大于|在)"
_LESS = r"(?:不超过|不高于|不多于|少于|低于|≤|小于|以下|以内|在)"
_HERE = r"(?:西湖区|古荡街道|古荡|本街道|本区|辖区|街道)"


@dataclass
class Suggestion:
    """A suggested condition or tag and the sentence that suggests it."""

    sentence: str
    condition: dict[str, Any] | None = None
    tag: str | None = None
    text: str = ""  # how it reads ("企业资质 要求具备 高新技术企业")
    matched: str = ""  # the words that triggered it
    extra: dict[str, Any] = field(default_factory=dict)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def _money(number: str, unit: str) -> float:
    return float(number) * (1e8 if unit == "亿" else 1e4)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, Any] | None]]


def _qual(code: str) -> Callable[[re.Match[str]], dict[str, Any]]:
    return lambda m: {"field": "qualifications", "op": "has", "value": [code]}


RULES: list[Rule] = [
    (re.compile(r"高新技术企业|高企"), _qual("hightech")),
    (re.compile(r"科技型中小企业"), _qual("tech_sme")),
    (re.compile(r"专精特新(?!“?小巨人)(?:中小企业)?"), _qual("specialised")),
    (re.compile(r"小巨人"), _qual("little_giant")),
    (re.compile(N_(r"拟上市")), _qual("pre_ipo")),
    (re.compile(r"(?<!拟)上市(?:企业|公司)"), _qual("listed")),
    (re.compile(r"新?雏鹰"), _qual("new_eagle")),
    (
        re.compile(
            r"(?:注册|成立)(?:时间)?(?:满|已满|不少于|不低于|超过|≥)\s*" + _NUM + r"\s*(?:个)?年"
        ),
        lambda m: {"field": "years_since_founding", "op": "gte", "value": float(m.group(1))},
    ),
    (
        re.compile(r"(?:注册|成立)(?:时间)?(?:不满|未满|不足|不超过|少于|≤)\s*" + _NUM + r"\s*年"),
        lambda m: {"field": "years_since_founding", "op": "lte", "value": float(m.group(1))},
    ),
    (
        re.compile(r"(?:注册|成立)" + _NUM + r"年(?:以内|内)"),
        lambda m: {"field": "years_since_founding", "op": "lte", "value": float(m.group(1))},
    ),
    (
        re.compile(
            r"研发(?:费用|投入)(?:总额)?占(?:同期)?(?:营业|销售)?收入(?:总额)?(?:的)?比(?:例|重)?"
            + _MORE
            + r"?\s*"
            + _NUM
            + r"\s*%"
        ),
        lambda m: {"field": "rd_ratio", "op": "gte", "value": float(m.group(1))},
    ),
    (
        re.compile(
            r"(?:从业人数|从业人员|职工(?:总数|人数)?|员工(?:人数|总数)?|参保(?:人数)?)"
            r"(?:不超过|不多于|少于|≤|小于|在)\s*" + _NUM + r"\s*人"
        ),
        lambda m: {"field": "headcount", "op": "lte", "value": float(m.group(1))},
    ),
    (
        re.compile(
            r"(?:从业人数|从业人员|职工(?:总数|人数)?|员工(?:人数|总数)?|参保(?:人数)?)"
            r"(?:不少于|不低于|达到|超过|≥|大于)\s*" + _NUM + r"\s*人"
        ),
        lambda m: {"field": "headcount", "op": "gte", "value": float(m.group(1))},
    ),
    (
        re.compile(
            r"(?:营业收入|营收|销售收入|年销售额|主营业务收入)"
            + _MORE
            + r"\s*"
            + _NUM
            + r"\s*(亿|万)元"
        ),
        lambda m: {"field": "revenue", "op": "gte", "value": _money(m.group(1), m.group(2))},
    ),
    (
        re.compile(
            r"(?:营业收入|营收|销售收入|年销售额)"
            + _LESS
            + r"\s*"
            + _NUM
            + r"\s*(亿|万)元(?:以下|以内)?"
        ),
        lambda m: {"field": "revenue", "op": "lte", "value": _money(m.group(1), m.group(2))},
    ),
    (
        re.compile(
            r"(?:营业收入|营收|销售收入|年销售额|主营业务收入)\s*"
            + _NUM
            + r"\s*(亿|万)元(?:及)?以上"
        ),
        lambda m: {"field": "revenue", "op": "gte", "value": _money(m.group(1), m.group(2))},
    ),
    (
        re.compile(r"(?:营业收入|营收|销售收入|年销售额)\s*" + _NUM + r"\s*(亿|万)元(?:及)?以下"),
        lambda m: {"field": "revenue", "op": "lte", "value": _money(m.group(1), m.group(2))},
    ),
    (
        re.compile(r"(?:纳税|税收)(?:总额|贡献)?" + _MORE + r"\s*" + _NUM + r"\s*(亿|万)元"),
        lambda m: {"field": "tax", "op": "gte", "value": _money(m.group(1), m.group(2))},
    ),
    (
        re.compile(r"注册资本" + _MORE + r"?\s*" + _NUM + r"\s*(亿|万)元"),
        lambda m: {
            "field": "registered_capital",
            "op": "gte",
            "value": _money(m.group(1), m.group(2)),
        },
    ),
    (
        re.compile(r"小型微利企业|小微企业"),
        lambda m: {"field": "size_class", "op": "in", "value": ["small", "micro"]},
    ),
    (
        re.compile(r"(?<!科技型)(?<!特新)中小(?:微)?企业"),
        lambda m: {"field": "size_class", "op": "in", "value": ["medium", "small", "micro"]},
    ),
    (
        re.compile(r"(?:注册地?|登记)(?:在|于|位于)" + _HERE),
        lambda m: {"field": "registered_here", "op": "eq", "value": True},
    ),
    (
        re.compile(r"(?:在地纳税|(?:纳税|税收)(?:关系)?(?:在|于)" + _HERE + ")"),
        lambda m: {"field": "tax_here", "op": "eq", "value": True},
    ),
    (
        re.compile(r"(?:在|于)" + _HERE + r"(?:内)?(?:实际)?(?:生产)?经营"),
        lambda m: {"field": "operates_here", "op": "eq", "value": True},
    ),
]
# Industry names as policies write them, beyond the GB/T 4754 names themselves.
INDUSTRY_WORDS = {"制造业企业": "C", "软件企业": "65", "物流企业": "G", "文创企业": "R"}
_CONDITION_CONTEXT = re.compile(r"属于|从事|行业|领域|企业")
_NEGATION = re.compile(r"负面清单|不得|不属于|除外|不含|不包括|不适用|不予")


@cache
def _industry_terms() -> list[tuple[str, str]]:
    """(name, code) of GB/T sections and divisions, longest first (so 汽车制造业 beats 制造业)."""
    terms = [(n, c) for c, n in industry_names().items() if len(n) >= 3]
    # Policies often drop the final 业 ("批发和零售", "房地产").
    terms += [(n[:-1], c) for n, c in list(terms) if n.endswith("业") and len(n) >= 4]
    terms += [(w, c) for w, c in INDUSTRY_WORDS.items()]
    return sorted(terms, key=lambda t: -len(t[0]))


@cache
def _keywords() -> dict[str, list[str]]:
    """Keyword → the non-industry tags it suggests."""
    out: dict[str, list[str]] = {}
    for term in vocabulary():
        if term.kind == "industry":
            continue
        for word in term.keywords:
            out.setdefault(word, []).append(term.code)
    return out


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in _keywords():
        jieba.add_word(word)
    for name, _code in _industry_terms():
        jieba.add_word(name)
    return jieba


def _criteria(sentence: str, labels: Labels) -> Iterator[Suggestion]:
    for pattern, build in RULES:
        for m in pattern.finditer(sentence):
            raw = build(m)
            if raw is None:
                continue
            try:
                cond = parse_condition({**raw, "kind": "must"})
            except CriteriaError:
                continue
            yield Suggestion(
                sentence,
                condition=cond.to_json(),
                text=condition_text(cond, labels),
                matched=m.group(0),
            )
            break
    codes: list[str] = []
    words: list[str] = []
    taken = ""
    for name, code in _industry_terms():
        if name in sentence and name not in taken:
            taken += name
            codes.append(code)
            words.append(name)
    if codes and _CONDITION_CONTEXT.search(sentence):
        op = "not_in" if _NEGATION.search(sentence) else "in"
        cond = parse_condition({"field": "industry_code", "op": op, "value": codes})
        yield Suggestion(
            sentence,
            condition=cond.to_json(),
            text=condition_text(cond, labels),
            matched="、".join(words),
        )


def _tags(sentence: str) -> Iterator[Suggestion]:
    words = set(_jieba().lcut(sentence))
    for word, codes in _keywords().items():
        if word in words:
            for code in codes:
                yield Suggestion(sentence, tag=code, matched=word)
    for name, code in _industry_terms():
        if name in words and code in industry_names():
            yield Suggestion(sentence, tag=f"ind:{code}", matched=name)


def suggest(text: str, labels: Labels | None = None) -> list[Suggestion]:
    """Criteria first, then tags; each condition or tag once, with the first sentence naming it."""
    labels = labels or Labels()
    seen: set[Any] = set()
    criteria: list[Suggestion] = []
    tags: list[Suggestion] = []
    for sentence in sentences(text):
        for s in _criteria(sentence, labels):
            assert s.condition is not None
            key = (s.condition["field"], s.condition["op"], str(s.condition["value"]))
            if key not in seen:
                seen.add(key)
                criteria.append(s)
        for s in _tags(sentence):
            if s.tag not in seen:
                seen.add(s.tag)
                tags.append(s)
    return criteria + tags


def explain(condition: dict[str, Any], labels: Labels | None = None) -> str:
    """How a stored condition reads ("员工人数 要求 ≤ 300 人")."""
    return condition_text(parse_condition(condition), labels)
