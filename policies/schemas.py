"""Policies in and out of the API and forms: validation with messages naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from policies.models import ISSUER_LEVELS, PAYOUT_MODES, Policy
from qifutong.matching.criteria import CriteriaError, criteria_json, parse_criteria
from qifutong.matching.vocabulary import normalise_tag

TEXT_FIELDS = {
    "code": 20,
    "title": 200,
    "issuer_department": 200,
    "doc_number": 200,
    "category": 60,
    "summary": 20_000,
    "full_text": 200_000,
    "source_url": 500,
    "amount_text": 20_000,
}
WRITABLE = (
    *TEXT_FIELDS,
    "issuer_level",
    "payout_mode",
    "valid_from",
    "valid_to",
    "max_amount",
    "criteria",
    "tags",
)


class PolicyError(ValueError):
    """A field that does not fit; says which and what was expected."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def _date(field: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise PolicyError(field, f"应为日期 YYYY-MM-DD，收到 {value!r}") from exc


def load(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate policy input; unknown fields are refused by name."""
    unknown = sorted(set(data) - set(WRITABLE))
    if unknown:
        raise PolicyError(unknown[0], "不是可写字段（可写：" + ", ".join(WRITABLE) + "）")
    if not partial and not str(data.get("title") or "").strip():
        raise PolicyError("title", "政策名称不能为空")
    out: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            value = data[name]
            if value is not None and not isinstance(value, str):
                raise PolicyError(name, f"应为文本，收到 {value!r}")
            text = (value or "").strip()
            if len(text) > limit:
                raise PolicyError(name, f"不能超过 {limit} 个字符")
            if name == "title" and not text:
                raise PolicyError(name, "政策名称不能为空")
            nullable = name in ("code", "doc_number", "source_url")
            out[name] = text or (None if nullable else "")
    if "issuer_level" in data:
        if data["issuer_level"] not in ISSUER_LEVELS:
            raise PolicyError("issuer_level", f"应为 {', '.join(ISSUER_LEVELS)} 之一")
        out["issuer_level"] = data["issuer_level"]
    if "payout_mode" in data:
        if data["payout_mode"] not in PAYOUT_MODES:
            raise PolicyError("payout_mode", f"应为 {', '.join(PAYOUT_MODES)} 之一")
        out["payout_mode"] = data["payout_mode"]
    for name in ("valid_from", "valid_to"):
        if name in data:
            out[name] = _date(name, data[name])
    if out.get("valid_from") and out.get("valid_to") and out["valid_from"] > out["valid_to"]:
        raise PolicyError("valid_to", "截止日期不能早于开始日期")
    if "max_amount" in data:
        value = data["max_amount"]
        if value in (None, ""):
            out["max_amount"] = None
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise PolicyError("max_amount", f"应为不小于 0 的数字（元），收到 {value!r}")
        else:
            out["max_amount"] = float(value)
    if "criteria" in data:
        try:
            out["criteria"] = criteria_json(parse_criteria(data["criteria"]))
        except CriteriaError as exc:
            raise PolicyError(f"criteria[{exc.index}].{exc.field}", exc.message) from exc
    if "tags" in data:
        tags = data["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise PolicyError("tags", "应为标签代码列表")
        codes = []
        for t in tags:
            code = normalise_tag(t)
            if code is None:
                raise PolicyError("tags", f"标签 {t!r} 不在标签词表中")
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
        "payout_mode": p.payout_mode,
        "max_amount": p.max_amount,
        "amount_text": p.amount_text,
        "criteria": list(p.criteria or []),
        "tags": list(p.tags or []),
        "status": p.status,
        "published_at": p.published_at.isoformat() if p.published_at else None,
    }
