"""The canonical firm fields (DESIGN §4) in and out of the API and exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from qifutong import uscc as uscc_rules
from qifutong.enterprises.models import Enterprise
from qifutong.matching import vocabulary

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
FINANCE_FIELDS = ("revenue", "tax")
# Fields a caller may write (revenue and tax come from economic records, not edits).
WRITABLE = {
    "uscc": "str",
    "name": "str",
    "industry_code": "term",
    "size_class": "term",
    "headcount": "int",
    "registered_capital": "float",
    "founded_on": "date",
    "qualifications": "terms",
    "registered_here": "bool",
    "operates_here": "bool",
    "tax_here": "bool",
    "building_id": "int",
    "legal_rep": "str",
    "status": "term",
    "registered_address": "str",
    "business_scope": "str",
    "floor": "str",
    "room": "str",
    "contact_name": "str",
    "contact_phone": "str",
    "email": "str",
    "area_need": "float",
    "stage": "term",
    "company_type": "str",
}


# Coded fields: each accepts the code, the Chinese label or a common alias.
TERMS = {
    "industry_code": vocabulary.industry_code_of,
    "size_class": vocabulary.size_code,
    "status": vocabulary.status_code,
    "stage": vocabulary.stage_code,
}


class FieldError(ValueError):
    """A field value that does not fit; says which field and what was expected."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def dump(ent: Enterprise, *, finance: bool, tags: list[str] | None = None) -> dict[str, Any]:
    """The canonical view of a firm; revenue and tax only when the caller may see them."""
    years = ent.years_since_founding
    out: dict[str, Any] = {
        "id": ent.id,
        "uscc": ent.uscc,
        "name": ent.name,
        "industry_code": ent.industry_code,
        "size_class": ent.size_class,
        "headcount": ent.headcount,
        "registered_capital": ent.registered_capital,
        "founded_on": ent.founded_on.isoformat() if ent.founded_on else None,
        "years_since_founding": None if years is None else round(years, 2),
        "qualifications": list(ent.qualifications or []),
        "registered_here": ent.registered_here,
        "operates_here": ent.operates_here,
        "tax_here": ent.tax_here,
        "building_id": ent.building_id,
        "tags": tags if tags is not None else sorted(t.tag_code for t in ent.tags),
        "legal_rep": ent.legal_rep,
        "status": ent.status,
        "region": ent.region,
        "floor": ent.floor,
        "room": ent.room,
        "grade": ent.grade,
    }
    out["labels"] = vocabulary.labels_of(
        {k: out[k] for k in ("qualifications", "size_class", "status", "industry_code", "tags")}
    )
    if finance:
        out["revenue"] = ent.revenue_12m
        out["tax"] = ent.tax_12m
    return out


def _coerce(field: str, kind: str, value: Any) -> Any:
    if value is None or value == "":
        if field == "name":
            raise FieldError(field, "企业名称不能为空")
        return None
    try:
        if kind == "str":
            return str(value).strip()
        if kind == "int":
            if isinstance(value, bool):
                raise TypeError
            number = int(value)
            if number < 0:
                raise FieldError(field, "应为不小于 0 的整数")
            return number
        if kind == "float":
            if isinstance(value, bool):
                raise TypeError
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            raise TypeError
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "terms":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError
            return vocabulary.qualification_codes(value)
        if kind == "term":
            if not isinstance(value, str):
                raise TypeError
            return TERMS[field](value)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FieldError):
            raise
        if isinstance(exc, vocabulary.UnknownTerm):
            raise FieldError(field, str(exc)) from exc
        expected = {
            "int": "整数",
            "float": "数字",
            "bool": "true 或 false",
            "date": "日期 YYYY-MM-DD",
            "terms": "字符串列表",
            "term": "文本",
            "str": "文本",
        }[kind]
        raise FieldError(field, f"应为{expected}，收到 {value!r}") from exc
    raise FieldError(field, "unsupported")


def load(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate canonical input; unknown or read-only fields are refused by name."""
    unknown = sorted(set(data) - set(WRITABLE))
    if unknown:
        raise FieldError(unknown[0], "不是可写字段（可写：" + ", ".join(sorted(WRITABLE)) + "）")
    if not partial and not data.get("name"):
        raise FieldError("name", "企业名称不能为空")
    clean = {f: _coerce(f, WRITABLE[f], v) for f, v in data.items()}
    if clean.get("uscc"):
        code = uscc_rules.normalise(clean["uscc"])
        reason = uscc_rules.problem(code)
        if reason:
            raise FieldError("uscc", reason)
        clean["uscc"] = code
    return clean
