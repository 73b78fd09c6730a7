"""The indicator registry: the 52 indicators, by key and by group, and who may see which.

What an indicator is lives in indicator.py, the 52 definitions in definitions/; the cockpit
pages, the API, the map, the records and the tests all read them from here."""

from __future__ import annotations

from functools import cache

from dashboards.definitions import INDICATORS
from dashboards.indicator import Indicator


@cache
def indicators() -> tuple[Indicator, ...]:
    keys = [i.key for i in INDICATORS]
    if len(keys) != len(set(keys)):
        raise RuntimeError("an indicator key is defined twice")
    return INDICATORS


@cache
def by_key() -> dict[str, Indicator]:
    return {i.key: i for i in indicators()}


def get(key: str) -> Indicator | None:
    return by_key().get(key)


def in_group(group: str) -> list[Indicator]:
    return [i for i in indicators() if i.group == group]


def visible(role: str) -> list[Indicator]:
    """Street and admin see all 52; building and property users their buildings' space and
    lease indicators (no tax, no revenue); firms none."""
    if role in ("street", "admin"):
        return list(indicators())
    if role in ("building", "property"):
        return [i for i in indicators() if i.building_role]
    return []


def map_choices(role: str) -> list[Indicator]:
    return [i for i in visible(role) if i.map_column]
