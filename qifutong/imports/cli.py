"""`qifutong import enterprises` and `qifutong export enterprises`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app

from qifutong.cli import export_group, import_group
from qifutong.database import with_transaction


class _Bar:
    """A progress bar on stderr (stdout keeps the JSON summary as its last line); redrawn in
    place on a terminal, one line per stage otherwise."""

    def __init__(self) -> None:
        self.last = ""
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: float) -> None:
        from qifutong.imports.services import STAGES

        width = 30
        filled = round(done * width)
        bar = f"{STAGES.get(stage, stage)} [{'#' * filled}{'.' * (width - filled)}] {done:>4.0%}"
        if bar == self.last:
            return
        self.last = bar
        if self.tty:
            click.echo("\r" + bar, err=True, nl=stage == "done")
        else:
            click.echo(bar, err=True)


@import_group.command("enterprises")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="check and resolve, report, but change nothing")
@with_transaction
def import_enterprises_command(files: tuple[Path, ...], dry_run: bool) -> None:
    """Import firm rosters (xlsx or csv in UTF-8/GBK): resolve duplicates, store, report."""
    from qifutong.imports.services import ImportRefused, Upload, import_enterprises, import_settings

    missing = [f for f in files if not f.exists()]
    if missing:
        raise click.ClickException(f"{missing[0]}: 文件不存在 (file not found)")
    upload_dir, report_dir = import_settings(current_app.config)
    try:
        result = import_enterprises(
            [Upload(f, f.name) for f in files],
            upload_dir=upload_dir,
            report_dir=report_dir,
            dry_run=dry_run,
            progress=_Bar(),
        )
    except ImportRefused as exc:
        raise click.ClickException(f"导入未执行，数据库未改动：{exc}") from exc
    for message in result.messages:
        click.echo(message)
    if dry_run:
        click.echo("dry run: nothing was written")
    if result.report_path:
        click.echo(f"report: {result.report_path}")
    keys = ("rows", "created", "merged", "rejected", "review", "enterprises")
    ordered = {k: result.summary.get(k, 0) for k in keys} | {
        k: v for k, v in result.summary.items() if k not in keys
    }
    click.echo(json.dumps(ordered, ensure_ascii=False))


@export_group.command("enterprises")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_transaction
def export_enterprises_command(target: Path) -> None:
    """One row per firm: id, uscc, name, source_rows (FILE:ROW;…) and the canonical fields."""
    from qifutong.imports.export import export_enterprises

    count = export_enterprises(target)
    click.echo(f"{count} enterprises written to {target}")
