"""The database: SQLite as a real embedded default, and the one place where transactions end.

SQLite runs in WAL mode (readers never wait for the writer), with a busy timeout (a second
writer waits its turn instead of failing) and foreign keys enforced, as on PostgreSQL.

One request, one transaction:
A request, a command or a job runs in an application context of its own; its database work
is one transaction of the context's session, committed when the work succeeds and rolled back
when it fails, here and nowhere else. Services may still commit in the middle of long work
(an import in chunks); whatever is left open is ended here.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from werkzeug.wrappers import Response

from qifutong.extensions import db

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


def end(ok: bool) -> None:
    """Commit the session's transaction when the work succeeded, roll it back otherwise."""
    if ok:
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    else:
        db.session.rollback()


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
    @app.after_request
    def end_request_transaction(response: Response) -> Response:
        # A 4xx/5xx answer keeps nothing the request may have written half-way.
        end(response.status_code < 400)
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
