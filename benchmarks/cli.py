"""The benchmark commands that live outside the installed packages: `qifutong bench serve`,
`import`, `bomb`, `match` and `cockpit`."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

import click

from qifutong.command_groups import bench_group


@bench_group.command("serve")
@click.option(
    "--backend", type=click.Choice(["sqlite", "postgresql"]), default="sqlite", show_default=True
)
@click.option("--rate", default=100.0, show_default=True, help="requests per second")
@click.option("--seconds", default=30.0, show_default=True, help="how long to drive the load")
@click.option("--workers", default=2, show_default=True, help="gunicorn workers")
@click.option(
    "--threads", default=1, show_default=True, help="requests each worker answers at once"
)
@click.option(
    "--use-database",
    default=None,
    help="serve this database as it is (the demo street is seeded into it if it is empty), "
    "instead of a new one seeded for the run and dropped after it",
)
@click.option(
    "--database-url",
    default=None,
    help="PostgreSQL server to create the benchmark database on "
    "(default: DATABASE_URL when it is PostgreSQL, else postgres@127.0.0.1:5432)",
)
def bench_serve(
    backend: str,
    rate: float,
    seconds: float,
    workers: int,
    threads: int,
    use_database: str | None,
    database_url: str | None,
) -> None:
    """Drive `qifutong serve` on the demo street at a fixed rate; latency per endpoint."""
    from benchmarks.serve import run

    if use_database:
        backend = "postgresql" if use_database.startswith("postgres") else "sqlite"
    admin = None
    if backend == "postgresql":
        admin = database_url or os.environ.get("DATABASE_URL", "")
        if not admin.startswith(("postgres://", "postgresql")):
            admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    result = run(
        backend, rate, seconds, admin, workers, threads, echo=click.echo, use_database=use_database
    )
    click.echo(json.dumps(result))


@bench_group.command("import", with_appcontext=False)
@click.option("--rows", "n_rows", default=100_000, show_default=True, type=int)
@click.option("--seed", default=7, show_default=True, type=int)
@click.option(
    "--mix",
    type=click.Choice(["default", "hard", "old"]),
    default="default",
    show_default=True,
    help="how often each hard case occurs (old: the cases of the first generator only)",
)
@click.option(
    "--xlsx/--no-xlsx", default=True, help="write and parse an xlsx (else clean and resolve)"
)
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="measure a real roster instead (with --truth: a CSV of sheet_row,firm_key)",
)
@click.option("--truth", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="keep the files here (a roster already there is read again, not rewritten)",
)
def bench_import(
    n_rows: int,
    seed: int,
    mix: str,
    xlsx: bool,
    roster: Path | None,
    truth: Path | None,
    keep: Path | None,
) -> None:
    """Build a messy roster of N rows with known truth; print read, clean and resolve time,
    peak memory, pairwise precision and recall (overall and per case), then one JSON line."""
    from benchmarks.import_bench import bench_file, bench_synthetic

    if roster is not None and truth is not None:
        lines, figures = bench_file(roster, truth, keep)
    else:
        lines, figures = bench_synthetic(n_rows, seed, mix, xlsx, keep)
    for line in lines:
        click.echo(line)
    click.echo(figures.json())


@bench_group.command("bomb")
@click.option("--megabytes", default=1024, show_default=True, help="whitespace inside the bomb")
def bench_bomb(megabytes: int) -> None:
    """A 1 MB zip bomb against the import commands and the lease import page of the real
    server: seconds to refuse it and peak memory."""
    from benchmarks.bomb import run

    click.echo(json.dumps(run(megabytes, echo=click.echo), ensure_ascii=False))


def _admin_url(database_url: str | None) -> str | None:
    url = database_url or os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        return url.replace("postgres://", "postgresql://", 1)
    return None


@bench_group.command("cockpit")
@click.option(
    "--firms",
    "sizes",
    multiple=True,
    type=int,
    default=(5000, 100_000),
    show_default=True,
    help="street size; repeatable",
)
@click.option(
    "--backend",
    "backends",
    multiple=True,
    type=click.Choice(["sqlite", "postgresql"]),
    default=("sqlite", "postgresql"),
    show_default=True,
    help="repeatable",
)
@click.option(
    "--database-url",
    default=None,
    help="PostgreSQL server to create the benchmark database on "
    "(default: DATABASE_URL when it is PostgreSQL)",
)
@click.option("--repeat", default=3, show_default=True, type=int, help="cold runs per size")
@click.option("--keep", is_flag=True, help="keep the PostgreSQL benchmark database")
def bench_cockpit(
    sizes: tuple[int, ...],
    backends: tuple[str, ...],
    database_url: str | None,
    repeat: int,
    keep: bool,
) -> None:
    """Time the whole cockpit (all 52 indicators) on generated streets of N firms."""
    from benchmarks.cockpit import run

    admin = _admin_url(database_url)
    results = []
    for n in sizes:
        for backend in backends:
            if backend == "postgresql" and admin is None:
                click.echo("postgresql: skipped (give --database-url or a PostgreSQL DATABASE_URL)")
                continue
            results.append(run(backend, n, admin, repeat=repeat, keep=keep, echo=click.echo))
            click.echo(results[-1].line())
    click.echo("")
    click.echo("summary (whole cockpit, 52 indicators, this year to date, no cache):")
    for r in results:
        click.echo("  " + r.line())
    if results:
        last = results[-1]
        figures = {
            "backend": last.backend,
            "firms": last.firms,
            "cold_s": round(statistics.median(last.cold_s), 4),
            "cached_s": round(last.cached_s, 5),
        }
        click.echo(json.dumps(figures))


@bench_group.command("match")
@click.option("--firms", "n_firms", default=100_000, show_default=True, type=int)
@click.option("--policies", "n_policies", default=500, show_default=True, type=int)
@click.option(
    "--workers", default=2, show_default=True, type=int, help="threads for the full match"
)
@click.option(
    "--database",
    "database_url",
    default=None,
    help="PostgreSQL server to publish on (a database is created there and dropped); "
    "default: a temporary SQLite file",
)
def bench_match(n_firms: int, n_policies: int, workers: int, database_url: str | None) -> None:
    """A synthetic city: full match, then one new policy published (compute, store, push)."""
    from benchmarks.match import run

    r = run(n_firms, n_policies, workers, database_url, echo=click.echo)
    click.echo(json.dumps(r))
