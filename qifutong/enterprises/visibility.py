"""What of a firm a caller may see: building and property users never see tax, revenue or
anything worked out from them (grade, tier, size class, the key-firm flag, the tags and the
history entries that follow from them), nor an order that would give them away.

docs/least-privilege.md is the written allow-list per role; tests/auth/test_least_privilege.py
compares every endpoint and page with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select

# Fields worked out from tax or revenue (size class: the SME rules use revenue).
FINANCE_FIELDS = ("revenue", "tax", "grade", "tier", "size_class", "key_firm", "above_scale")
# Tags that follow from them: size, 总部 (large or revenue ≥ 5亿), finance and tax-relief themes.
FINANCE_TAGS = ("theme:hq", "theme:finance", "theme:tax_relief")
FINANCE_TAG_PREFIXES = ("size:", "grade:", "tier:")
# A firm's history entries about them.
FINANCE_HISTORY = ("grade", "tier", "size_class", "above_scale", "revenue_12m", "tax_12m")


def finance_tag(code: str) -> bool:
    return code in FINANCE_TAGS or code.startswith(FINANCE_TAG_PREFIXES)


def visible_tags(codes: Iterable[str], finance: bool) -> list[str]:
    return sorted(c for c in codes if finance or not finance_tag(c))


def visible_history(changes: Iterable[Any], finance: bool) -> list[Any]:
    return [c for c in changes if finance or c.field not in FINANCE_HISTORY]


def ordered(stmt: Select[Any], enterprise_cls: Any, finance: bool) -> Select[Any]:
    """Largest taxpayers first for those who may see tax; by name for everyone else."""
    if finance:
        return stmt.order_by(enterprise_cls.tax_12m.desc().nulls_last(), enterprise_cls.id)
    return stmt.order_by(enterprise_cls.name, enterprise_cls.id)
