"""An offer's own application questions (text, number, date, choice, file) and the firm's
answers to them: declared as data on the policy or funding product, checked here (pure)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from qifutong.errors import QifutongError
from qifutong.web.i18n import translate

KINDS = {"text": "文字", "number": "数字", "date": "日期", "choice": "单选", "file": "材料"}
KEY = re.compile(r"^q[0-9a-z_]{1,30}$")
MAX_QUESTIONS = 30
MAX_TEXT = 2000


class AnswerError(QifutongError, ValueError):
    """An answer or a question that does not fit: names the field and says what was expected."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Question:
    key: str  # "q1" …: never a firm field's name, so answers of both kinds share one mapping
    label: str
    kind: str  # a key of KINDS
    required: bool = True
    choices: tuple[str, ...] = ()
    material_kind: str | None = None  # for a file: which kind of material it asks for

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "type": self.kind,
            "required": self.required,
        }
        if self.choices:
            out["choices"] = list(self.choices)
        if self.material_kind:
            out["material_kind"] = self.material_kind
        return out


def parse_questions(raw: Any, material_kinds: Mapping[str, str]) -> list[Question]:
    """Questions from stored or sent JSON; keys default to q1, q2 … by position."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise AnswerError("questions", translate("应为问题的列表"))
    if len(raw) > MAX_QUESTIONS:
        raise AnswerError("questions", translate("最多 {n} 个问题", n=MAX_QUESTIONS))
    out: list[Question] = []
    for i, item in enumerate(raw):
        where = f"questions[{i}]"
        if not isinstance(item, Mapping):
            raise AnswerError(where, translate("应为含 label 与 type 的对象"))
        raw_label = item.get("label")
        label = raw_label.strip() if isinstance(raw_label, str) else ""
        if not label or len(label) > 200:
            raise AnswerError(f"{where}.label", translate("请填写问题（最多 200 个字）"))
        kind = str(item.get("type") or "text")
        if kind not in KINDS:
            raise AnswerError(
                f"{where}.type", translate("应为 {kinds} 之一", kinds="、".join(KINDS))
            )
        key = str(item.get("key") or f"q{i + 1}")
        if not KEY.match(key) or key in {q.key for q in out}:
            raise AnswerError(
                f"{where}.key", translate("应为 q 开头的小写字母、数字（不重复），如 q1")
            )
        raw_choices = item.get("choices") or []
        if not isinstance(raw_choices, list) or len(raw_choices) > 50:
            raise AnswerError(f"{where}.choices", translate("应为选项的列表（最多 50 项）"))
        choices = tuple(str(c).strip()[:100] for c in raw_choices if str(c).strip())
        if kind == "choice" and not choices:
            raise AnswerError(f"{where}.choices", translate("单选题请给出选项"))
        material = item.get("material_kind") or None
        if material is not None and (
            not isinstance(material, str) or material not in material_kinds
        ):
            raise AnswerError(
                f"{where}.material_kind",
                translate("应为 {kinds} 之一", kinds="、".join(material_kinds)),
            )
        required = item.get("required", True)
        if not isinstance(required, bool):
            raise AnswerError(f"{where}.required", translate("应为 true 或 false"))
        out.append(Question(key, label, kind, required, choices, material))
    return out


def read_answer(q: Question, raw: Any, field: str) -> Any:
    """The firm's answer to one question, clean; None when left blank (AnswerError if a
    required one is). A file's answer is the id of a material of the firm's library."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if q.required:
            raise AnswerError(field, translate("请回答“{question}”", question=q.label))
        return None
    if q.kind == "text":
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise AnswerError(field, translate("最多 {n} 个字", n=MAX_TEXT))
        return text
    if q.kind == "number":
        try:
            number = float(str(raw).replace(",", "").strip())
        except ValueError as exc:
            raise AnswerError(field, translate("“{question}”应为数字", question=q.label)) from exc
        if isinstance(raw, bool) or math.isnan(number) or math.isinf(number) or abs(number) > 1e13:
            raise AnswerError(field, translate("“{question}”应为数字", question=q.label))
        return int(number) if number == int(number) else number
    if q.kind == "date":
        try:
            return date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError as exc:
            raise AnswerError(
                field, translate("“{question}”应为日期，如 2027-03-01", question=q.label)
            ) from exc
    if q.kind == "choice":
        if str(raw) not in q.choices:
            raise AnswerError(
                field,
                translate(
                    "“{question}”请从 {choices} 中选择",
                    question=q.label,
                    choices="、".join(q.choices),
                ),
            )
        return str(raw)
    if isinstance(raw, bool) or not str(raw).strip().isdigit():
        raise AnswerError(
            field, translate("“{question}”请从材料库中选择一份材料", question=q.label)
        )
    return int(str(raw).strip())
