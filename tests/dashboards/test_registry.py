"""The registry (dashboards/definitions/) is the source of truth for the 52 indicators:
exactly 52, each named once in Chinese and English, in groups A–F of the sizes the street set,
each completely defined. No test reads outside the repository."""

from __future__ import annotations

import re
from collections import Counter

from dashboards import populations
from dashboards.indicator import CHARTS, DRILL_KINDS, GROUPS
from dashboards.registry import indicators, visible

# How many indicators each group holds (the street's list of 52: 11 + 16 + 6 + 12 + 3 + 4).
GROUP_SIZES = {"A": 11, "B": 16, "C": 6, "D": 12, "E": 3, "F": 4}


def test_the_registry_defines_52_distinct_indicators():
    items = indicators()
    assert len(items) == 52
    assert len({i.key for i in items}) == 52
    assert all(re.fullmatch(r"[a-z0-9_]+", i.key) for i in items)
    assert len({i.name_zh for i in items}) == 52
    assert len({i.name_en for i in items}) == 52
    assert all(i.name_zh.strip() and i.name_en.strip() for i in items)


def test_the_groups_have_their_sizes_in_order():
    items = indicators()
    assert Counter(i.group for i in items) == GROUP_SIZES
    groups = [i.group for i in items]
    assert groups == sorted(groups)  # listed group by group, A to F
    assert list(GROUPS) == sorted(GROUP_SIZES)
    for zh, en in GROUPS.values():
        assert zh.strip() and en.strip()


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
