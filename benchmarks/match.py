"""`qifutong bench match`: a synthetic city (firms as columns, policies with typed criteria):
the full match, and one new policy published — computed, its results stored, its pushes
queued within the daily caps — on a database of its own; peak memory."""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text

from qifutong.industry import industry_names
from qifutong.matching import bits
from qifutong.matching.columns import FirmColumns
from qifutong.matching.engine import (
    CompiledOffer,
    Extracted,
    compile_offer,
    match_all,
    offer_bits,
    offer_codes,
)
from qifutong.matching.store import NearKeeper, near_key
from qifutong.matching.vocabulary import QUALIFICATIONS, vocabulary

TODAY = date(2026, 6, 30)
FLOOR_POLICIES = 500
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


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def keep_near_misses(
    cols: FirmColumns, policies: list[CompiledOffer], keep: int, workers: int
) -> NearKeeper:
    """Each firm's best N near-misses over the whole city (the floors a new policy meets)."""
    keeper = NearKeeper(cols.n, keep)
    for index, ob in enumerate(match_all(cols, policies, workers=workers)):
        near = bits.indices(ob.near)
        if near.shape[0]:
            codes = offer_codes(cols, ob.offer, Extracted(near, np.zeros(near.shape[0], bool)))
            keeper.add(near, near_key(codes, ob.offer.id), index)
    return keeper


def run(
    n_firms: int,
    n_policies: int,
    workers: int = 2,
    database_url: str | None = None,
    keep: int = 20,
    echo: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Time the full match and one new policy's publication; the figures as a dict."""
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

    full_s, (eligible, near) = _timed(full)
    pairs = n_firms * n_policies
    echo(
        f"full match: {n_firms:,} firms × {n_policies:,} policies = {pairs:,} pairs in "
        f"{full_s:.3f} s; eligible {eligible:,}, near-miss {near:,}"
    )
    # The floors a new policy meets, from the first policies only: a floor over fewer offers is
    # lower, so the publication below stores more near-misses than the city's floors allow.
    sample = policies[:FLOOR_POLICIES]
    keep_s, keeper = _timed(lambda: keep_near_misses(cols, sample, keep, workers))
    echo(
        f"each firm's best {keep} near-misses among {len(sample):,} policies picked in "
        f"{keep_s:.1f} s (their floors, lower than the whole city's)"
    )

    # One new policy: fresh conditions, so nothing comes from the cache; median of 7.
    fresh = synthetic_policies(7, seed=99, start_id=n_policies + 1)
    times = []
    for offer in fresh:
        cols.clear_cache()
        start = time.perf_counter()
        offer_bits(cols, offer)
        times.append(time.perf_counter() - start)
    compute_ms = statistics.median(times) * 1000
    # The hardest case of the seven: the policy that reaches the most firms.
    widest = max(fresh, key=lambda o: offer_bits(cols, o).counts()[0])
    with _publishing_app(database_url, cols, keeper) as app:
        published = _publish(app, cols, widest, echo)
    figures = {
        "firms": n_firms,
        "policies": n_policies,
        "full_match_s": round(full_s, 3),
        "publish_s": round(published["seconds"], 3),
        "publish_rows": published["rows"],
        "peak_mb": round(peak_memory_mb()),
        "eligible_pairs": eligible,
        "near_miss_pairs": near,
        "new_policy_compute_ms": round(compute_ms, 2),
        "publish_eligible": published["eligible"],
        "publish_near_miss": published["near_miss"],
        "publish_near_miss_kept": published["rows"] - published["eligible"],
        "publish_pushed": published["pushed"],
        "backend": published["backend"],
    }
    return figures


@contextmanager
def _publishing_app(
    database_url: str | None, cols: FirmColumns, keeper: NearKeeper
) -> Iterator[Any]:
    """An app on a database of its own with the city's firms and near-miss floors stored."""
    from benchmarks.cockpit import bench_database
    from qifutong.app import create_app
    from qifutong.config import temporary_instance
    from qifutong.extensions import db
    from qifutong.matching.store import copy_rows, store_floor_levels

    backend = "postgresql" if database_url else "sqlite"
    with (
        bench_database(backend, database_url, keep=False) as url,
        temporary_instance("qifutong-bench-match-"),
    ):
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            db.create_all()
            now = datetime(2026, 6, 30, 9, 0)
            ids = cols.ids
            copy_rows(
                "enterprise",
                pd.DataFrame(
                    {
                        "id": ids,
                        "name": [f"企业{i}" for i in ids.tolist()],
                        "name_norm": [f"企业{i}" for i in ids.tolist()],
                        "is_branch": False,
                        "status": "active",
                        "qualifications": "[]",
                        "certificates": "{}",
                        "above_scale": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                ),
            )
            store_floor_levels(ids, keeper.floor_levels(), all_firms=True)
            db.session.commit()
            if backend == "postgresql":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
                # The city's firms were loaded long before a policy is published: their pages
                # are written out now, not by a checkpoint in the middle of the timed publish.
                db.session.execute(text("CHECKPOINT"))
            yield app
            db.session.remove()
            db.engine.dispose()


def _publish(
    app: Any, cols: FirmColumns, offer: CompiledOffer, echo: Callable[[str], Any]
) -> dict[str, Any]:
    """Publish one policy the way the platform does once the firms are in memory: compute its
    audience, store its results (every eligible firm, near-misses above the firm's floor),
    queue its pushes within each firm's daily cap; committed."""
    from policies.models import Policy
    from qifutong.extensions import db
    from qifutong.inbox.pushes import deliver_offer
    from qifutong.matching.services import store_offer

    with app.app_context():
        policy = Policy(id=offer.id, title="新发布的政策", status="published", criteria=[], tags=[])
        db.session.add(policy)
        db.session.commit()
        cols.clear_cache()
        start = time.perf_counter()
        ob = offer_bits(cols, offer)
        eligible, near = store_offer(cols, ob, replace=True)
        pushed = deliver_offer("policy", offer.id, TODAY)
        db.session.commit()
        seconds = time.perf_counter() - start
        rows = db.session.scalar(text("SELECT count(*) FROM match_result")) or 0
        backend = db.engine.dialect.name
    echo(
        f"publish one new policy ({backend}): {eligible:,} eligible, {near:,} near-miss, "
        f"{rows:,} results stored, {pushed:,} pushed in {seconds:.3f} s"
    )
    return {
        "seconds": seconds,
        "rows": int(rows),
        "eligible": eligible,
        "near_miss": near,
        "pushed": pushed,
        "backend": backend,
    }
