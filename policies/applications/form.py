"""The application form: prefilled from the firm's record, judged on its verified data, and
asking for what the record lacks (企业自报) and for the offer's own questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policies.applications.models import MATERIAL_KINDS, FirmMaterial
from policies.applications.questions import AnswerError, Question, parse_questions
from policies.models import FundingProduct, Policy
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.reports import VERIFIED_FIELDS
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.matching.criteria import (
    UNKNOWN,
    UNMET,
    Condition,
    CriteriaError,
    Evaluation,
    evaluate_offer,
    firm_record,
    normalise_tags,
    parse_criteria,
)
from qifutong.matching.fields import BOOL, CATEGORY, DATE, FIELDS, INDUSTRY, NUMERIC
from qifutong.matching.services import firm_values, labels
from qifutong.matching.vocabulary import UnknownTerm, industry_code_of
from qifutong.matching.wording import describe, value_text
from qifutong.web.i18n import N_, join, translate

OFFER_KINDS = {"policy": N_("政策"), "funding": N_("资金产品")}
WAN = 1e4  # money the firm types is in 万元; the record keeps yuan


class NotOfferable(QifutongError, LookupError):
    """No such policy or funding product open to applications."""

    status = 404
    code = "not_found"


@dataclass
class Prepared:
    """What the firm sees before it applies, and what decides whether it may."""

    kind: str
    record: Policy | FundingProduct
    conditions: list[Condition]
    evaluation: Evaluation  # on the verified record and the answers given so far
    form: dict[str, Any]  # the prefilled fields, kept with the application
    asks: list[Condition]  # `must` conditions the record has no data for: the form asks
    failed: list[str]  # `must` conditions failed on known data: the firm may not apply
    questions: list[Question] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.record.title


def offer_record(kind: str, offer_id: int) -> Policy | FundingProduct:
    """The published policy or active funding product firms may apply for."""
    record: Policy | FundingProduct | None
    if kind == "policy":
        record = db.session.get(Policy, offer_id)
        if record is None or record.status != "published":
            raise NotOfferable(f"policy {offer_id} not found")
    elif kind == "funding":
        record = db.session.get(FundingProduct, offer_id)
        if record is None or not record.active:
            raise NotOfferable(f"funding product {offer_id} not found")
    else:
        raise NotOfferable(f"offer_kind: expected policy or funding, got {kind!r}")
    return record


def questions_of(record: Policy | FundingProduct) -> list[Question]:
    try:
        return parse_questions(record.questions or [], MATERIAL_KINDS)
    except AnswerError:  # stored before the rules: the form asks nothing of its own
        return []


def _conditions(record: Policy | FundingProduct) -> list[Condition]:
    try:
        return parse_criteria(record.criteria or [])
    except CriteriaError:
        return []


def askable(cond: Condition) -> bool:
    """Whether the form can ask the firm for this field (a building it cannot name)."""
    spec = cond.spec
    return spec.type in (NUMERIC, DATE, BOOL, INDUSTRY) or (
        spec.type == CATEGORY and bool(spec.choices)
    )


def profile_answer(cond: Condition, raw: Any) -> Any:
    """A firm's answer for a field its record lacks, in the record's form (yuan, codes)."""
    spec, where = cond.spec, cond.field
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise AnswerError(where, translate("请填写“{field}”", field=translate(spec.label)))
    text = str(raw).strip()
    try:
        if spec.type == NUMERIC:
            number = float(text.replace(",", ""))
            if not 0 <= number <= 1e13:
                raise ValueError(text)
            value = number * WAN if spec.unit == "元" else number
            return int(value) if value.is_integer() else value
        if spec.type == DATE:
            return date.fromisoformat(text)
        if spec.type == BOOL:
            if text in ("是", "true", "True", "1"):
                return True
            if text in ("否", "false", "False", "0"):
                return False
            raise ValueError(text)
        if spec.type == INDUSTRY:
            return industry_code_of(text)
        choices = dict(spec.choices)
        if text in choices:
            return text
        by_label = {label: code for code, label in spec.choices}
        if text in by_label:
            return by_label[text]
    except (ValueError, UnknownTerm) as exc:
        raise AnswerError(
            where,
            translate("“{field}”{expected}", field=translate(spec.label), expected=_expected(cond)),
        ) from exc
    raise AnswerError(
        where,
        translate("“{field}”{expected}", field=translate(spec.label), expected=_expected(cond)),
    )


def _expected(cond: Condition) -> str:
    spec = cond.spec
    if spec.type == NUMERIC:
        if spec.unit == "元":
            return translate("应为万元数")
        return translate("应为数字（{unit}）", unit=translate(spec.unit or "数值"))
    if spec.type == DATE:
        return translate("应为日期，如 2020-03-01")
    if spec.type == BOOL:
        return translate("请选择“是”或“否”")
    if spec.type == INDUSTRY:
        return translate("应为国民经济行业分类中的行业")
    return translate(
        "请从 {choices} 中选择", choices=join([translate(label) for _, label in spec.choices])
    )


def prefilled(
    ent: Enterprise, conditions: list[Condition], ev: Evaluation, values: dict[str, Any]
) -> dict[str, Any]:
    """The form's fixed part: who the firm is and the figures the criteria read (verified)."""
    names = labels()
    seen: set[str] = set()
    figures = []
    for cond in conditions:
        if cond.field in seen or cond.field == "tags":
            continue
        seen.add(cond.field)
        line = describe(cond, values.get(cond.field), names)
        figures.append({"field": cond.field, "label": cond.spec.label, "text": line})
    return {
        "name": ent.name,
        "uscc": ent.uscc,
        "legal_rep": ent.legal_rep,
        "address": ent.registered_address,
        "contact_name": ent.contact_name,
        "contact_phone": ent.contact_phone,
        "email": ent.email,
        "figures": figures,
        "reasons": list(ev.reasons),
    }


def prepare(
    ent: Enterprise, kind: str, offer_id: int, today: date, answers: dict[str, Any] | None = None
) -> Prepared:
    """The firm's form for this offer: its record's values, what is missing, and whether a
    `must` fails on known data. Answers to missing fields count (clean ones; a bad one is
    left to `read_profile_answers` to name)."""
    record = offer_record(kind, offer_id)
    conditions = _conditions(record)
    verified = firm_values(ent, today, self_reported=False)
    names = labels()
    tags = normalise_tags(record.tags or [])
    first = evaluate_offer(conditions, tags, verified, names)
    asks = [
        c
        for c, st in zip(conditions, first.statuses, strict=True)
        if c.kind == "must" and st == UNKNOWN and askable(c)
    ]
    given = {}
    for cond in asks:
        try:
            given[cond.field] = profile_answer(cond, (answers or {}).get(cond.field))
        except AnswerError:
            continue
    values = firm_record({**verified, **given}, today) if given else verified
    ev = evaluate_offer(conditions, tags, values, names) if given else first
    musts = [(c, st) for c, st in zip(conditions, ev.statuses, strict=True) if c.kind == "must"]
    failed = [describe(c, values.get(c.field), names) for c, st in musts if st == UNMET]
    form = prefilled(ent, conditions, ev, verified)
    # Data the form cannot ask for (a building): the street checks it when it reviews.
    form["to_verify"] = [
        describe(c, None, names) for c, st in musts if st == UNKNOWN and not askable(c)
    ]
    return Prepared(kind, record, conditions, ev, form, asks, failed, questions_of(record))


def read_profile_answers(prepared: Prepared, answers: dict[str, Any]) -> dict[str, Any]:
    """The firm's answers for the fields its record lacks, clean (AnswerError names the first
    bad one)."""
    return {c.field: profile_answer(c, answers.get(c.field)) for c in prepared.asks}


def reportable(field_name: str) -> bool:
    """Whether an answer for this field becomes a 企业自报 value of the firm's profile."""
    return field_name in VERIFIED_FIELDS


def answer_lines(
    record: Policy | FundingProduct | None, answers: dict[str, Any]
) -> list[tuple[str, str]]:
    """The firm's answers as a person reads them: (what was asked, the answer)."""
    questions = {q.key: q for q in questions_of(record)} if record is not None else {}
    names = labels()
    out = []
    for key, value in answers.items():
        if key in questions:
            q = questions[key]
            text = "—" if value is None else str(value)
            if q.kind == "file" and value is not None:
                material = db.session.get(FirmMaterial, int(value))
                text = material.title if material is not None else "—"
            out.append((q.label, text))
        elif key in FIELDS:
            spec = FIELDS[key]
            shown = value_text(Condition(key, "eq", value), _typed(spec.type, value), names)
            out.append((spec.label, f"{shown}（企业自报）"))
    return out


def _typed(kind: str, value: Any) -> Any:
    if kind == DATE and isinstance(value, str):
        return date.fromisoformat(value)
    return value
