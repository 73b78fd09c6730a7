"""Navigation and home pages per role; domain packages register theirs in init_app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for


@dataclass(frozen=True)
class NavItem:
    label: str  # Chinese; translated when shown
    endpoint: str
    order: int = 50
    group: str = ""  # items of one group show as one menu (Chinese label)


@dataclass(frozen=True)
class NavGroup:
    """A menu of the top bar: the items of one group, shown where the first of them would be."""

    label: str
    items: tuple[NavItem, ...]

    @property
    def endpoints(self) -> frozenset[str]:
        return frozenset(i.endpoint for i in self.items)


_NAV: dict[str, list[NavItem]] = {}
_HOME: dict[str, str] = {}


def register_nav(
    roles: tuple[str, ...], label: str, endpoint: str, order: int = 50, group: str = ""
) -> None:
    for role in roles:
        items = [i for i in _NAV.setdefault(role, []) if i.endpoint != endpoint]
        items.append(NavItem(label, endpoint, order, group))
        _NAV[role] = sorted(items, key=lambda i: i.order)


def register_home(role: str, endpoint: str) -> None:
    _HOME[role] = endpoint


def nav_for(role: str) -> list[NavItem]:
    return list(_NAV.get(role, []))


def nav_entries(items: list[NavItem]) -> list[NavItem | NavGroup]:
    """The top bar: plain items, and a menu per group (a group of one is a plain item)."""
    items = sorted(items, key=lambda i: i.order)
    members: dict[str, list[NavItem]] = {}
    for item in items:
        if item.group:
            members.setdefault(item.group, []).append(item)
    out: list[NavItem | NavGroup] = []
    for item in items:
        group = members.get(item.group) if item.group else None
        if not group or len(group) == 1:
            out.append(item)
        elif group[0] is item:
            out.append(NavGroup(item.group, tuple(group)))
    return out


def home_url(role: str) -> str:
    return url_for(_HOME[role])


@dataclass(frozen=True)
class Card:
    """A figure on a home page that opens the list behind it."""

    label: str
    value: str
    endpoint: str | None = None
    tone: str = ""  # "", "red", "amber", "blue", "green"
    args: tuple[tuple[str, str], ...] = ()
    growth: str = ""  # against the same period last year ("+10.6%"), shown under the figure

    def url(self) -> str | None:
        if not self.endpoint:
            return None
        values: dict[str, Any] = dict(self.args)
        return url_for(self.endpoint, **values)


CardProvider = Callable[[Any], list[Card]]
_CARDS: dict[str, list[tuple[int, CardProvider]]] = {}


def register_cards(roles: tuple[str, ...], provider: CardProvider, order: int = 50) -> None:
    """`provider(user) -> list[Card]` adds figures to the home pages of these roles."""
    for role in roles:
        providers = _CARDS.setdefault(role, [])
        if all(p is not provider for _, p in providers):  # the factory may run many times
            providers.append((order, provider))
            providers.sort(key=lambda p: p[0])


def cards_for(role: str, user: Any) -> list[Card]:
    out: list[Card] = []
    for _, provider in _CARDS.get(role, []):
        out.extend(provider(user))
    return out
