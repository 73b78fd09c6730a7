"""In-process events: packages announce what changed, others react (e.g. re-matching).

Handlers run inside the caller's transaction, in subscription order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
# Muting is the caller's own: a bulk load in one thread (a job, a request) leaves the events
# of every other thread alone.
_muted: ContextVar[int] = ContextVar("qifutong_events_muted", default=0)

# Event names used across packages.
ENTERPRISES_CHANGED = "enterprises_changed"  # ids: list[int]
OFFER_CHANGED = "offer_changed"  # kind: str, offer_id: int
# An offer's text was amended (its followers are told): kind: str, offer_id: int,
# parts: list[str] (what changed, in Chinese: "正文", "申报时间" …).
OFFER_AMENDED = "offer_amended"
UNIT_VACATED = "unit_vacated"  # unit_id: int
# Firms' monthly figures (economic records) were written, and their 12-month revenue and tax
# on the firm updated: ids: list[int] | None (None: any firm), months: list[str] ("YYYY-MM")
# | None.
# The cockpit refreshes its monthly aggregates of those firms and matching re-matches them
# (so a figures import emits this, not ENTERPRISES_CHANGED, for the firms it changed).
FIGURES_CHANGED = "figures_changed"


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def emit(event: str, **payload: Any) -> None:
    if _muted.get():
        return
    for handler in list(_handlers[event]):
        handler(**payload)


@contextmanager
def muted() -> Iterator[None]:
    """Bulk loads that end with a full re-computation need no per-record reactions."""
    token = _muted.set(_muted.get() + 1)
    try:
        yield
    finally:
        _muted.reset(token)
