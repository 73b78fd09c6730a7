"""`qifutong import macro FILE`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app

from qifutong.command_groups import echo_problems, import_group
from qifutong.database import with_transaction
from qifutong.spreadsheets.limits import refuse_files_over_limits


@import_group.command("macro")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=refuse_files_over_limits,
)
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


def register() -> None:
    """The commands attach themselves to the core's groups when this module is imported."""
