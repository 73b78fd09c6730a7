"""Commands: `qifutong demands escalate` and `qifutong calendar`."""

from __future__ import annotations

import json

import click
from flask import current_app

from qifutong.database import with_transaction
from qifutong.extensions import db


@click.group("demands")
def demands_group() -> None:
    """Demands (诉求)."""


@demands_group.command("escalate")
@with_transaction
def escalate_command() -> None:
    """Escalate (督办) every overdue open demand not escalated yet; run it every working hour."""
    from qifutong.demands.services import escalate_overdue

    count = escalate_overdue()
    db.session.flush()  # refused here, before the command reports success
    click.echo(f"{count} overdue demands escalated")


@click.group("calendar")
def calendar_group() -> None:
    """The working-day calendar: the State Council's holiday notices."""


@calendar_group.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="check the file and write nothing")
@with_transaction
def calendar_load(path: str, dry_run: bool) -> None:
    """Load a year's holiday notice (xlsx or csv: 日期, 类型 休/班, 说明); all rows or none.

    The last line printed is a JSON summary; exit 1 when the file is refused."""
    from pathlib import Path

    from qifutong.demands.holidays import load_notice

    cfg = current_app.config
    file = Path(path)
    result = load_notice(
        file.read_bytes(),
        file.name,
        Path(cfg["QIFUTONG_UPLOAD_DIR"]),
        Path(cfg["QIFUTONG_REPORT_DIR"]),
        dry_run=dry_run,
    )
    for p in result.problems:
        click.echo(
            f"{p.file_name}: row {p.row}, {p.field}: expected {p.expected} (got {p.value!r})"
        )
    if result.report_path:
        click.echo(f"report: {result.report_path}")
    click.echo(json.dumps(result.summary(), ensure_ascii=False))
    if result.status == "refused":
        db.session.commit()  # the refused batch is recorded
        raise SystemExit(1)


@calendar_group.command("show")
@with_transaction
def calendar_show() -> None:
    """Which years' holidays are known, and where from."""
    from qifutong.demands.holidays import loaded_years, missing_warning
    from qifutong.timeutil import street_today

    for y in loaded_years():
        source = f"{y.batch.file_name}, {y.batch.created_at:%Y-%m-%d}" if y.batch else "—"
        click.echo(f"{y.year}: loaded notice, {y.holidays} holidays, "
                   f"{y.working_weekends} working weekend days ({source})")  # fmt: skip
    message = missing_warning(street_today())
    click.echo(message or "the calendar covers this year and the coming weeks")
