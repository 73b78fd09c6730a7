"""The street's buildings as the platform and the other domains read them: names, codes and
which ids exist. The buildings package owns the table and registers how to read it
(buildings.init_app); everyone else calls these functions, never the table by name. Without
the buildings package there are no buildings."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol


class Places(Protocol):
    def names(self, ids: Collection[int] | None) -> dict[int, str]:
        """Building id → name, of these ids (None: every building), in the street's order."""
        ...

    def ids_by_code(self) -> dict[str, int]:
        """Building code → id."""
        ...


@dataclass
class _Registered:
    places: Places | None = None


_registered = _Registered()


def register(places: Places) -> None:
    _registered.places = places


def names(ids: Collection[int] | None = None) -> dict[int, str]:
    """Building id → name, of these ids (None: every building), in the street's order."""
    if _registered.places is None or (ids is not None and not ids):
        return {}
    return _registered.places.names(ids)


def ids_by_code() -> dict[str, int]:
    return {} if _registered.places is None else _registered.places.ids_by_code()


def ids_by_name() -> dict[str, int]:
    return {name: bid for bid, name in names().items()}


def missing(ids: Collection[int]) -> list[int]:
    """Of these building ids, the ones no building has, ascending."""
    known = names(ids)
    return sorted(set(ids) - set(known))
