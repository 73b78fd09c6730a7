"""Storing match results set-wise: every eligible result, and each firm's best N near-misses.

Rows are written as compact codes (status, score, the mask of conditions met), with COPY on
PostgreSQL and one executemany on SQLite, never through the ORM. A near-miss is kept when it is
among the firm's best N by closeness (fewer `must`s missing), then score, then the newer offer;
each firm's N-th best level is its floor, one byte per firm in `near_floor`, so that matching
one new offer stores its near-misses only where they reach the floor (a new offer wins ties).
A floor only rises, so a floor read before other offers were matched lets through a few more
than needed, never fewer."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import delete, select

from qifutong.changes import note_write
from qifutong.extensions import db
from qifutong.matching.engine import Codes, CompiledOffer
from qifutong.matching.models import NearFloor

RESULT_COLUMNS = (
    "enterprise_id",
    "offer_kind",
    "offer_id",
    "status",
    "score",
    "met",
    "computed_at",
)
EXECUTEMANY_CHUNK = 20_000


BLOCK = 65_536  # firms per stored row of floors


def near_level(codes: Codes) -> npt.NDArray[np.int64]:
    """A near-miss's rank as a small number, higher is better: one `must` missing before two,
    then the score (in halves). 0 is below every near-miss."""
    halves = np.minimum(99, np.round(codes.score * 2)).astype(np.int64)
    return 1 + (2 - codes.missing.astype(np.int64)) * 100 + halves


def near_key(codes: Codes, offer_id: int) -> npt.NDArray[np.float64]:
    """The level, then the newer offer (ids below 10^7) among equals."""
    return (near_level(codes) * 1e7 + min(offer_id, 10**7 - 1)).astype(np.float64)


def result_frame(
    offer: CompiledOffer, ids: npt.NDArray[np.int64], codes: Codes, now: datetime
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "enterprise_id": ids[codes.positions],
            "offer_kind": offer.kind,
            "offer_id": offer.id,
            "status": np.where(codes.eligible, "eligible", "near_miss"),
            "score": codes.score,
            "met": codes.met,
            "computed_at": now,
        },
        columns=list(RESULT_COLUMNS),
    )


PG_EPOCH = datetime(2000, 1, 1)
_HEADER = b"PGCOPY\n\xff\r\n\0" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")


def write_codes(
    offer: CompiledOffer, ids: npt.NDArray[np.int64], codes: Codes, now: datetime
) -> int:
    """Store one offer's coded results: on PostgreSQL as binary COPY built in numpy (one
    fixed-width record per row, eligible and near-miss rows apart), else through copy_rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return copy_rows("match_result", result_frame(offer, ids, codes, now))
    micros = int((now - PG_EPOCH).total_seconds() * 1_000_000)
    parts = [_HEADER]
    for status, mine in (("eligible", codes.eligible), ("near_miss", ~codes.eligible)):
        if not mine.any():
            continue
        kind, word = offer.kind.encode(), status.encode()
        layout = np.dtype(
            [("fields", ">i2"),
             ("l1", ">i4"), ("enterprise_id", ">i4"),
             ("l2", ">i4"), ("offer_kind", f"S{len(kind)}"),
             ("l3", ">i4"), ("offer_id", ">i4"),
             ("l4", ">i4"), ("status", f"S{len(word)}"),
             ("l5", ">i4"), ("score", ">f8"),
             ("l6", ">i4"), ("met", ">i8"),
             ("l7", ">i4"), ("computed_at", ">i8")]
        )  # fmt: skip
        rows = np.zeros(int(mine.sum()), dtype=layout)
        rows["fields"] = 7
        for i, size in enumerate((4, len(kind), 4, len(word), 8, 8, 8), start=1):
            rows[f"l{i}"] = size
        rows["enterprise_id"] = ids[codes.positions[mine]]
        rows["offer_kind"] = kind
        rows["offer_id"] = offer.id
        rows["status"] = word
        rows["score"] = codes.score[mine]
        rows["met"] = codes.met[mine]
        rows["computed_at"] = micros
        parts.append(rows.tobytes())
    parts.append((-1).to_bytes(2, "big", signed=True))
    conn = db.session.connection()
    note_write(conn, "match_result")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(RESULT_COLUMNS)
    with cursor.copy(f"COPY match_result ({columns}) FROM STDIN (FORMAT binary)") as copy:
        copy.write(b"".join(parts))
    return int(codes.positions.shape[0])


def copy_rows(table: str, frame: pd.DataFrame) -> int:
    """Append the frame's rows to the table inside the session's transaction."""
    if frame.empty:
        return 0
    conn = db.session.connection()
    note_write(conn, table)
    columns = list(frame.columns)
    raw = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        frame = _dates_as_text(frame)
        buf = io.StringIO()
        frame.to_csv(
            buf,
            sep="\t",
            header=False,
            index=False,
            na_rep="\\N",
            date_format="%Y-%m-%d %H:%M:%S.%f",
        )
        cursor = raw.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buf.getvalue())
        return len(frame)
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    cursor = raw.cursor()  # type: ignore[union-attr]
    frame = _dates_as_text(frame)
    values = frame.astype(object).where(frame.notna(), None)
    rows = list(values.itertuples(index=False, name=None))
    for start in range(0, len(rows), EXECUTEMANY_CHUNK):
        cursor.executemany(sql, rows[start : start + EXECUTEMANY_CHUNK])
    return len(frame)


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as ISO text, each distinct one formatted once (a batch shares one)."""
    out = frame
    for name in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[name]):
            col = frame[name]
            text_of = {v: pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S.%f") for v in col.unique()}
            out = out.assign(**{name: col.map(text_of)})
    return out


def floor_levels(ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each firm's floor level, in the order of ids (0 where none is stored)."""
    out = np.zeros(ids.shape[0], dtype=np.int64)
    if not ids.shape[0]:
        return out
    blocks = [int(b) for b in np.unique(ids // BLOCK)]
    rows = db.session.execute(
        select(NearFloor.block, NearFloor.levels).where(NearFloor.block.in_(blocks))
    ).all()
    for block, levels in rows:
        table = np.frombuffer(levels, dtype=np.uint8)
        mine = (ids // BLOCK) == block
        out[mine] = table[ids[mine] % BLOCK]
    return out


def store_floor_levels(
    ids: npt.NDArray[np.int64], levels: npt.NDArray[np.int64], all_firms: bool
) -> None:
    """Store these firms' floor levels (the other firms' are kept, unless `all_firms`)."""
    if all_firms:
        db.session.execute(delete(NearFloor))
    blocks = [int(b) for b in np.unique(ids // BLOCK)]
    stored: dict[int, bytes] = {}
    if not all_firms:
        stmt = select(NearFloor.block, NearFloor.levels).where(NearFloor.block.in_(blocks))
        stored = {int(b): bytes(v) for b, v in db.session.execute(stmt).all()}
    for block in blocks:
        table = np.zeros(BLOCK, dtype=np.uint8)
        if block in stored:
            table[:] = np.frombuffer(stored[block], dtype=np.uint8)
        mine = (ids // BLOCK) == block
        table[ids[mine] % BLOCK] = np.minimum(levels[mine], 255)
        db.session.merge(NearFloor(block=block, levels=table.tobytes()))


class NearKeeper:
    """Each firm's best N near-misses over a stream of offers, in fixed arrays (N per firm)."""

    def __init__(self, n_firms: int, keep: int) -> None:
        self.keep = keep
        self.keys = np.full((n_firms, keep), -np.inf)
        self.offers = np.full((n_firms, keep), -1, dtype=np.int32)
        self.worst = np.full(n_firms, -np.inf)

    def add(
        self, positions: npt.NDArray[np.int64], keys: npt.NDArray[np.float64], offer: int
    ) -> None:
        if self.keep == 0 or positions.shape[0] == 0:
            return
        better = keys > self.worst[positions]
        p, k = positions[better], keys[better]
        if p.shape[0] == 0:
            return
        slot = self.keys[p].argmin(axis=1)
        self.keys[p, slot] = k
        self.offers[p, slot] = offer
        self.worst[p] = self.keys[p].min(axis=1)

    def kept(self) -> dict[int, npt.NDArray[np.int64]]:
        """Offer index → positions of the firms that keep its near-miss."""
        firms, slots = np.nonzero(self.offers >= 0)
        offers = self.offers[firms, slots]
        order = np.argsort(offers, kind="stable")
        firms, offers = firms[order], offers[order]
        cuts = np.flatnonzero(np.diff(offers)) + 1
        return {
            int(group[0]): np.sort(f.astype(np.int64))
            for f, group in zip(np.split(firms, cuts), np.split(offers, cuts), strict=True)
            if group.shape[0]
        }

    def floor_levels(self) -> npt.NDArray[np.int64]:
        """Each firm's N-th best level, or 0 while it has fewer than N."""
        out = np.zeros(self.worst.shape[0], dtype=np.int64)
        full = np.isfinite(self.worst)
        out[full] = (self.worst[full] // 1e7).astype(np.int64)
        return out


def summary_missed(cols: Any, offer: CompiledOffer, near: Codes) -> tuple[list[list[int]], int]:
    """For each condition, how many near-miss firms fail it and how many have no data for it;
    and how many near-miss firms miss data only."""
    from qifutong.matching import bits

    out: list[list[int]] = []
    other_than_data = np.zeros(near.positions.shape[0], dtype=bool)
    for i, cond in enumerate(offer.conditions):
        unmet = ((near.met >> i) & 1) == 0
        if cond.kind != "must":
            out.append([0, 0])
            continue
        known = bits.get(cols.known(cond.field), near.positions)
        out.append([int((unmet & known).sum()), int((unmet & ~known).sum())])
        other_than_data |= unmet & known
    return out, int((~other_than_data).sum())
