"""GB/T 4754-2017 industry codes and the national SME size rules (pure functions)."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from qifutong.web.i18n import term

DATA = Path(__file__).parent / "data"


@cache
def industry_names() -> dict[str, str]:
    """Code (section letter or 2-digit division) → Chinese name."""
    with (DATA / "gbt4754_2017.csv").open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


@cache
def industry_names_en() -> dict[str, str]:
    """Code → English name (the platform's own rendering of the standard's names)."""
    with (DATA / "gbt4754_2017_en.csv").open(encoding="utf-8") as fh:
        return {row["code"]: row["name_en"] for row in csv.DictReader(fh)}


@cache
def _division_sections() -> dict[str, str]:
    with (DATA / "gbt4754_2017.csv").open(encoding="utf-8") as fh:
        return {r["code"]: r["section"] for r in csv.DictReader(fh) if r["level"] == "division"}


def section_of(code: str | None) -> str | None:
    """The section letter of a class, group or division code ("6513" → "I")."""
    if not code:
        return None
    code = code.strip().upper()
    if code[:1].isalpha():
        return code[:1] if code[:1] in industry_names() else None
    return _division_sections().get(code[:2])


def industry_label(code: str | None) -> str:
    if not code:
        return "—"
    names = industry_names()
    section = section_of(code)
    division = names.get(code[:2]) if code[:1].isdigit() else None
    parts = [term(p) for p in (section and names.get(section), division) if p]
    return f"{code} " + " · ".join(parts) if parts else code


@cache
def _size_groups() -> list[dict[str, object]]:
    return list(json.loads((DATA / "sme_size_rules.json").read_text(encoding="utf-8"))["groups"])


def _size_group(code: str) -> dict[str, object] | None:
    """The most specific group whose scope covers the code (class beats division beats section)."""
    section = section_of(code)
    best: tuple[int, dict[str, object]] | None = None
    for group in _size_groups():
        for scope in group["scope"]:  # type: ignore[attr-defined]
            if scope == "59-except-5910":
                hit = code.startswith("59") and not code.startswith("5910")
            elif scope[:1].isalpha():
                hit = scope == section
            else:
                hit = code.startswith(scope)
            if hit:
                rank = len(scope) if not scope[:1].isalpha() else 1
                if scope == "59-except-5910":
                    rank = 2
                if best is None or rank > best[0]:
                    best = (rank, group)
    return best[1] if best else None


def size_class(
    industry_code: str | None,
    headcount: float | None = None,
    revenue_yuan: float | None = None,
    assets_yuan: float | None = None,
) -> str | None:
    """large / medium / small / micro by 国统字〔2017〕213号; "na" where no rule covers the
    industry; None when a needed figure is missing."""
    if not industry_code:
        return None
    group = _size_group(industry_code.strip().upper())
    if group is None:
        return "na"
    values = {
        "X": headcount,
        "Y": None if revenue_yuan is None else revenue_yuan / 1e4,
        "Z": None if assets_yuan is None else assets_yuan / 1e4,
    }
    indicators = [k for k in ("X", "Y", "Z") if k in group]
    # Assets are rarely known: judge on the indicators we have, if at least one.
    known = [k for k in indicators if values[k] is not None]
    if not known:
        return None
    for tier, name in enumerate(("large", "medium", "small")):
        if all(float(values[k]) >= group[k][tier] for k in known):  # type: ignore[arg-type,index]
            return name
    return "micro"
