"""`qifutong bench cockpit` on a small street: it builds its own database, times the cockpit,
prints the figures and leaves nothing behind. (Speed itself is read from its output, not
tested here.)"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import PG_ADMIN_URL, _pg_reachable


def _bench(*args: str) -> str:
    from qifutong.cli import main

    result = CliRunner().invoke(
        main,
        ["bench", "cockpit", "--firms", "400", "--repeat", "1", *args],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_bench_on_sqlite(tmp_path, monkeypatch):
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    out = _bench("--backend", "sqlite")
    assert "enterprise=400" in out and "economic_record=" in out
    assert "sqlite     firms=    400  cockpit(52) cold: best" in out
    assert "GET /api/v1/indicators (cold)" in out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["backend"] == "sqlite" and figures["firms"] == 400
    assert figures["cold_s"] > 0 and figures["cached_s"] >= 0


def test_bench_on_postgresql_creates_and_drops_its_database(tmp_path, monkeypatch):
    if _pg_reachable() is not None:
        pytest.skip("PostgreSQL not reachable")
    import psycopg

    def bench_databases() -> set[str]:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'qifutong_bench_%'"
            ).fetchall()
        return {r[0] for r in rows}

    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    before = bench_databases()
    out = _bench("--backend", "postgresql", "--database-url", PG_ADMIN_URL)
    assert "postgresql firms=    400  cockpit(52) cold: best" in out
    assert bench_databases() == before
