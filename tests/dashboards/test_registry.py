"""The registry defines exactly the 52 indicators of ../shared/INDICATORS.md, each completely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboards import populations
from dashboards.registry import CHARTS, DRILL_KINDS, GROUPS, indicators, visible

INDICATORS_MD = Path(__file__).resolve().parents[2].parent / "shared" / "INDICATORS.md"


def parse_indicators_md(text: str) -> list[dict[str, str]]:
    """Rows of the six group tables: key, Chinese name, English name and the group letter."""
    rows, group = [], None
    for line in text.splitlines():
        head = re.match(r"^## ([A-F])\. .*\((.+)\) — (\d+)$", line.strip())
        if head:
            group = head.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        is_row = line.startswith("|") and len(cells) >= 4 and cells[0] != "key"
        if group and is_row and re.fullmatch(r"[a-z0-9_]+", cells[0]):
            rows.append({"key": cells[0], "name_zh": cells[1], "name_en": cells[2], "group": group})
    return rows


@pytest.fixture(scope="module")
def md_rows() -> list[dict[str, str]]:
    if not INDICATORS_MD.exists():
        pytest.skip(f"{INDICATORS_MD} is not beside the repository")
    return parse_indicators_md(INDICATORS_MD.read_text(encoding="utf-8"))


def test_the_markdown_lists_52_indicators(md_rows):
    assert len(md_rows) == 52
    assert len({r["key"] for r in md_rows}) == 52
    text = INDICATORS_MD.read_text(encoding="utf-8")
    for letter, count in re.findall(r"^## ([A-F])\. .* — (\d+)$", text, re.MULTILINE):
        assert sum(r["group"] == letter for r in md_rows) == int(count)


def test_the_registry_has_exactly_those_keys_names_and_groups(md_rows):
    registry = [
        {"key": i.key, "name_zh": i.name_zh, "name_en": i.name_en, "group": i.group}
        for i in indicators()
    ]
    assert sorted(registry, key=lambda r: r["key"]) == sorted(md_rows, key=lambda r: r["key"])
    assert [r["key"] for r in registry] == [r["key"] for r in md_rows]  # same order, too


def test_group_names_match_the_markdown():
    text = INDICATORS_MD.read_text(encoding="utf-8") if INDICATORS_MD.exists() else ""
    for letter, (zh, en) in GROUPS.items():
        if text:
            assert f"## {letter}. {en} ({zh})" in text


def test_every_indicator_is_fully_defined():
    for i in indicators():
        for field in ("unit", "scope", "formula", "source", "as_of"):
            assert getattr(i, field).strip(), (i.key, field)
        assert i.drill.kind in DRILL_KINDS, i.key
        assert i.chart in CHARTS, i.key
        assert callable(i.compute), i.key
        if i.drill.kind == "firms":
            assert i.drill.population in populations.FIRM_POPULATIONS, i.key
        if i.drill.kind == "macro":
            assert i.drill.population == i.key


def test_building_users_see_space_and_lease_indicators_without_tax():
    shown = visible("building")
    assert {i.group for i in shown} == {"D", "E"}
    assert not any(i.finance for i in shown)
    assert {"occupancy_rate", "expiring_leases", "leased_area"} <= {i.key for i in shown}
    assert not {"building_tax", "tax_per_m2", "billion_buildings"} & {i.key for i in shown}
    assert visible("property") == shown
    assert visible("firm") == []
    assert len(visible("street")) == len(visible("admin")) == 52


def test_a_firm_without_an_industry_reads_unclassified_not_nan():
    from dashboards.calc_firms import section_label

    assert section_label(float("nan")) == section_label(None) == "未分类"
    assert section_label("I").startswith("I ")
