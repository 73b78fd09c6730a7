"""Bulk inserts inside the session's transaction: executemany on SQLite, COPY on PostgreSQL
(the multi-row VALUES statements the driver would otherwise parse are far slower there)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, cast

from sqlalchemy import Boolean, Column, Integer, Table, func, insert, select, text

from qifutong.changes import note_write
from qifutong.extensions import db
from qifutong.models_base import JSONType


def table_of(model: Any) -> Table:
    return cast(Table, model.__table__)


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _defaults(table: Table, keys: set[str]) -> dict[str, Any]:
    """Python-side defaults of the columns the rows leave out (COPY does not apply them)."""
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.name in keys or col.default is None or col.primary_key:
            continue
        default: Any = col.default
        out[col.name] = default.arg(None) if default.is_callable else default.arg
    return out


def _converter(column: Column[Any]) -> Callable[[Any], Any]:
    """COPY takes text: JSON as JSON, whole floats in integer columns as integers."""
    if isinstance(column.type, JSONType):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(column.type, Integer):
        return lambda v: int(v) if isinstance(v, float) else v
    if isinstance(column.type, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _copy(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    keys = set(rows[0])
    extra = _defaults(table, keys)
    columns = [c for c in table.columns if c.name in keys or c.name in extra]
    convert = [_converter(c) for c in columns]
    connection = db.session.connection()
    quote = connection.dialect.identifier_preparer
    sql = (
        f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c.name) for c in columns)}) "
        "FROM STDIN"
    )
    raw = connection.connection.driver_connection
    assert raw is not None
    note_write(connection, table.name)
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    conv(row[col.name] if col.name in row else extra[col.name])
                    for col, conv in zip(columns, convert, strict=True)
                ]
            )


def bulk_insert(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys."""
    if not rows:
        return
    table = table_of(model)
    if _postgres():
        db.session.flush()
        _copy(table, rows)
    else:
        db.session.execute(insert(table), list(rows))


def bulk_insert_ids(model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows that all have the same keys; their new ids, in row order."""
    if not rows:
        return []
    table = table_of(model)
    if _postgres():
        db.session.flush()
        ids = [
            int(i)
            for i in db.session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": len(rows)},
            )
        ]
        _copy(table, [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids
    # SQLite gives consecutive rowids to one executemany under its write lock.
    before = int(db.session.scalar(select(func.max(table.c.id))) or 0)
    db.session.execute(insert(table), list(rows))
    after = int(db.session.scalar(select(func.max(table.c.id))) or 0)
    if after - before != len(rows):
        raise RuntimeError("unexpected row ids after a bulk insert")
    return list(range(before + 1, after + 1))
