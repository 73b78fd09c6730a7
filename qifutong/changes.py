"""Which data changed, for every process: per-table change stamps, and a cache that keeps a
result only while the tables it read are unchanged.

Every write (INSERT/UPDATE/DELETE through SQLAlchemy, on any connection, and the bulk COPY
paths through `note_write`) to a table of the platform adds one row per table written to
`dashboard_data_change`, inside the writer's own transaction. A table's version is the highest
id of its rows (the newest row of each table is never pruned, so a version never comes back).
While a result is computed, the statements the process runs are watched for the tables they
name; the result is used again only while each of those tables is at the version it had when
the computation started. So a firm's new demand drops the cockpit's service figures, not the
economic ones, and a new policy drops the offers every firm's inbox reads. Reading the
versions is one small query, so every gunicorn worker checks them on each request.

The per-request bookkeeping tables (`UNSTAMPED`: logins, tokens) are never stamped; a
computation that reads one of them is not kept."""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import DateTime, String, Table, delete, event, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, mapped_column

from qifutong.extensions import Model, db
from qifutong.models_base import utcnow

T = TypeVar("T")


class DataChange(Model):
    """A committed write to a table: the newest id per table is that table's version, which
    every server process compares before trusting what it cached. (The table keeps the name it
    had when only the cockpit used it.)"""

    __tablename__ = "dashboard_data_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    tables: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


_table: Table = DataChange.__table__  # type: ignore[assignment]
# Written on nearly every request or login and read by no cached computation: never stamped.
UNSTAMPED = frozenset({"api_token", "login_attempt", _table.name})
KEEP_ROWS = 500  # older change rows are pruned; only the count and the top id matter
_WRITE = re.compile(
    r'^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+"?(\w+)"?', re.IGNORECASE
)
_STAMPED = "qifutong_stamped"
_VERSIONS = "qifutong_versions"
RECHECK_SECONDS = 60.0
_has_table: weakref.WeakKeyDictionary[Engine, tuple[bool, float]] = weakref.WeakKeyDictionary()


def written_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes to, else None."""
    m = _WRITE.match(statement)
    return m.group(1).lower() if m else None


def stamped(table: str) -> bool:
    """Whether writes to this table are stamped (every table of the platform but UNSTAMPED)."""
    return table in db.metadata.tables and table not in UNSTAMPED


def _stamp_table_exists(conn: Connection) -> bool:
    """Whether this database has the change table yet (a missing one is looked for again after
    a minute, so a process started before `qifutong init` picks it up)."""
    engine = conn.engine
    known = _has_table.get(engine)
    if known is None or (not known[0] and time.monotonic() - known[1] > RECHECK_SECONDS):
        known = (inspect(conn).has_table(_table.name), time.monotonic())
        _has_table[engine] = known
    return known[0]


def note_write(conn: Connection, table: str) -> None:
    """Stamp a write to `table` in the connection's transaction (once per transaction). The
    SQLAlchemy statements are stamped by themselves; a bulk path that writes through the
    driver (COPY) calls this."""
    if not stamped(table):
        return
    done = conn.info.setdefault(_STAMPED, set())
    if table in done:
        return
    done.add(table)
    if not _stamp_table_exists(conn):
        return
    result = conn.execute(insert(_table).values(tables=table, at=utcnow()))
    new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if new_id and new_id % 100 == 0:
        newest = select(func.max(_table.c.id)).group_by(_table.c.tables)
        conn.execute(
            delete(_table).where(_table.c.id <= new_id - KEEP_ROWS, _table.c.id.not_in(newest))
        )


def _after_execute(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    table = written_table(statement)
    if table is None:
        if _readers:
            _note_reads(statement)
        return
    note_write(conn, table)


# --- which tables a computation reads --------------------------------------------------------

_readers: list[set[str]] = []  # one set per computation running in this process
_readers_lock = threading.Lock()
_names: tuple[int, re.Pattern[str]] | None = None


def _pattern() -> re.Pattern[str]:
    """A pattern of every table name of the platform (rebuilt when tables are added)."""
    global _names
    tables = db.metadata.tables
    if _names is None or _names[0] != len(tables):
        names = sorted(t for t in tables if t != _table.name)
        _names = (len(tables), re.compile(r"\b(" + "|".join(names) + r")\b", re.IGNORECASE))
    return _names[1]


def _note_reads(statement: str) -> None:
    """Every computation running in the process notes the tables a statement names (a
    statement of another thread may be noted too: a larger set only drops results sooner)."""
    note_reads(frozenset(m.lower() for m in _pattern().findall(statement)))


def note_reads(tables: frozenset[str]) -> None:
    """A result taken from a cache stands for reading the tables it was computed from: an
    enclosing computation depends on them too."""
    if _readers and tables:
        with _readers_lock:
            for found in _readers:
                found |= tables


class reading:
    """Note the tables the statements run inside the block name."""

    def __enter__(self) -> set[str]:
        self.found: set[str] = set()
        with _readers_lock:
            _readers.append(self.found)
        return self.found

    def __exit__(self, *exc: Any) -> None:
        with _readers_lock:  # by identity: a nested computation's set may be equal to this one
            index = next(i for i, found in enumerate(_readers) if found is self.found)
            del _readers[index]


def _end_transaction(conn: Connection, *args: Any) -> None:
    conn.info.pop(_STAMPED, None)
    conn.info.pop(_VERSIONS, None)


def install() -> None:
    """Listen on every engine (idempotent)."""
    if event.contains(Engine, "after_cursor_execute", _after_execute):
        return
    event.listen(Engine, "after_cursor_execute", _after_execute)
    for name in ("begin", "commit", "rollback", "rollback_savepoint"):
        event.listen(Engine, name, _end_transaction)


Versions = dict[str, int]


def table_versions(session: Any) -> Versions | None:
    """Each table's version (its newest change row; 0 if none); None (no caching) where the
    change table is missing or the session's transaction has written."""
    conn = session.connection()
    if not _stamp_table_exists(conn):
        return None
    session.flush()
    if conn.info.get(_STAMPED):
        # A transaction that wrote sees its own stamps, which a rollback takes back (and
        # SQLite may give their ids again): nothing it computes is kept.
        return None
    known = conn.info.get(_VERSIONS)
    if known is None:  # read once per transaction: a request sees the versions it began with
        rows = session.execute(
            select(_table.c.tables, func.max(_table.c.id)).group_by(_table.c.tables)
        ).all()
        known = conn.info[_VERSIONS] = {str(t): int(top or 0) for t, top in rows}
    return cast(Versions, known)


def data_version(session: Any) -> tuple[int, int] | None:
    """(row count, top id) of the change table: any stamped write moves it; None where the
    table is missing."""
    conn = session.connection()
    if not _stamp_table_exists(conn):
        return None
    count, top = session.execute(select(func.count(), func.max(_table.c.id))).one()
    return int(count or 0), int(top or 0)


def versions_at(versions: Versions, tables: frozenset[str]) -> tuple[int, ...]:
    return tuple(versions.get(t, 0) for t in sorted(tables))


class VersionedCache:
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
        self,
        versions: Versions | None,
        key: Hashable,
        compute: Callable[[], T],
        reads: frozenset[str] = frozenset(),
    ) -> T:
        """The cached result for `key` if every table it read is still at the version it had,
        else compute (noting the tables read) and keep it. `versions`: table_versions() read
        before computing, so that a write during the computation drops its result; `reads`:
        tables the result depends on through objects the caller loaded before. Results are
        kept per database: equal versions in another database say nothing of this one."""
        if versions is None:
            self.misses += 1
            return compute()
        key = (db.engine.url, key)
        with self._lock:
            entry = self._items.get(key)
            if entry is not None and versions_at(versions, entry[0]) == entry[1]:
                self._items.move_to_end(key)
                self.hits += 1
                note_reads(entry[0])
                return cast(T, entry[2])
        self.misses += 1
        with reading() as read:
            value = compute()
        tables = frozenset(read) | reads
        note_reads(reads)
        if tables & UNSTAMPED:
            return value  # its tables change without a stamp: never kept
        with self._lock:
            self._items[key] = (tables, versions_at(versions, tables), value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
