"""The controlled tag vocabulary, shipped as data (pure: no database).

Industry tags come from GB/T 4754-2017 (sections `ind:I` and divisions `ind:65`); size,
qualification, stage and theme tags come from `data/tags.csv`, each with the keywords that
suggest it in a policy's text."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qifutong.industry import industry_names

DATA = Path(__file__).parent / "data"
KINDS = {
    "industry": "行业",
    "size": "规模",
    "qualification": "资质",
    "stage": "发展阶段",
    "theme": "主题",
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
                    name_en=f"GB/T 4754 {code}",
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
    term = terms_by_code().get(code)
    return term.name_zh if term else code


@cache
def _aliases() -> dict[str, str]:
    """Bare codes and Chinese names → the vocabulary code ("rd", "研发创新" → "theme:rd")."""
    out: dict[str, str] = {}
    for term in vocabulary():
        bare = term.code.split(":", 1)[1]
        out.setdefault(term.name_zh, term.code)
        if term.kind != "industry":
            out.setdefault(bare, term.code)
    return out


def normalise_tag(value: str) -> str | None:
    """The vocabulary code for a code, bare code or Chinese name; None when unknown."""
    value = (value or "").strip()
    if value in terms_by_code():
        return value
    if value.lower() in terms_by_code():
        return value.lower()
    return _aliases().get(value) or _aliases().get(value.lower())


def qualification_name(code: str) -> str:
    return tag_name(f"qual:{code}")


def industry_tags(code: str | None) -> list[str]:
    """The section and division tags of a GB/T 4754 code ("6513" → ind:I, ind:65)."""
    from qifutong.industry import section_of

    if not code:
        return []
    section = section_of(code)
    out = [f"ind:{section}"] if section else []
    if code[:2].isdigit() and code[:2] in industry_names():
        out.append(f"ind:{code[:2]}")
    return out
