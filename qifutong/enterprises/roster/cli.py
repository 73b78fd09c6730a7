"""`qifutong import enterprises|figures` and `qifutong export enterprises`."""

from __future__ import annotations

import json
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click

from qifutong.command_groups import echo_problems, export_group, import_group, run_in_app
from qifutong.spreadsheets.limits import refuse_files_over_limits

# The files of an import command: a file over the read limits is refused before the app starts.
_files = click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    callback=refuse_files_over_limits,
)


class _Bar:
    """A progress bar on stderr (stdout keeps the JSON summary as its last line); redrawn in
    place on a terminal, one line per stage otherwise."""

    def __init__(self) -> None:
        self.last = ""
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: float) -> None:
        from qifutong.enterprises.roster.services import STAGES

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


@import_group.command("enterprises", with_appcontext=False)
@_files
@click.option("--dry-run", is_flag=True, help="check and resolve, report, but change nothing")
def import_enterprises_command(files: tuple[Path, ...], dry_run: bool) -> None:
    """Import firm rosters (xlsx or csv in UTF-8/GBK): resolve duplicates, store, report."""
    missing = [f for f in files if not f.exists()]
    if missing:
        raise click.ClickException(f"{missing[0]}: 文件不存在 (file not found)")
    uploads = _read_ahead(files)
    result = run_in_app(lambda: _import(uploads, dry_run))
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


def _read_ahead(files: tuple[Path, ...]) -> list[tuple[Path, Future[Any]]]:
    """Start reading the files in a thread of their own, while the app starts."""

    def read(path: Path) -> Any:
        data = path.read_bytes()
        from qifutong.spreadsheets.readers import read_table

        return read_table(data, path.name)

    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
    uploads = [(path, reader.submit(read, path)) for path in files]
    reader.shutdown(wait=False)
    return uploads


def _import(uploads: list[Any], dry_run: bool) -> Any:
    from flask import current_app

    from qifutong.enterprises.roster.services import (
        ImportRefused,
        Upload,
        import_enterprises,
        import_settings,
    )

    upload_dir, report_dir = import_settings(current_app.config)
    try:
        return import_enterprises(
            [Upload(path, path.name, table) for path, table in uploads],
            upload_dir=upload_dir,
            report_dir=report_dir,
            dry_run=dry_run,
            progress=_Bar(),
        )
    except ImportRefused as exc:
        raise click.ClickException(f"导入未执行，数据库未改动：{exc}") from exc


@import_group.command("figures")
@_files
@click.option("--dry-run", is_flag=True, help="check every row and find the firms, write nothing")
def import_figures_command(files: tuple[Path, ...], dry_run: bool) -> None:
    """Import monthly figures (tax bureau, statistics office): xlsx or csv in UTF-8/GBK.

    A file with any bad row is refused whole and nothing is written; each bad row is printed
    (file, row, field, reason) and written to the report. The last line printed is a JSON
    summary. Exit status 0 when imported (or checked with --dry-run), 1 when refused."""
    from flask import current_app

    from qifutong.enterprises.figures_import import FiguresFile, import_figures
    from qifutong.enterprises.roster.services import import_settings
    from qifutong.timeutil import street_today

    missing = [f for f in files if not f.exists()]
    if missing:
        raise click.ClickException(f"{missing[0]}: 文件不存在 (file not found)")
    upload_dir, report_dir = import_settings(current_app.config)
    result = import_figures(
        [FiguresFile(f.read_bytes(), f.name) for f in files],
        upload_dir=upload_dir,
        report_dir=report_dir,
        today=street_today(),
        dry_run=dry_run,
    )
    echo_problems(result.problems, files[0].name)
    if result.report_path:
        click.echo(f"report: {result.report_path}")
    if result.summary.get("unmatched"):
        click.echo("rows for firms not in the register wait on the page 待关联的月度数据")
    click.echo(
        json.dumps(result.public_summary | {"batches": result.batch_ids}, ensure_ascii=False)
    )
    if result.status == "refused":
        sys.exit(1)


@export_group.command("enterprises", with_appcontext=False)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def export_enterprises_command(target: Path) -> None:
    """One row per firm: id, uscc, name, source_rows (FILE:ROW;…) and the canonical fields."""
    from qifutong.enterprises.export import export_enterprises

    count = run_in_app(lambda: export_enterprises(target))
    click.echo(f"{count} enterprises written to {target}")
