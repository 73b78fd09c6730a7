"""The cockpit benchmark: a generated street of N firms in a database of its own, and the time
the whole cockpit takes over it (cockpit_data.py makes the street)."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.cockpit_data import Loader, generate


@dataclass
class Timing:
    backend: str
    firms: int
    rows: dict[str, int]
    generate_s: float
    cold_s: list[float]
    cached_s: float
    api_s: float

    def line(self) -> str:
        cold = sorted(self.cold_s)
        return (
            f"{self.backend:<10} firms={self.firms:>7,}  cockpit(52) cold: best {cold[0]:.3f} s, "
            f"median {statistics.median(cold):.3f} s, worst {cold[-1]:.3f} s  |  cached "
            f"{self.cached_s * 1000:.1f} ms  |  GET /api/v1/indicators (cold) {self.api_s:.3f} s"
        )


@contextmanager
def bench_database(backend: str, admin_url: str | None, keep: bool) -> Iterator[str]:
    """A fresh database for one run: a temporary SQLite file, or a PostgreSQL database created
    (and dropped) through admin_url."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="qifutong-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        return
    import psycopg

    assert admin_url is not None
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://", 1)
    name = f"qifutong_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = plain.rsplit("/", 1)[0]
    try:
        yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    finally:
        if not keep:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(
    backend: str,
    n_firms: int,
    admin_url: str | None,
    repeat: int = 3,
    keep: bool = False,
    echo: Callable[[str], Any] = print,
) -> Timing:
    from dashboards.aggregates import refresh as refresh_aggregates
    from qifutong.app import create_app
    from qifutong.config import temporary_instance
    from qifutong.extensions import db

    with (
        bench_database(backend, admin_url, keep) as url,
        temporary_instance("qifutong-bench-inst-"),
    ):
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            echo(f"[{backend}] generating a street of {n_firms:,} firms …")
            t0 = time.perf_counter()
            loader = Loader(db.session.connection(), db.engine.dialect.name)
            generate(loader, n_firms, _today(app))
            db.session.commit()
            # The records came in bulk, as an import brings them: the aggregates follow.
            refresh_aggregates(None)
            db.session.commit()
            _analyse(db, backend)
            generate_s = time.perf_counter() - t0
            echo(
                f"[{backend}] generated in {generate_s:.1f} s: "
                + ", ".join(f"{k}={v:,}" for k, v in loader.counts.items())
            )
            timing = _time_cockpit(app, backend, n_firms, loader.counts, generate_s, repeat)
            db.session.remove()
            db.engine.dispose()
    return timing


def _today(app: Any) -> date:
    from qifutong.timeutil import street_today

    with app.app_context():
        return street_today()


def _analyse(db: Any, backend: str) -> None:
    from sqlalchemy import text

    if backend == "postgresql":
        conn = db.session.connection().connection.driver_connection
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        conn.autocommit = False
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _time_cockpit(
    app: Any, backend: str, n_firms: int, rows: dict[str, int], generate_s: float, repeat: int
) -> Timing:
    from dashboards.cache import cache
    from dashboards.period import Filters, preset_period
    from dashboards.queries import cockpit, compute, make_context
    from dashboards.registry import indicators
    from qifutong.auth.services import create_user, issue_token
    from qifutong.extensions import db

    today = _today(app)
    period = preset_period("ytd", today)
    cold = []
    for _ in range(repeat):
        db.session.remove()
        t = time.perf_counter()
        ctx = make_context(period, Filters(), None, today, finance=True)
        values = compute(ctx, indicators())
        cold.append(time.perf_counter() - t)
    assert len(values) == 52
    user = create_user("bench", "cockpit-timing-2026", "street")
    token = issue_token(user)
    db.session.commit()
    cache.clear()
    cockpit(user, period, Filters(), today)
    t = time.perf_counter()
    cockpit(user, period, Filters(), today)
    cached = time.perf_counter() - t
    cache.clear()
    client = app.test_client()
    t = time.perf_counter()
    resp = client.get("/api/v1/indicators", headers={"Authorization": f"Bearer {token}"})
    api_s = time.perf_counter() - t
    if resp.status_code != 200 or len(resp.get_json()["items"]) != 52:
        raise RuntimeError(f"the API answered {resp.status_code}")
    return Timing(backend, n_firms, dict(rows), generate_s, cold, cached, api_s)
