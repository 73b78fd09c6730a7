"""The cockpit's monthly aggregates per firm: running totals of each firm's figures, month by
month, so that a period's sum for 100,000 firms is read from two months instead of summed
from every record.

They are kept up to date where the records change: `events.FIGURES_CHANGED` (a figures
import, the demo seed) refreshes the firms named. Should records change without it, the
cockpit notices (a newer record id, or a change stamped on `economic_record` after the last
refresh) and reads the records themselves until the next refresh."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, literal, select

from dashboards.models import FIGURES, AggregateState, FirmMonth, MonthTotal
from dashboards.reading import read_coded_frame
from qifutong.changes import DataChange
from qifutong.enterprises.models import EconomicRecord, Enterprise
from qifutong.extensions import db
from qifutong.models_base import utcnow

STATE = "firm_month"
MONTHLY = "month"  # the street's monthly totals, which also depend on the firms' flags
CHUNK = 5_000
R = EconomicRecord
COLUMNS = ["enterprise_id", "period", *FIGURES, "headcount", *[f"{f}_ly" for f in FIGURES]]


def _month_index(periods: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(periods)
    return (stamps.dt.year * 12 + stamps.dt.month - 1).to_numpy(dtype=np.int64)


def _records(ids: list[int] | None) -> pd.DataFrame:
    cols = (R.enterprise_id, R.period, R.tax_total, R.tax_local, R.revenue, R.headcount)
    if ids is None:
        return read_coded_frame(select(*cols))
    parts = [
        read_coded_frame(select(*cols).where(R.enterprise_id.in_(ids[i : i + CHUNK])))
        for i in range(0, len(ids), CHUNK)
    ]
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[c.key for c in cols])
    )


def running_totals(records: pd.DataFrame, latest: date) -> pd.DataFrame:
    """One row per firm and month, from the firm's first month to `latest`: running totals of
    tax, local tax and revenue, the count of months with records, that month's headcount, and
    the running totals of twelve months earlier."""
    if records.empty:
        return pd.DataFrame(columns=COLUMNS)
    month = _month_index(records["period"])
    firm = records["enterprise_id"].to_numpy(dtype=np.int64)
    firms, first = _first_months(firm, month)
    last = latest.year * 12 + latest.month - 1
    span = np.maximum(last - first + 1, 0)
    offsets = np.concatenate([[0], np.cumsum(span)[:-1]])
    total = int(span.sum())
    group = np.repeat(np.arange(firms.shape[0]), span)
    months = first[group] + (np.arange(total) - offsets[group])
    where = offsets[np.searchsorted(firms, firm)] + (month - first[np.searchsorted(firms, firm)])
    keep = month <= last
    out = {"enterprise_id": firms[group], "period": months}
    for name, source in (("tax", "tax_total"), ("local", "tax_local"), ("revenue", "revenue")):
        values = np.zeros(total)
        np.add.at(values, where[keep], pd.to_numeric(records[source]).fillna(0).to_numpy()[keep])
        out[name] = _per_firm_cumsum(values, offsets, span)
    seen = np.zeros(total)
    np.add.at(seen, where[keep], 1.0)
    out["records"] = _per_firm_cumsum(seen, offsets, span).astype(np.int64)
    # The same totals a year earlier: twelve rows back in the firm's run, 0 before its first.
    back = np.arange(total) - 12
    within = back >= np.repeat(offsets, span)
    for name in FIGURES:
        lagged = np.zeros(total, dtype=out[name].dtype)
        lagged[within] = out[name][back[within]]
        out[f"{name}_ly"] = lagged
    head = np.full(total, np.nan)
    head[where[keep]] = pd.to_numeric(records["headcount"]).to_numpy(dtype=float)[keep]
    out["headcount"] = head
    frame = pd.DataFrame(out)
    frame["period"] = pd.to_datetime(
        {"year": frame["period"] // 12, "month": frame["period"] % 12 + 1, "day": 1}
    ).dt.date
    return frame


def _first_months(firm: np.ndarray, month: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    firms, inverse = np.unique(firm, return_inverse=True)
    first = np.full(firms.shape[0], np.iinfo(np.int64).max)
    np.minimum.at(first, inverse, month)
    return firms, first


def _per_firm_cumsum(values: np.ndarray, offsets: np.ndarray, span: np.ndarray) -> np.ndarray:
    running = np.cumsum(values)
    before = np.where(offsets > 0, running[np.maximum(offsets - 1, 0)], 0.0)
    return running - np.repeat(before, span)


def refresh(ids: Collection[int] | None = None) -> int:
    """Recompute the running totals of these firms (every firm: None); returns the rows."""
    from qifutong.matching.store import copy_rows

    latest = db.session.scalar(select(func.max(R.period)))
    if isinstance(latest, str):
        latest = date.fromisoformat(latest[:10])
    id_list = None if ids is None else sorted(set(ids))
    if id_list is None:
        db.session.execute(delete(FirmMonth))
    else:
        for i in range(0, len(id_list), CHUNK):
            chunk = id_list[i : i + CHUNK]
            db.session.execute(delete(FirmMonth).where(FirmMonth.enterprise_id.in_(chunk)))
    written = 0
    if latest is not None:
        frame = running_totals(_records(id_list), latest)
        written = copy_rows("cockpit_firm_month", frame)
    _mark_fresh(STATE)
    refresh_months()
    return written


def refresh_months() -> None:
    """Recompute the street's monthly totals by building, section and here-flags (one
    grouped pass over the records)."""
    E = Enterprise
    db.session.execute(delete(MonthTotal))
    flags = (E.tax_here.is_(True), E.operates_here.is_(True))
    names = ["tax_here", "operates_here", "tax", "local", "revenue"]
    sums = (func.sum(R.tax_total), func.sum(R.tax_local), func.sum(R.revenue))
    for grouping, by, target in (
        ("street", (), []),
        ("building", (E.building_id,), ["building_id"]),
        ("section", (E.industry_section,), ["section"]),
    ):
        keys = (R.period, *by, *flags)
        grouped = (
            select(literal(grouping), *keys, *sums).join(E, E.id == R.enterprise_id).group_by(*keys)
        )
        columns = ["grouping", "period", *target, *names]
        db.session.execute(insert(MonthTotal).from_select(columns, grouped))
    _mark_fresh(MONTHLY)


def _mark_fresh(name: str) -> None:
    state = db.session.get(AggregateState, name)
    if state is None:
        state = AggregateState(name=name)
        db.session.add(state)
    state.change_id, state.record_id = _tops()
    state.refreshed_at = utcnow()
    db.session.flush()


def _tops() -> tuple[int, int]:
    top = db.session.scalar(select(func.max(DataChange.id))) or 0
    return int(top), int(db.session.scalar(select(func.max(R.id))) or 0)


def is_fresh(name: str = STATE) -> bool:
    """Whether these aggregates include every record (else the cockpit reads the records);
    the monthly totals also follow every change to the firms."""
    state = db.session.get(AggregateState, name)
    if state is None:
        return False
    if (db.session.scalar(select(func.max(R.id))) or 0) != state.record_id:
        return False
    tables = [R.__tablename__] + (["enterprise"] if name == MONTHLY else [])
    changed = db.session.scalar(
        select(DataChange.id)
        .where(DataChange.id > state.change_id, DataChange.tables.in_(tables))
        .limit(1)
    )
    return changed is None


def on_figures_changed(ids: Collection[int] | None = None, **_: Any) -> None:
    refresh(ids)


def on_enterprises_changed(ids: list[int] | None = None, **_: Any) -> None:
    """A firm's building, industry or here-flags feed the monthly totals: recompute them
    (in the job of an import; a single firm's change costs one grouped pass)."""
    refresh_months()
