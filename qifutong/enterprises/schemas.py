"""The canonical firm fields (DESIGN §4) in and out of the API and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from qifutong import uscc as uscc_rules
from qifutong.enterprises.models import SIZE_CLASSES, STATUSES, Enterprise
from qifutong.enterprises.visibility import visible_tags
from qifutong.errors import QifutongError
from qifutong.inputs import (
    Area,
    Count,
    Day,
    Id,
    Input,
    InvalidInput,
    Money,
    Opt,
    chars,
    given,
    parse,
    unless_sent,
)
from qifutong.matching import vocabulary
from qifutong.web.i18n import translate

CANONICAL_FIELDS = (
    "uscc",
    "name",
    "industry_code",
    "size_class",
    "headcount",
    "revenue",
    "tax",
    "registered_capital",
    "founded_on",
    "years_since_founding",
    "qualifications",
    "registered_here",
    "operates_here",
    "tax_here",
    "building_id",
    "tags",
)
SizeClass = Literal["large", "medium", "small", "micro", "na"]
Status = Literal["active", "moved_out", "cancelled"]
Stage = Literal["startup", "growth", "mature"]  # as STAGE_LABELS (matching/fields.py)
assert get_args(SizeClass) == SIZE_CLASSES and get_args(Status) == STATUSES


class EnterpriseChanges(Input):
    """Fields a caller may write (revenue and tax come from economic records, not edits); in a
    change, every field is optional and null clears it, except name and status."""

    uscc: Opt[Annotated[str, chars(40)]] = None
    name: Annotated[str, chars(200, 1)] = unless_sent()
    # Coded values: the code, the Chinese label or a common alias (vocabulary.py).
    industry_code: Opt[Annotated[str, chars(60)]] = None
    size_class: Opt[Annotated[str, chars(20)]] = None
    headcount: Opt[Count] = None
    registered_capital: Opt[Money] = None
    founded_on: Opt[Day] = None
    qualifications: Opt[Annotated[list[Annotated[str, chars(60, 1)]], Field(max_length=50)]] = None
    registered_here: bool | None = None
    operates_here: bool | None = None
    tax_here: bool | None = None
    building_id: Opt[Id] = None
    legal_rep: Opt[Annotated[str, chars(60)]] = None
    status: Annotated[str, chars(20)] = "active"
    registered_address: Opt[Annotated[str, chars(300)]] = None
    business_scope: Opt[Annotated[str, chars(20_000)]] = None
    floor: Opt[Annotated[str, chars(16)]] = None
    room: Opt[Annotated[str, chars(32)]] = None
    contact_name: Opt[Annotated[str, chars(60)]] = None
    contact_phone: Opt[Annotated[str, chars(40)]] = None
    email: Opt[Annotated[str, chars(200)]] = None
    area_need: Opt[Area] = None
    stage: Opt[Annotated[str, chars(20)]] = None
    company_type: Opt[Annotated[str, chars(60)]] = None


class NewEnterprise(EnterpriseChanges):
    """A new firm: its name is required."""

    name: Annotated[str, chars(200, 1)]


WRITABLE = tuple(EnterpriseChanges.model_fields)
FINANCE_FIELDS = ("revenue", "tax")


# Coded fields: each accepts the code, the Chinese label or a common alias.
TERMS = {
    "industry_code": vocabulary.industry_code_of,
    "size_class": vocabulary.size_code,
    "status": vocabulary.status_code,
    "stage": vocabulary.stage_code,
}


class FieldError(QifutongError, ValueError):
    """A field value that does not fit; says which field and what was expected."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class CodeTaken(FieldError):
    """A credit code another firm already has: the write conflicts with the register."""

    status = 409
    code = "conflict"


def dump(ent: Enterprise, *, finance: bool, tags: list[str] | None = None) -> dict[str, Any]:
    """The canonical view of a firm; revenue, tax and what follows from them (grade, size
    class, such tags) only when the caller may see them."""
    years = ent.years_since_founding
    out: dict[str, Any] = {
        "id": ent.id,
        "uscc": ent.uscc,
        "name": ent.name,
        "industry_code": ent.industry_code,
        "headcount": ent.headcount,
        "registered_capital": ent.registered_capital,
        "founded_on": ent.founded_on.isoformat() if ent.founded_on else None,
        "years_since_founding": None if years is None else round(years, 2),
        "qualifications": list(ent.qualifications or []),
        "registered_here": ent.registered_here,
        "operates_here": ent.operates_here,
        "tax_here": ent.tax_here,
        "building_id": ent.building_id,
        "tags": visible_tags(tags if tags is not None else (t.tag_code for t in ent.tags), finance),
        "legal_rep": ent.legal_rep,
        "status": ent.status,
        "region": ent.region,
        "floor": ent.floor,
        "room": ent.room,
    }
    if finance:
        out["size_class"] = ent.size_class
        out["grade"] = ent.grade
        out["revenue"] = ent.revenue_12m
        out["tax"] = ent.tax_12m
    coded = ("qualifications", "size_class", "status", "industry_code", "tags")
    out["labels"] = vocabulary.labels_of({k: out[k] for k in coded if k in out})
    return out


def clean(model: EnterpriseChanges) -> dict[str, Any]:
    """The fields sent, typed; the credit code normalised and checked; the building known."""
    data = given(model)
    if data.get("uscc"):
        code = uscc_rules.normalise(data["uscc"])
        reason = uscc_rules.problem(code)
        if reason:
            from qifutong.enterprises.roster.messages import stored_message

            raise FieldError("uscc", stored_message(reason))
        data["uscc"] = code
    elif "uscc" in data:
        data["uscc"] = None
    for field, code_of in TERMS.items():
        if data.get(field) is not None:
            data[field] = _term(field, code_of, data[field])
    if data.get("qualifications") is not None:
        data["qualifications"] = _term(
            "qualifications", vocabulary.qualification_codes, data["qualifications"]
        )
    if data.get("building_id") is not None and not _building_exists(data["building_id"]):
        raise FieldError("building_id", translate("没有编号为 {id} 的楼宇", id=data["building_id"]))
    return data


def _building_exists(building_id: int) -> bool:
    from qifutong import places

    return not places.missing([building_id])


def _term(field: str, code_of: Any, value: Any) -> Any:
    try:
        return code_of(value)
    except vocabulary.UnknownTerm as exc:
        raise FieldError(field, str(exc)) from exc


def load(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate canonical input; unknown or read-only fields are refused by name."""
    try:
        model = parse(EnterpriseChanges if partial else NewEnterprise, data)
    except InvalidInput as exc:
        raise FieldError(exc.field, exc.message) from exc
    return clean(model)
