"""`qifutong import macro FILE` and `qifutong bench cockpit`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask import current_app

from qifutong.cli import bench_group, echo_problems, import_group
from qifutong.database import with_transaction


@import_group.command("macro")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="check every row, import nothing")
@with_transaction
def import_macro_command(file: Path, dry_run: bool) -> None:
    """Import the district statistics bureau's monthly CSV (all rows or none)."""
    from dashboards.services import import_macro
    from qifutong.timeutil import street_today

    result = import_macro(
        file.read_bytes(),
        file.name,
        Path(current_app.config["QIFUTONG_UPLOAD_DIR"]),
        Path(current_app.config["QIFUTONG_REPORT_DIR"]),
        street_today(),
        dry_run=dry_run,
    )
    click.echo(f"original kept: {result.stored_path} (sha256 {result.sha256})")
    echo_problems(result.errors, file.name)
    if result.report_path:
        click.echo(f"report: {result.report_path}")
    if result.status == "refused":
        click.echo("refused: nothing was imported", err=True)
    click.echo(json.dumps(result.summary(), ensure_ascii=False))
    if result.status == "refused":
        sys.exit(1)


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
    from dashboards.bench import run

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


def register() -> None:
    """The commands attach themselves to the core's groups when this module is imported."""
