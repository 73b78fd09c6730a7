"""The cockpit's cache: figures are kept per period, filters and scope, and dropped as soon as
the data they were computed from changes — in this process or any other.

Every write (INSERT/UPDATE/DELETE through SQLAlchemy, on any connection) to a table the cockpit
reads adds one row per table written to `dashboard_data_change`, inside the writer's own
transaction. A table's version is the highest id of its rows (the newest row of each table is
never pruned, so a version never comes back). While a result is computed, the statements the
process runs are watched for the tables they read; the result is used again only while each of
those tables is at the version it had when the computation started. So a firm's new demand
drops the service figures, not the economic ones. Reading the versions is one small query, so
every gunicorn worker checks them on each request."""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

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
        # the running totals the cockpit reads instead of the records, once they are fresh
        "cockpit_firm_month",
        "cockpit_month",
        "cockpit_aggregate_state",
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
    if table is None or table not in WATCHED:
        if _readers:
            _note_reads(statement)
        return
    stamped = conn.info.setdefault(_STAMPED, set())
    if table in stamped:
        return
    stamped.add(table)
    if not _stamp_table_exists(conn):
        return
    result = conn.execute(insert(_table).values(tables=table, at=utcnow()))
    new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if new_id and new_id % 100 == 0:
        newest = select(func.max(_table.c.id)).group_by(_table.c.tables)
        conn.execute(
            delete(_table).where(_table.c.id <= new_id - KEEP_ROWS, _table.c.id.not_in(newest))
        )


# --- which tables a computation reads --------------------------------------------------------

_readers: list[set[str]] = []  # one set per computation running in this process
_readers_lock = threading.Lock()
_NAMES = re.compile(r"\b(" + "|".join(sorted(WATCHED)) + r")\b", re.IGNORECASE)


def _note_reads(statement: str) -> None:
    """Every computation running in the process notes the tables a statement names (a
    statement of another thread may be noted too: a larger set only drops results sooner)."""
    names = {m.lower() for m in _NAMES.findall(statement)}
    if names:
        with _readers_lock:
            for found in _readers:
                found |= names


class _Reading:
    def __enter__(self) -> set[str]:
        self.found: set[str] = set()
        with _readers_lock:
            _readers.append(self.found)
        return self.found

    def __exit__(self, *exc: Any) -> None:
        with _readers_lock:
            _readers.remove(self.found)


def _end_transaction(conn: Connection, *args: Any) -> None:
    conn.info.pop(_STAMPED, None)


def install() -> None:
    """Listen on every engine (idempotent)."""
    if event.contains(Engine, "after_cursor_execute", _after_execute):
        return
    event.listen(Engine, "after_cursor_execute", _after_execute)
    for name in ("begin", "commit", "rollback", "rollback_savepoint"):
        event.listen(Engine, name, _end_transaction)


Versions = dict[str, int]


def table_versions(session: Any) -> Versions | None:
    """Each watched table's version (its newest change row; 0 if none); None where the change
    table is missing (no caching)."""
    conn = session.connection()
    if not _stamp_table_exists(conn):
        return None
    rows = session.execute(
        select(_table.c.tables, func.max(_table.c.id)).group_by(_table.c.tables)
    ).all()
    return {str(t): int(top or 0) for t, top in rows}


def data_version(session: Any) -> tuple[int, int] | None:
    """(row count, top id) of the change table: any change to any watched table moves it;
    None where the table is missing."""
    conn = session.connection()
    if not _stamp_table_exists(conn):
        return None
    count, top = session.execute(select(func.count(), func.max(_table.c.id))).one()
    return int(count or 0), int(top or 0)


def _at(versions: Versions, tables: frozenset[str]) -> tuple[int, ...]:
    return tuple(versions.get(t, 0) for t in sorted(tables))


class FigureCache:
    """A small LRU of computed results, each kept with the tables it read and their versions
    when it was computed."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[frozenset[str], tuple[int, ...], Any]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(
        self, versions: Versions | None, key: Hashable, compute: Callable[[], T]
    ) -> T:
        """The cached result for `key` if every table it read is still at the version it had,
        else compute (noting the tables read) and keep it. `versions`: table_versions() read
        before computing, so that a write during the computation drops its result."""
        if versions is None:
            self.misses += 1
            return compute()
        with self._lock:
            entry = self._items.get(key)
            if entry is not None and _at(versions, entry[0]) == entry[1]:
                self._items.move_to_end(key)
                self.hits += 1
                return cast(T, entry[2])
        self.misses += 1
        with _Reading() as read:
            value = compute()
        tables = frozenset(read)
        with self._lock:
            self._items[key] = (tables, _at(versions, tables), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


cache = FigureCache()
