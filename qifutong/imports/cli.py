"""`qifutong import enterprises|figures`, `qifutong export enterprises`, `qifutong bench import`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app

from qifutong.cli import bench_group, echo_problems, export_group, import_group
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


@import_group.command("figures")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="check every row and find the firms, write nothing")
@with_transaction
def import_figures_command(files: tuple[Path, ...], dry_run: bool) -> None:
    """Import monthly figures (tax bureau, statistics office): xlsx or csv in UTF-8/GBK.

    A file with any bad row is refused whole and nothing is written; each bad row is printed
    (file, row, field, reason) and written to the report. The last line printed is a JSON
    summary. Exit status 0 when imported (or checked with --dry-run), 1 when refused."""
    from qifutong.enterprises.figures_import import FiguresFile, import_figures
    from qifutong.imports.services import import_settings
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


@export_group.command("enterprises")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_transaction
def export_enterprises_command(target: Path) -> None:
    """One row per firm: id, uscc, name, source_rows (FILE:ROW;…) and the canonical fields."""
    from qifutong.imports.export import export_enterprises

    count = export_enterprises(target)
    click.echo(f"{count} enterprises written to {target}")


@bench_group.command("import")
@click.option("--rows", "n_rows", default=100_000, show_default=True, type=int)
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--xlsx/--no-xlsx", default=True, help="write and parse an xlsx (else resolve only)")
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="measure a real roster instead (with --truth)",
)
@click.option("--truth", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), help="keep files here")
def bench_import_command(
    n_rows: int,
    seed: int,
    xlsx: bool,
    roster: Path | None,
    truth: Path | None,
    keep: Path | None,
) -> None:
    """Build a messy roster of N rows with known truth; print parse and resolve time, peak
    memory, pairwise precision and recall. With --roster/--truth: measure that file, including
    a full import into a fresh SQLite database."""
    from qifutong.imports.bench import bench_file, bench_synthetic

    lines = (
        bench_file(roster, truth, keep)
        if roster is not None and truth is not None
        else bench_synthetic(n_rows, seed, xlsx, keep)
    )
    for line in lines:
        click.echo(line)
