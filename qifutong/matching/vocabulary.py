"""The controlled vocabulary, shipped as data (pure: no database): tags, and every coded value
of a firm (qualifications, size class, status, stage, industry).

Industry tags come from GB/T 4754-2017 (sections `ind:I` and divisions `ind:65`); size,
qualification, stage and theme tags come from `data/tags.csv`, each with the keywords that
suggest it in a policy's text.

One vocabulary for everyone: the API, the importers and the forms accept a value as its code,
its Chinese label or a common alias (高企, 小巨人 …), store the code, and show people the
label; an unknown value is refused with the list of accepted ones."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from qifutong.errors import QifutongError
from qifutong.industry import industry_names, industry_names_en, section_of
from qifutong.web.i18n import N_, current_locale, join, term, translate

DATA = Path(__file__).parent / "data"
KINDS = {
    "industry": N_("行业"),
    "size": N_("规模"),
    "qualification": N_("资质"),
    "stage": N_("发展阶段"),
    "theme": N_("主题"),
}
QUALIFICATIONS = (
    "hightech",
    "tech_sme",
    "specialised",
    "little_giant",
    "listed",
    "pre_ipo",
    "new_eagle",
    "rd_center",
)
STAGES = {"startup": "初创期", "growth": "成长期", "mature": "成熟期"}
SIZE_LABELS = {
    "large": N_("大型"),
    "medium": N_("中型"),
    "small": N_("小型"),
    "micro": N_("微型"),
    "na": N_("未划型"),
}
STATUS_LABELS = {"active": N_("存续在营"), "moved_out": N_("已迁出"), "cancelled": N_("已注销")}
# Qualification code → the names streets and firms write for it (the label first).
QUALIFICATION_NAMES: dict[str, tuple[str, ...]] = {
    "hightech": (
        "高新技术企业", "国家高新技术企业", "国家级高新技术企业", "高新企业", "高新", "高企",
    ),
    "tech_sme": ("科技型中小企业", "国家科技型中小企业", "科技型企业", "科小"),
    "specialised": (
        N_("专精特新中小企业"), "专精特新企业", "省级专精特新中小企业", "浙江省专精特新中小企业",
        N_("专精特新"),
    ),
    "little_giant": (
        N_("专精特新“小巨人”企业"), "专精特新小巨人企业", "国家级专精特新小巨人企业",
        "专精特新小巨人", "小巨人企业", "小巨人",
    ),
    "listed": ("上市企业", "上市公司", "已上市", "上市"),
    "pre_ipo": ("拟上市企业", "拟上市", "上市后备企业", "股改企业"),
    "new_eagle": ("新雏鹰企业", "雏鹰企业", "雏鹰计划企业", "新雏鹰"),
    "rd_center": (
        N_("市级以上研发中心"), N_("研发中心"), "企业研究院", "企业技术中心", "研究开发中心",
    ),
}  # fmt: skip
QUALIFICATION_LABELS = {code: names[0] for code, names in QUALIFICATION_NAMES.items()}
_QUOTES = re.compile(r"[\s“”\"'‘’]")


class UnknownTerm(QifutongError, ValueError):
    """A value outside the vocabulary; the message lists the accepted ones."""

    status = 422
    code = "unknown_term"

    def __init__(self, what: str, value: object, accepted: Iterable[str]) -> None:
        self.what, self.value, self.accepted = what, value, list(accepted)
        super().__init__(
            translate(
                "{what}“{value}”不在词表中，可选：{accepted}",
                what=term(what),
                value=value,
                accepted=join([term(a) for a in self.accepted]),
            )
        )


def _key(value: object) -> str:
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(value or ""))).lower()


@cache
def _qualification_lookup() -> dict[str, str]:
    out = {_key(code): code for code in QUALIFICATION_NAMES}
    for code, names in QUALIFICATION_NAMES.items():
        out.update({_key(n): code for n in names})
    return out


def qualification_code(value: object) -> str:
    """The code of a qualification given as code, label or alias (高企 → hightech)."""
    code = _qualification_lookup().get(_key(value))
    if code is None:
        raise UnknownTerm("资质", value, QUALIFICATION_LABELS.values())
    return code


def qualification_codes(values: Iterable[object]) -> list[str]:
    """Codes of several qualifications, each once, in the vocabulary's order."""
    found = {qualification_code(v) for v in values}
    return [code for code in QUALIFICATION_NAMES if code in found]


def qualification_label(code: str) -> str:
    """A qualification's name in the current locale."""
    return term(QUALIFICATION_LABELS.get(code, code))


def _choice(what: str, labels: dict[str, str], value: object, extra: dict[str, str]) -> str:
    key = _key(value)
    for code, label in labels.items():
        if key in (code, _key(label)):
            return code
    if key in extra:
        return extra[key]
    raise UnknownTerm(what, value, labels.values())


def size_code(value: object) -> str:
    """large/medium/small/micro/na from the code or 大型、中型企业 …"""
    extra = {_key(label + "企业"): code for code, label in SIZE_LABELS.items()}
    return _choice("企业规模", SIZE_LABELS, value, extra)


def status_code(value: object) -> str:
    """active/moved_out/cancelled from the code or 存续在营、在营、迁出、注销 …"""
    extra = {"存续": "active", "在营": "active", "在业": "active", "迁出": "moved_out"}
    return _choice("登记状态", STATUS_LABELS, value, extra | {"注销": "cancelled"})


def stage_code(value: object) -> str:
    """startup/growth/mature from the code or 初创期、成长 …"""
    extra = {_key(label[:-1]): code for code, label in STAGES.items()}
    return _choice("发展阶段", STAGES, value, extra)


def industry_code_of(value: object) -> str:
    """A GB/T 4754-2017 code from a code (6513, I65, I) or a section's or division's name."""
    names = industry_names()
    raw = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    if len(raw) > 1 and raw[0].isalpha() and raw[1:].isdigit():
        raw = raw[1:]
    if (raw.isdigit() and len(raw) in (2, 3, 4) and section_of(raw)) or (
        len(raw) == 1 and raw in names
    ):
        return raw
    by_name = {name: code for code, name in names.items()}
    text = str(value or "").strip()
    if text in by_name:
        return by_name[text]
    raise UnknownTerm(
        "行业", value, [N_("GB/T 4754-2017 的门类字母、行业代码（如 I、65、6513）或其名称")]
    )


def industry_name(code: str | None) -> str | None:
    """An industry code in words: its section's and division's names."""
    if not code:
        return None
    names = industry_names()
    section = section_of(code)
    division = names.get(code[:2]) if code[:1].isdigit() else None
    parts = [term(p) for p in (section and names.get(section), division) if p]
    return " · ".join(parts) if parts else None


def labels_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """The labels people read for a firm's coded values (qualifications, size, status, stage,
    industry, tags), keyed by field."""
    loc = current_locale()
    out: dict[str, Any] = {}
    if "qualifications" in values:
        out["qualifications"] = [
            _label(loc, "qualifications", q) for q in values["qualifications"] or []
        ]
    for field in ("size_class", "status", "stage"):
        if field in values:
            known = values[field] in _CODED[field]
            out[field] = _label(loc, field, values[field]) if known else None
    if "industry_code" in values:
        code = values["industry_code"]
        out["industry_code"] = _label(loc, "industry_code", code) if code else None
    if "tags" in values:
        out["tags"] = [_label(loc, "tags", t) for t in values["tags"] or []]
    return out


# The label of each coded field's value, in the current locale.
_CODED: dict[str, Any] = {
    "qualifications": QUALIFICATION_LABELS,
    "size_class": SIZE_LABELS,
    "status": STATUS_LABELS,
    "stage": STAGES,
}


@cache
def _label(locale: str, field: str, code: str) -> str | None:
    """A coded value's label in `locale` (asked for under that locale), worked out once: a
    page of firms asks for thousands of them."""
    if field == "industry_code":
        return industry_name(code)
    if field == "tags":
        return tag_name(code)
    return term(_CODED[field].get(code, code))


@dataclass(frozen=True)
class Term:
    code: str
    kind: str
    name_zh: str
    name_en: str
    parent: str | None
    keywords: tuple[str, ...]


@cache
def vocabulary() -> tuple[Term, ...]:
    """Every tag of the vocabulary: industries first, then the terms of tags.csv."""
    terms: list[Term] = []
    with (DATA.parent.parent / "data" / "gbt4754_2017.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            parent = f"ind:{row['section']}" if row["level"] == "division" else None
            terms.append(
                Term(
                    code=f"ind:{code}",
                    kind="industry",
                    name_zh=row["name"],
                    name_en=industry_names_en()[code],
                    parent=parent,
                    keywords=(row["name"],),
                )
            )
    with (DATA / "tags.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            terms.append(
                Term(
                    code=row["code"],
                    kind=row["kind"],
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    parent=row["parent"] or None,
                    keywords=tuple(k for k in row["keywords"].split(";") if k),
                )
            )
    return tuple(terms)


@cache
def terms_by_code() -> dict[str, Term]:
    return {t.code: t for t in vocabulary()}


def tag_name(code: str) -> str:
    """A tag's name in the current locale."""
    found = terms_by_code().get(code)
    return term(found.name_zh) if found else code


@cache
def _aliases() -> dict[str, str]:
    """Bare codes and Chinese names → the vocabulary code ("rd", "研发创新" → "theme:rd")."""
    out: dict[str, str] = {}
    for t in vocabulary():
        bare = t.code.split(":", 1)[1]
        out.setdefault(t.name_zh, t.code)
        if t.kind != "industry":
            out.setdefault(bare, t.code)
    return out


def normalise_tag(value: str) -> str | None:
    """The vocabulary code for a code, bare code, Chinese name or qualification alias; None
    when unknown."""
    value = (value or "").strip()
    if value and _qualification_lookup().get(_key(value)):
        return "qual:" + _qualification_lookup()[_key(value)]
    if value in terms_by_code():
        return value
    if value.lower() in terms_by_code():
        return value.lower()
    return _aliases().get(value) or _aliases().get(value.lower())


def industry_tags(code: str | None) -> list[str]:
    """The section and division tags of a GB/T 4754 code ("6513" → ind:I, ind:65)."""
    if not code:
        return []
    section = section_of(code)
    out = [f"ind:{section}"] if section else []
    if code[:2].isdigit() and code[:2] in industry_names():
        out.append(f"ind:{code[:2]}")
    return out
