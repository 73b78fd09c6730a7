"""`qifutong bench match`: a synthetic city (firms as columns, policies with typed criteria) and
the engine's timings on it — full match, one new policy, result writing, peak memory."""

from __future__ import annotations

import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
)

from qifutong.industry import industry_names
from qifutong.matching import bits
from qifutong.matching.columns import FirmColumns
from qifutong.matching.criteria import Labels
from qifutong.matching.engine import (
    CompiledOffer,
    OfferBits,
    compile_offer,
    iter_result_rows,
    match_all,
    offer_bits,
)
from qifutong.matching.vocabulary import QUALIFICATIONS, vocabulary

TODAY = date(2026, 6, 30)
QUAL_SHARES = {
    "hightech": 0.08,
    "tech_sme": 0.12,
    "specialised": 0.03,
    "little_giant": 0.005,
    "listed": 0.003,
    "pre_ipo": 0.005,
    "new_eagle": 0.02,
    "rd_center": 0.01,
}


def synthetic_firms(n: int, seed: int = 7) -> FirmColumns:
    """n firms with the street's mix of industries, sizes, figures and gaps in the data."""
    rng = np.random.default_rng(seed)
    divisions = [c for c in industry_names() if c.isdigit()]
    # Industry codes: a division plus two digits; services more common than mining.
    weights = np.array([3.0 if c[:1] in "567" else 1.0 for c in divisions])
    division = rng.choice(len(divisions), size=n, p=weights / weights.sum())
    code_values = [f"{divisions[d]}{rng.integers(10, 40)}" for d in range(len(divisions))]
    industry_codes = (division.astype(np.int32), code_values)

    def with_gaps(values: np.ndarray, share: float) -> np.ndarray:
        out = values.astype(np.float64)
        out[rng.random(n) < share] = np.nan
        return out

    headcount = np.floor(rng.lognormal(2.6, 1.2, n))
    revenue = rng.lognormal(15.5, 1.8, n)
    founded = TODAY.toordinal() - rng.integers(30, 30 * 365, n)
    numeric = {
        "headcount": with_gaps(headcount, 0.08),
        "revenue": with_gaps(revenue, 0.15),
        "tax": with_gaps(revenue * rng.uniform(0.01, 0.08, n), 0.15),
        "registered_capital": with_gaps(np.round(rng.lognormal(14, 1.5, n), -4), 0.05),
        "founded_on": with_gaps(founded, 0.02),
        "registered_here": with_gaps((rng.random(n) < 0.7).astype(float), 0.05),
        "operates_here": with_gaps((rng.random(n) < 0.85).astype(float), 0.03),
        "tax_here": with_gaps((rng.random(n) < 0.6).astype(float), 0.1),
        "area_need": np.where(
            rng.random(n) < 0.08, np.round(rng.uniform(100, 1500, n), -1), np.nan
        ),
        "ip_patents": with_gaps(np.floor(rng.exponential(1.0, n)), 0.3),
        "ip_software": with_gaps(np.floor(rng.exponential(2.0, n)), 0.3),
        "ip_trademarks": with_gaps(np.floor(rng.exponential(1.0, n)), 0.3),
        "above_scale": (rng.random(n) < 0.05).astype(float),
        "rd_ratio": np.full(n, np.nan),
    }
    numeric["years_since_founding"] = (TODAY.toordinal() - numeric["founded_on"]) / 365.25
    sizes = ["large", "medium", "small", "micro"]
    size = rng.choice(4, size=n, p=[0.01, 0.06, 0.28, 0.65]).astype(np.int32)
    size[rng.random(n) < 0.05] = -1
    stages = ["startup", "growth", "mature"]
    buildings = list(range(1, max(2, n // 150) + 1))
    building = rng.integers(0, len(buildings), n).astype(np.int32)
    building[rng.random(n) < 0.2] = -1
    grade = rng.choice(4, size=n, p=[0.01, 0.03, 0.06, 0.90]).astype(np.int32) - 1
    categories: dict[str, tuple[np.ndarray, list[Any]]] = {
        "industry_code": industry_codes,
        "size_class": (size, sizes),
        "stage": (rng.integers(0, 3, n).astype(np.int32), stages),
        "building_id": (building, buildings),
        "grade": (grade, ["A", "B", "C"]),
    }
    qualifications = {q: bits.pack(rng.random(n) < share) for q, share in QUAL_SHARES.items()}
    themes = [t.code for t in vocabulary() if t.kind == "theme"]
    tags = {t: bits.pack(rng.random(n) < 0.15) for t in themes}
    for q, b in qualifications.items():
        tags[f"qual:{q}"] = b
    ids = np.arange(1, n + 1, dtype=np.int64)
    return FirmColumns(ids, numeric, categories, {"qualifications": qualifications, "tags": tags})


def synthetic_policies(m: int, seed: int = 11, start_id: int = 1) -> list[CompiledOffer]:
    """m policies, each with 2–4 `must` and 0–2 `bonus` conditions drawn like real ones."""
    rng = np.random.default_rng(seed)
    sections = [c for c in industry_names() if c.isalpha()]
    divisions = [c for c in industry_names() if c.isdigit()]
    themes = [t.code for t in vocabulary() if t.kind == "theme"]

    def condition() -> dict[str, Any]:
        pick = int(rng.integers(0, 10))
        if pick == 0:
            return {
                "field": "qualifications",
                "op": "has",
                "value": str(rng.choice(QUALIFICATIONS)),
            }
        if pick == 1:
            values = rng.choice(sections, size=int(rng.integers(1, 3)), replace=False).tolist()
            return {"field": "industry_code", "op": "in", "value": values}
        if pick == 2:
            values = rng.choice(divisions, size=int(rng.integers(1, 4)), replace=False).tolist()
            return {"field": "industry_code", "op": "in", "value": values}
        if pick == 3:
            sizes = rng.choice(["large", "medium", "small", "micro"], size=2, replace=False)
            return {"field": "size_class", "op": "in", "value": sizes.tolist()}
        if pick == 4:
            op = str(rng.choice(["gte", "lte"]))
            return {"field": "headcount", "op": op, "value": int(rng.integers(1, 60)) * 10}
        if pick == 5:
            value = float(np.round(rng.lognormal(16, 1.5), -4))
            return {"field": "revenue", "op": str(rng.choice(["gte", "lte"])), "value": value}
        if pick == 6:
            return {"field": "years_since_founding", "op": "gte", "value": int(rng.integers(1, 6))}
        if pick == 7:
            field = str(rng.choice(["registered_here", "tax_here", "operates_here"]))
            return {"field": field, "op": "eq", "value": True}
        if pick == 8:
            lo = float(rng.integers(1, 50)) * 1e5
            return {"field": "tax", "op": "between", "value": [lo, lo * 20]}
        values = rng.choice(themes, size=int(rng.integers(1, 3)), replace=False).tolist()
        return {"field": "tags", "op": "has_any", "value": values}

    out = []
    for i in range(m):
        criteria = [{**condition(), "kind": "must"} for _ in range(int(rng.integers(2, 5)))]
        criteria += [{**condition(), "kind": "bonus"} for _ in range(int(rng.integers(0, 3)))]
        tags = rng.choice(themes, size=int(rng.integers(0, 3)), replace=False).tolist()
        out.append(compile_offer("policy", start_id + i, criteria, tags))
    return out


def peak_memory_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class BenchResult:
    firms: int
    policies: int
    build_s: float
    full_match_s: float
    pairs_eligible: int
    pairs_near: int
    new_policy_ms: float
    new_policy_results: int
    write_rows: int
    write_s: float
    full_write_rows: int | None
    full_write_s: float | None
    peak_mb: float


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _bench_table() -> tuple[MetaData, Table]:
    meta = MetaData()
    table = Table(
        "bench_match_result",
        meta,
        Column("id", Integer, primary_key=True),
        Column("enterprise_id", Integer),
        Column("offer_kind", String(16)),
        Column("offer_id", Integer),
        Column("status", String(12)),
        Column("score", Float),
        Column("reasons", JSON),
        Column("missing", JSON),
        Column("computed_at", DateTime),
    )
    return meta, table


def run(
    n_firms: int,
    n_policies: int,
    workers: int = 1,
    database_url: str | None = None,
    write_full: bool = False,
    echo: Callable[[str], Any] = print,
) -> BenchResult:
    from qifutong.models_base import utcnow

    build_s, cols = _timed(lambda: synthetic_firms(n_firms))
    policies = synthetic_policies(n_policies)
    echo(f"built {n_firms:,} firms as columns in {build_s:.2f} s; {n_policies:,} policies")
    gc.collect()

    def full() -> tuple[int, int]:
        e = n = 0
        for ob in match_all(cols, policies, workers=workers):
            a, b = ob.counts()
            e += a
            n += b
        return e, n

    full_s, (elig, near) = _timed(full)

    # One new policy: fresh conditions, so nothing comes from the cache; median of 7.
    fresh = synthetic_policies(7, seed=99, start_id=n_policies + 1)
    times = []
    last: OfferBits | None = None
    for offer in fresh:
        cols.clear_cache()
        start = time.perf_counter()
        last = offer_bits(cols, offer)
        times.append(time.perf_counter() - start)
    new_ms = statistics.median(times) * 1000
    assert last is not None

    tmp = None
    if database_url is None:
        tmp = tempfile.TemporaryDirectory()
        database_url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}"
    engine = create_engine(database_url)
    meta, table = _bench_table()
    meta.drop_all(engine)
    meta.create_all(engine)
    labels = Labels()
    now = utcnow()

    def write(obs: list[Any]) -> int:
        count = 0
        with engine.begin() as conn:
            for ob in obs:
                for rows in iter_result_rows(cols, ob, labels, now, chunk=10_000):
                    conn.execute(insert(table), rows)
                    count += len(rows)
        return count

    one: OfferBits = last
    write_s, write_rows = _timed(lambda: write([one]))
    full_rows = full_write_s = None
    if write_full:
        meta.drop_all(engine)
        meta.create_all(engine)
        full_write_s, full_rows = _timed(
            lambda: write(list(match_all(cols, policies, workers=workers)))
        )
    meta.drop_all(engine)
    engine.dispose()
    if tmp is not None:
        tmp.cleanup()
    return BenchResult(
        n_firms,
        n_policies,
        build_s,
        full_s,
        elig,
        near,
        new_ms,
        sum(last.counts()),
        write_rows,
        write_s,
        full_rows,
        full_write_s,
        peak_memory_mb(),
    )
