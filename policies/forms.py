"""The street's policy form: fields and the criteria editor, read from a posted form (pure)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from policies.applications.models import MATERIAL_KINDS
from policies.applications.questions import KINDS as QUESTION_KINDS
from policies.schemas import PolicyError
from qifutong.matching.criteria import CriteriaError, parse_condition
from qifutong.matching.fields import BOOL, CATEGORY, FIELDS, NUMERIC, SET
from qifutong.matching.vocabulary import tag_name
from qifutong.web.i18n import translate

BASIC = (
    "title",
    "code",
    "issuer_level",
    "issuer_department",
    "doc_number",
    "category",
    "payout_mode",
    "amount_text",
    "summary",
    "full_text",
    "source_url",
    "valid_from",
    "valid_to",
    "opens_on",
    "closes_on",
    "batch",
)
_AMOUNT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(亿|万)?(?:元)?\s*$")


def parse_amount(text: str) -> float | None:
    """ "500万" → 5,000,000; "1.5亿元" → 150,000,000; "" → None."""
    text = (text or "").replace(",", "").replace("，", "").strip()
    if not text:
        return None
    m = _AMOUNT.match(text)
    if not m:
        raise ValueError(text)
    factor = {"亿": 1e8, "万": 1e4}.get(m.group(2) or "", 1.0)
    return float(m.group(1)) * factor


def _items(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,，、;；\s]+", text or "") if t.strip()]


def form_value(field: str, op: str, text: str) -> Any:
    """A condition's value as typed in the editor, in the form parse_condition expects."""
    spec = FIELDS.get(field)
    if spec is None:
        return text
    if spec.type == NUMERIC:
        if op == "between":
            parts = _items(text.replace("至", ",").replace("~", ",").replace("-", ","))
            return [parse_amount(p) for p in parts]
        return parse_amount(text)
    if spec.type == BOOL:
        return text.strip()
    if op in ("in", "not_in", "has", "has_any", "between"):
        return _items(text)
    return text.strip()


def editor_value(condition: Mapping[str, Any]) -> str:
    """A stored condition's value as the editor shows it: names for codes, plain numbers."""
    spec = FIELDS.get(str(condition.get("field")))
    value = condition.get("value")
    if spec is None or spec.type not in (SET, CATEGORY) or spec.name == "building_id":
        return value_text(value)
    items = value if isinstance(value, list) else [value]
    if spec.name == "qualifications":
        names = [tag_name(f"qual:{v}") for v in items]
    elif spec.name == "tags":
        names = [tag_name(str(v)) for v in items]
    else:
        names = [dict(spec.choices).get(str(v), str(v)) for v in items]
    return ", ".join(names)


def value_text(value: Any) -> str:
    """A stored value as the editor shows it."""
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def read_criteria(form: Mapping[str, str], rows: int) -> list[dict[str, Any]]:
    """Rows c-0 … c-(rows-1) of the criteria editor; blank rows are skipped, deleted ones too."""
    out = []
    for i in range(rows):
        field = (form.get(f"c-{i}-field") or "").strip()
        raw = (form.get(f"c-{i}-value") or "").strip()
        if not field or form.get(f"c-{i}-delete"):
            continue
        op = (form.get(f"c-{i}-op") or "").strip()
        kind = form.get(f"c-{i}-kind") or "must"
        try:
            value = form_value(field, op, raw)
        except ValueError as exc:
            raise PolicyError(
                translate("条件第 {n} 行", n=i + 1),
                translate("取值 {value} 不是数字（可写 500万、1.5亿）", value=repr(raw)),
            ) from exc
        item: dict[str, Any] = {"field": field, "op": op, "value": value, "kind": kind}
        sentence = form.get(f"c-{i}-sentence")
        if sentence:
            item["sentence"] = sentence
        try:
            out.append(parse_condition(item, i).to_json())
        except CriteriaError as exc:
            raise PolicyError(translate("条件第 {n} 行", n=i + 1), exc.message) from exc
    return out


def adopted_suggestions(
    form: Mapping[str, str], count: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """The suggested conditions and tags an official ticked (s-i and s-i-json)."""
    conditions: list[dict[str, Any]] = []
    tags: list[str] = []
    for i in range(count):
        if not form.get(f"s-{i}"):
            continue
        try:
            payload = json.loads(form.get(f"s-{i}-json") or "{}")
        except (ValueError, RecursionError):
            payload = None
        if not isinstance(payload, dict):
            raise PolicyError(
                translate("建议第 {n} 条", n=i + 1), translate("内容无法读取，请刷新页面后重试")
            )
        if payload.get("condition"):
            conditions.append({**payload["condition"], "sentence": payload.get("sentence")})
        elif payload.get("tag"):
            tags.append(payload["tag"])
    return conditions, tags


# The application form's own questions, one a line as an official writes them:
# "项目名称", "新增就业人数 | 数字", "项目类型 | 单选 | 新建、扩建", "审计报告 | 材料 | 财务报表";
# a question that ends in （选填） may be left blank.
_KIND_WORDS = {label: kind for kind, label in QUESTION_KINDS.items()}
OPTIONAL = "（选填）"


def questions_text(questions: list[dict[str, Any]]) -> str:
    """Stored questions as the editor's lines."""
    lines = []
    for q in questions or []:
        parts = [str(q.get("label", "")) + ("" if q.get("required", True) else OPTIONAL)]
        kind = q.get("type", "text")
        extra = "、".join(q.get("choices") or []) if kind == "choice" else ""
        if kind == "file" and q.get("material_kind"):
            extra = MATERIAL_KINDS.get(q["material_kind"], "")
        if kind != "text" or extra:
            parts.append(QUESTION_KINDS.get(kind, kind))
        if extra:
            parts.append(extra)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def read_questions(text: str) -> list[dict[str, Any]]:
    """The editor's lines as questions (checked by schemas.load); PolicyError names the line."""
    materials = {label: kind for kind, label in MATERIAL_KINDS.items()}
    out: list[dict[str, Any]] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        if not parts[0]:
            continue
        label, required = parts[0], not parts[0].endswith(OPTIONAL)
        word = parts[1] if len(parts) > 1 and parts[1] else "文字"
        kind = _KIND_WORDS.get(word)
        if kind is None:
            raise PolicyError(
                "questions",
                translate("第 {n} 行：类型应为 {kinds} 之一", n=n, kinds="、".join(_KIND_WORDS)),
            )
        q: dict[str, Any] = {"label": label.removesuffix(OPTIONAL).strip(), "type": kind,
                             "required": required}  # fmt: skip
        extra = parts[2] if len(parts) > 2 else ""
        if kind == "choice":
            q["choices"] = _items(extra)
        if kind == "file" and extra:
            if extra not in materials:
                raise PolicyError(
                    "questions",
                    translate(
                        "第 {n} 行：材料应为 {kinds} 之一",
                        n=n,
                        kinds="、".join(materials),
                    ),
                )
            q["material_kind"] = materials[extra]
        out.append(q)
    return out
