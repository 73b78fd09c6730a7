"""Policies in and out of the API and forms: validation with messages naming the field."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from policies.applications.models import MATERIAL_KINDS
from policies.applications.questions import MAX_QUESTIONS, AnswerError, parse_questions
from policies.models import ISSUER_LEVELS, PAYOUT_MODES, Policy
from qifutong.errors import QifutongError
from qifutong.inputs import Day, Input, InvalidInput, Money, Opt, chars, given, parse, unless_sent
from qifutong.matching.criteria import CriteriaError, criteria_json, parse_criteria
from qifutong.matching.vocabulary import normalise_tag
from qifutong.web.i18n import translate

IssuerLevel = Literal["national", "province", "city", "district", "street"]
PayoutMode = Literal["auto", "fast", "apply"]
assert set(get_args(PayoutMode)) == set(PAYOUT_MODES)
assert set(get_args(IssuerLevel)) == set(ISSUER_LEVELS)


class PolicyChanges(Input):
    """A policy's writable fields; in a change each is optional (null clears it, but not the
    title, the issuer level or the payout mode)."""

    code: Opt[Annotated[str, chars(20)]] = None
    title: Annotated[str, chars(200, 1)] = unless_sent()
    issuer_level: IssuerLevel = "district"
    issuer_department: Opt[Annotated[str, chars(200)]] = None
    doc_number: Opt[Annotated[str, chars(200)]] = None
    category: Opt[Annotated[str, chars(60)]] = None
    summary: Opt[Annotated[str, chars(20_000)]] = None
    full_text: Opt[Annotated[str, chars(200_000)]] = None
    source_url: Opt[Annotated[str, chars(500)]] = None
    valid_from: Opt[Day] = None
    valid_to: Opt[Day] = None
    opens_on: Opt[Day] = None  # the current batch's application window
    closes_on: Opt[Day] = None
    batch: Opt[Annotated[str, chars(40)]] = None  # 第N批
    payout_mode: PayoutMode = "apply"
    max_amount: Opt[Money] = None
    amount_text: Opt[Annotated[str, chars(20_000)]] = None
    criteria: Opt[Annotated[list[dict[str, Any]], Field(max_length=100)]] = None
    tags: Opt[Annotated[list[Annotated[str, chars(60, 1)]], Field(max_length=50)]] = None
    # The application form's own questions: {label, type: text|number|date|choice|file,
    # choices, required, material_kind}.
    questions: Opt[Annotated[list[dict[str, Any]], Field(max_length=MAX_QUESTIONS)]] = None


class NewPolicy(PolicyChanges):
    """A new policy (a draft): its title is required."""

    title: Annotated[str, chars(200, 1)]


WRITABLE = tuple(PolicyChanges.model_fields)
_NULLABLE = (
    "code", "doc_number", "source_url", "valid_from", "valid_to", "max_amount", "opens_on",
    "closes_on", "batch",
)  # fmt: skip


class PolicyError(QifutongError, ValueError):
    """A field that does not fit; says which and what was expected."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class NotPublishable(PolicyError):
    """A policy that cannot be published as it stands: the request conflicts with its state."""

    status = 409
    code = "conflict"


def load(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate policy input; unknown fields are refused by name."""
    try:
        model = parse(PolicyChanges if partial else NewPolicy, data)
    except InvalidInput as exc:
        raise PolicyError(exc.field, exc.message) from exc
    return clean(model)


def clean(model: PolicyChanges) -> dict[str, Any]:
    """The fields sent, typed; text cleared to "" where the column holds no null; criteria
    and tags checked against the vocabulary."""
    out = given(model)
    for name, value in out.items():
        if (
            value is None
            and name not in _NULLABLE
            and name not in ("criteria", "tags", "questions")
        ):
            out[name] = ""
    if out.get("valid_from") and out.get("valid_to") and out["valid_from"] > out["valid_to"]:
        raise PolicyError("valid_to", translate("截止日期不能早于开始日期"))
    return offer_fields(out)


def offer_fields(out: dict[str, Any]) -> dict[str, Any]:
    """What policies and funding products share, checked: the application window, criteria,
    the form's questions and tags."""
    if out.get("opens_on") and out.get("closes_on") and out["opens_on"] > out["closes_on"]:
        raise PolicyError("closes_on", translate("申报截止日期不能早于申报开始日期"))
    if "criteria" in out:
        try:
            out["criteria"] = criteria_json(parse_criteria(out["criteria"] or []))
        except CriteriaError as exc:
            raise PolicyError(f"criteria[{exc.index}].{exc.field}", exc.message) from exc
    if "questions" in out:
        try:
            asked = parse_questions(out["questions"] or [], MATERIAL_KINDS)
        except AnswerError as exc:
            raise PolicyError(exc.field, exc.message) from exc
        out["questions"] = [q.to_json() for q in asked]
    if "tags" in out:
        codes = []
        for t in out["tags"] or []:
            code = normalise_tag(t)
            if code is None:
                raise PolicyError("tags", translate("标签 {value} 不在标签词表中", value=repr(t)))
            codes.append(code)
        out["tags"] = list(dict.fromkeys(codes))
    return out


def dump(p: Policy) -> dict[str, Any]:
    return {
        "id": p.id,
        "code": p.code,
        "title": p.title,
        "issuer_level": p.issuer_level,
        "issuer_department": p.issuer_department,
        "doc_number": p.doc_number,
        "category": p.category,
        "summary": p.summary,
        "full_text": p.full_text,
        "source_url": p.source_url,
        "valid_from": p.valid_from.isoformat() if p.valid_from else None,
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
        "opens_on": p.opens_on.isoformat() if p.opens_on else None,
        "closes_on": p.closes_on.isoformat() if p.closes_on else None,
        "batch": p.batch,
        "payout_mode": p.payout_mode,
        "max_amount": p.max_amount,
        "amount_text": p.amount_text,
        "criteria": list(p.criteria or []),
        "tags": list(p.tags or []),
        "questions": list(p.questions or []),
        "status": p.status,
        "published_at": p.published_at.isoformat() if p.published_at else None,
    }
