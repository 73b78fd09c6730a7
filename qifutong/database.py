"""The database: SQLite as a real embedded default, and the one place where transactions end.

SQLite runs in WAL mode (readers never wait for the writer), with a busy timeout (a second
writer waits its turn instead of failing) and foreign keys enforced, as on PostgreSQL.

One request, one transaction:
A request, a command or a job runs in an application context of its own; its database work
is one transaction of the context's session, committed when the work succeeds and rolled back
when it fails, here and nowhere else:
- a request: when its view has answered (`end_view`), inside Flask's error handling, so that a
  refusal the database raises on commit becomes the same 4xx answer as one raised in the view;
  an answer of 400 or more rolls back, unless the request recorded its refusal
  (`keep_when_refused`: a failed login, a refused upload);
- a command: `with_transaction`; a job: `job`.
Views write and `flush()` when they must know at once that the database takes what they wrote
(to show a refusal on the form); they do not commit. Only long work commits in the middle (an
import in chunks, before it hands its batch to a thread); whatever is left open is ended here.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, g
from sqlalchemy import BigInteger, Float, Integer, String, event, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.web.i18n import translate

F = TypeVar("F", bound=Callable[..., Any])

# How long a SQLite writer waits for another to finish before it gives up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def refresh_statistics() -> None:
    """Give the query planner fresh table statistics after a bulk load (SQLite keeps none
    until asked, and then joins leases, units and buildings in the slowest order)."""
    db.session.execute(text("ANALYZE"))


class ValueDoesNotFit(QifutongError, ValueError):
    """A value its column cannot hold on every backend (too long, too large, not finite)."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: str, value: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.value = field, message, value

    def shown(self) -> str:
        start = str(self.value)[:20]
        return translate("“{value}…”{problem}，请修改后重试。", value=start, problem=self.message)

    def api_error(self) -> dict[str, Any]:
        return {**super().api_error(), "field": self.field}


_INT32 = 2**31 - 1


@functools.cache
def _limits(mapper: Any) -> tuple[tuple[str, str, int], ...]:
    """(attribute, kind, limit) for the mapped columns a backend could refuse or store wrongly."""
    out = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        kind = column.type
        if isinstance(kind, String):  # Text too: no NUL character on PostgreSQL
            out.append((attr.key, "text", int(kind.length or 0)))
        elif isinstance(kind, Integer) and not isinstance(kind, BigInteger):
            out.append((attr.key, "int", _INT32))
        elif isinstance(kind, Float):
            out.append((attr.key, "float", 0))
    return tuple(out)


def check_values(session: Any, _context: Any = None, _instances: Any = None) -> None:
    """Before a flush: every new or changed value fits its column, so that SQLite stores what
    PostgreSQL would (String(n) is not enforced there) and neither answers with a server error."""
    for obj in (*session.new, *session.dirty):
        for key, kind, limit in _limits(sa_inspect(obj).mapper):
            value = obj.__dict__.get(key)
            if value is None:
                continue
            if kind == "text" and isinstance(value, str):
                if limit and len(value) > limit:
                    raise ValueDoesNotFit(key, translate("不能超过 {n} 个字符", n=limit), value)
                if "\x00" in value:
                    raise ValueDoesNotFit(key, translate("不能包含空字符"), value)
            if kind == "int" and isinstance(value, int) and not -_INT32 <= value <= _INT32:
                raise ValueDoesNotFit(key, translate("数值过大"), value)
            if kind == "float" and isinstance(value, float) and not math.isfinite(value):
                raise ValueDoesNotFit(key, translate("应为有限的数字"), value)


event.listen(Session, "before_flush", check_values)


def exclusive(name: str) -> None:
    """Hold `name` until the transaction ends; another transaction asking for it waits until
    this one has committed, then sees what it wrote. (PostgreSQL: an advisory lock. SQLite:
    its write lock, taken now rather than at the first write.)"""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        # Advisory locks belong to the database: the schema is part of the name, so that
        # installations (or test runs) in schemas of one database never wait on each other.
        schema = conn.info.get("qifutong_schema")
        if schema is None:
            schema = conn.info["qifutong_schema"] = conn.scalar(text("SELECT current_schema()"))
        key = zlib.crc32(f"{schema}/{name}".encode()) - 2**31
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        conn.execute(text('UPDATE "user" SET id = id WHERE 0'))


def on_commit(action: Callable[[], object]) -> None:
    """Do `action` once the current work has committed (a file removed only when the row that
    named it is gone for good); forgotten if the work is rolled back."""
    g.setdefault("qifutong_on_commit", []).append(action)


def end(ok: bool) -> None:
    """Commit the session's transaction when the work succeeded, roll it back otherwise."""
    actions = g.pop("qifutong_on_commit", [])
    if ok:
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        for action in actions:
            action()
    else:
        db.session.rollback()


def keep_when_refused() -> None:
    """Commit this request's writes even though it answers with a refusal (4xx): what it wrote
    is the record of the refusal itself (a failed login attempt, a refused import batch)."""
    g.qifutong_keep_refusal = True


def _succeeded(status: int) -> bool:
    return status < 400 or bool(g.get("qifutong_keep_refusal"))


def end_view(response: Response) -> Response:
    """End the request's transaction once its view has answered: commit unless it refused."""
    end(_succeeded(response.status_code))
    return response


def job(func: F) -> F:
    """Run `func` as one unit of work in the current application context: commit on success,
    roll back and re-raise on failure."""

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
        except BaseException:
            end(False)
            raise
        end(True)
        return result

    return wrapped  # type: ignore[return-value]


def with_transaction(func: F) -> F:
    """A CLI command in an application context of its own, as one unit of work; the
    session is removed and its connections returned when the command ends."""
    from flask.cli import with_appcontext

    return with_appcontext(job(func))


def init_app(app: Flask) -> None:
    from qifutong import changes

    changes.install()  # every write stamps its table, for the caches of every process

    @app.after_request
    def end_request_transaction(response: Response) -> Response:
        # What end_view did not end: an answer from a before-request hook or an error handler
        # (a 4xx/5xx answer keeps nothing the request may have written half-way).
        end(_succeeded(response.status_code))
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()


def include_in_schema(dialect: str) -> Any:
    """Alembic's include_object for a database of this dialect: an index the models create only
    on some dialects (`Index(...).ddl_if(dialect=...)`) is not expected on the others, and on
    SQLite, which reflects such an index without its order, it is not compared at all."""

    def include_object(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ != "index":
            return True
        model = compare_to if reflected else obj
        ddl_if = getattr(model, "_ddl_if", None) if model is not None else None
        if ddl_if is None or not ddl_if.dialect:
            return True
        if dialect == "sqlite":
            return False
        wanted = ddl_if.dialect
        return dialect in ((wanted,) if isinstance(wanted, str) else tuple(wanted))

    return include_object
