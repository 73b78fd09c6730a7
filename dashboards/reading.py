"""Rows of a read as a pandas DataFrame, fast: through the ORM session, straight from the
driver, or on PostgreSQL as one CSV stream (COPY)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import String

from qifutong.extensions import db


def read_frame(stmt: Any) -> pd.DataFrame:
    result = db.session.execute(stmt)
    keys = list(result.keys())
    # Plain tuples build a DataFrame several times faster than Row objects.
    return pd.DataFrame([tuple(r) for r in result], columns=keys)


def read_raw_frame(stmt: Any) -> pd.DataFrame:
    """The rows of a large read straight from the driver, in the session's transaction: no
    per-row ORM processing (SQLite hands back dates as ISO text and flags as 0/1)."""
    conn = db.session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if conn.dialect.name == "sqlite":
        params: Any = [
            v.isoformat() if isinstance(v, date) else v
            for v in (compiled.params[k] for k in compiled.positiontup or ())
        ]
    else:
        params = compiled.params
    cursor.execute(str(compiled), params)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    cursor.close()
    return pd.DataFrame(rows, columns=columns)


def read_coded_frame(stmt: Any) -> pd.DataFrame:
    """Like read_raw_frame, for reads of codes, flags, dates and numbers only (no free text):
    on PostgreSQL the rows come as one CSV stream (COPY) that pandas parses in C, several times
    faster than building a Python tuple per row. Flags read as True/False, dates as ISO text."""
    conn = db.session.connection()
    if conn.dialect.name != "postgresql":
        return read_raw_frame(stmt)
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    out = io.BytesIO()
    # psycopg binds the parameters into the COPY statement itself (COPY takes none).
    with cursor.copy(f"COPY ({compiled}) TO STDOUT (FORMAT csv, HEADER)", compiled.params) as copy:
        for block in copy:
            out.write(block)
    cursor.close()
    out.seek(0)
    # Codes stay text even where every value is missing or looks like a number.
    text_columns = {c.name: "str" for c in stmt.selected_columns if isinstance(c.type, String)}
    return pd.read_csv(
        out,
        dtype=text_columns,
        true_values=["t"],
        false_values=["f"],
        keep_default_na=False,
        na_values=[""],
    )


# The packed read parts fields and rows by the ASCII unit and record separators, which no
# code, name or number holds, so that text goes as it is: quoting it (and doubling its quotes)
# cost the server a third of the read. Should a value hold one, the separators do not add up
# and the read is made again with text quoted as CSV.
FIELD, RECORD = "\x1f", "\x1e"


def read_packed_frame(stmt: Any) -> pd.DataFrame:
    """The rows of a large read, as read_raw_frame gives them but several times faster on
    PostgreSQL: the server joins the rows into one text (NULL as \\N), which arrives as one
    value instead of a message per row, and pandas parses it in C. Flags read as True/False,
    dates as ISO text, NULL as NaN. (One text value holds up to 1 GB: some ten million rows of
    a firm's codes and figures.)"""
    conn = db.session.connection()
    if conn.dialect.name != "postgresql":
        return read_raw_frame(stmt)
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    names = [c.name for c in stmt.selected_columns]
    text_columns = {c.name: "str" for c in stmt.selected_columns if isinstance(c.type, String)}
    options: dict[str, Any] = {
        "dtype": text_columns,
        "true_values": ["true"],
        "false_values": ["false"],
        "keep_default_na": False,
        "na_values": ["\\N"],
    }
    rows, body = _packed_text(conn, compiled, names, None)
    if body.count(FIELD) == rows * (len(names) - 1) and body.count(RECORD) == max(rows - 1, 0):
        text = FIELD.join(names) + RECORD + body
        return pd.read_csv(
            io.StringIO(text), sep=FIELD, lineterminator=RECORD, quoting=csv.QUOTE_NONE, **options
        )
    _, body = _packed_text(conn, compiled, names, set(text_columns))
    return pd.read_csv(io.StringIO(",".join(names) + "\n" + body), **options)


def _packed_text(
    conn: Any, compiled: Any, names: list[str], quoted: set[str] | None
) -> tuple[int, str]:
    """The count of a compiled read's rows, and the rows as one text: fields parted by FIELD
    and rows by RECORD, or as CSV with the text columns named in `quoted` quoted."""
    if quoted is None:
        separators = (f"E'\\x{ord(FIELD):02x}'", f"E'\\x{ord(RECORD):02x}'")
    else:
        separators = ("','", "E'\\n'")
    fields = []
    for name in names:
        value = f'r."{name}"::text'
        if quoted and name in quoted:
            value = f"""'"' || replace({value}, '"', '""') || '"'"""
        fields.append(f"coalesce({value}, '\\N')")
    sql = (
        f"SELECT count(*), string_agg(concat_ws({separators[0]}, {', '.join(fields)}), "
        f"{separators[1]}) FROM ({compiled}) AS r"
    )
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute(sql, compiled.params)
    row = cursor.fetchone()
    cursor.close()
    return int(row[0]), row[1] or ""
