"""The benchmark commands that live outside the installed packages: `qifutong bench serve`."""

from __future__ import annotations

import json
import os

import click

from qifutong.cli import bench_group


@bench_group.command("serve")
@click.option(
    "--backend", type=click.Choice(["sqlite", "postgresql"]), default="sqlite", show_default=True
)
@click.option("--rate", default=100.0, show_default=True, help="requests per second")
@click.option("--seconds", default=30.0, show_default=True, help="how long to drive the load")
@click.option("--workers", default=2, show_default=True, help="gunicorn workers")
@click.option(
    "--database-url",
    default=None,
    help="PostgreSQL server to create the benchmark database on "
    "(default: DATABASE_URL when it is PostgreSQL, else postgres@127.0.0.1:5432)",
)
def bench_serve(
    backend: str, rate: float, seconds: float, workers: int, database_url: str | None
) -> None:
    """Drive `qifutong serve` on the demo street at a fixed rate; latency per endpoint."""
    from benchmarks.serve import run

    admin = None
    if backend == "postgresql":
        admin = database_url or os.environ.get("DATABASE_URL", "")
        if not admin.startswith(("postgres://", "postgresql")):
            admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    result = run(backend, rate, seconds, admin, workers, echo=click.echo)
    click.echo(json.dumps(result))


@bench_group.command("bomb")
@click.option("--megabytes", default=1024, show_default=True, help="whitespace inside the bomb")
def bench_bomb(megabytes: int) -> None:
    """A 1 MB zip bomb against the import commands and the lease import page of the real
    server: seconds to refuse it and peak memory."""
    from benchmarks.bomb import run

    click.echo(json.dumps(run(megabytes, echo=click.echo), ensure_ascii=False))
