"""The cockpit's cache: figures are kept per period, filters and scope, and dropped as soon as
the data they were computed from changes — in this process or any other.

Every write (INSERT/UPDATE/DELETE through SQLAlchemy, on any connection) to a table the cockpit
reads adds one row to `dashboard_data_change` inside the writer's own transaction. The row count
and the highest id of that table are the data version; a cached entry is used only while the
version it was computed under is still the current one. Reading the version is one indexed
query, so every gunicorn worker checks it on each request."""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Table, delete, event, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine

from dashboards.models import DataChange
from qifutong.models_base import utcnow

T = TypeVar("T")

# The tables whose contents the 52 indicators and their records read.
WATCHED = frozenset(
    {
        "enterprise",
        "economic_record",
        "building",
        "unit",
        "lease",
        "push",
        "demand",
        "visit",
        "macro_statistic",
    }
)
KEEP_ROWS = 500  # older change rows are pruned; only the count and the top id matter
_WRITE = re.compile(
    r'^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?(\w+)"?', re.IGNORECASE
)
_STAMPED = "dashboards_stamped"
RECHECK_SECONDS = 60.0
_has_table: weakref.WeakKeyDictionary[Engine, tuple[bool, float]] = weakref.WeakKeyDictionary()
_table: Table = DataChange.__table__  # type: ignore[assignment]


def written_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes to, else None."""
    m = _WRITE.match(statement)
    return m.group(1).lower() if m else None


def _stamp_table_exists(conn: Connection) -> bool:
    """Whether this database has the change table yet (a missing one is looked for again after
    a minute, so a process started before `qifutong init` picks it up)."""
    engine = conn.engine
    known = _has_table.get(engine)
    if known is None or (not known[0] and time.monotonic() - known[1] > RECHECK_SECONDS):
        known = (inspect(conn).has_table(_table.name), time.monotonic())
        _has_table[engine] = known
    return known[0]


def _after_execute(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    table = written_table(statement)
    if table is None or table not in WATCHED or conn.info.get(_STAMPED):
        return
    conn.info[_STAMPED] = True
    if not _stamp_table_exists(conn):
        return
    result = conn.execute(insert(_table).values(tables=table, at=utcnow()))
    new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if new_id and new_id % 100 == 0:
        conn.execute(delete(_table).where(_table.c.id <= new_id - KEEP_ROWS))


def _end_transaction(conn: Connection, *args: Any) -> None:
    conn.info.pop(_STAMPED, None)


def install() -> None:
    """Listen on every engine (idempotent)."""
    if event.contains(Engine, "after_cursor_execute", _after_execute):
        return
    event.listen(Engine, "after_cursor_execute", _after_execute)
    for name in ("begin", "commit", "rollback", "rollback_savepoint"):
        event.listen(Engine, name, _end_transaction)


def data_version(session: Any) -> tuple[int, int] | None:
    """(row count, top id) of the change table; None where the table is missing (no caching)."""
    conn = session.connection()
    if not _stamp_table_exists(conn):
        return None
    count, top = session.execute(select(func.count(), func.max(_table.c.id))).one()
    return int(count or 0), int(top or 0)


class FigureCache:
    """A small LRU of computed results keyed by data version and the request's parameters."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(
        self, version: tuple[int, int] | None, key: Hashable, compute: Callable[[], T]
    ) -> T:
        if version is None:
            self.misses += 1
            return compute()
        full = (version, key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                self.hits += 1
                return self._items[full]
        self.misses += 1
        value = compute()
        with self._lock:
            # Entries of older versions can never be used again.
            for old in [k for k in self._items if k[0] != version]:  # type: ignore[index]
                del self._items[old]
            self._items[full] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


cache = FigureCache()
