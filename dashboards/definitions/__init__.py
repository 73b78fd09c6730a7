"""The 52 cockpit indicators, each defined once: the source of truth for the cockpit, the API,
the exports and the tests (it began as the street's list in ../shared/INDICATORS.md). One
module per group, in the cockpit's order; sources.py holds what they share."""

from __future__ import annotations

from dataclasses import replace

from dashboards.definitions import buildings, firms, fiscal, leases, service, tax
from dashboards.definitions.sources import datasets_of
from dashboards.indicator import Indicator

INDICATORS: tuple[Indicator, ...] = tuple(
    replace(i, datasets=datasets_of(i.source))
    for group in (fiscal, firms, tax, buildings, leases, service)
    for i in group.INDICATORS
)
