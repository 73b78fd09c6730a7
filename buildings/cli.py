"""Commands: `qifutong import leases FILE`, `qifutong export lease-warnings FILE.xlsx`,
`qifutong leases digest` and `qifutong leases visit-tasks` (daily jobs)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from buildings.warnings import Thresholds
from qifutong.auth.models import User
from qifutong.command_groups import echo_problems, export_group, import_group
from qifutong.database import with_transaction
from qifutong.extensions import db
from qifutong.spreadsheets.limits import refuse_files_over_limits

leases_group = AppGroup("leases", help="Lease warnings: the daily digest and visit tasks.")


def _settings(on: str | None) -> tuple[date, Thresholds]:
    from buildings.queries import warning_settings

    today, thresholds = warning_settings(current_app.config)
    if on:
        try:
            today = date.fromisoformat(on)
        except ValueError as exc:
            raise click.BadParameter(
                f"{on!r} is not a date (YYYY-MM-DD)", param_hint="--date"
            ) from exc
    return today, thresholds


def _user(name: str | None) -> User | None:
    if not name:
        return None
    user = db.session.scalar(db.select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    return user


@import_group.command("leases")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    callback=refuse_files_over_limits,
)
@click.option("--dry-run", is_flag=True, help="check every row and report, write nothing")
@click.option("--user", "username", help="import as this user (their building scope applies)")
@with_transaction
def import_leases_command(file: Path, dry_run: bool, username: str | None) -> None:
    """Import a lease spreadsheet (xlsx, or csv in UTF-8/GBK): all rows, or none.

    A file with any bad row is refused whole; the report lists each bad row (row, field,
    reason). The last line printed is a JSON summary. Exit status 0 when imported (or
    checked with --dry-run), 1 when refused."""
    from buildings.importing import import_leases

    today, thresholds = _settings(None)
    result = import_leases(
        file,
        user=_user(username),
        dry_run=dry_run,
        upload_dir=Path(current_app.config["QIFUTONG_UPLOAD_DIR"]),
        report_dir=Path(current_app.config["QIFUTONG_REPORT_DIR"]),
        today=today,
        thresholds=thresholds,
    )
    echo_problems(result.problems, result.file_name)
    click.echo(f"stored: {result.stored_path} (sha256 {result.sha256})")
    click.echo(f"report: {result.report_path}")
    summary = {"status": result.status, "batch": result.batch_id, **result.summary}
    click.echo(json.dumps(summary, ensure_ascii=False))
    if result.status == "refused":
        sys.exit(1)


@export_group.command("lease-warnings")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_transaction
def export_warnings_command(file: Path) -> None:
    """Write today's lease warnings of the whole street to an xlsx file."""
    from buildings.export import warnings_workbook
    from buildings.queries import lease_warnings

    today, thresholds = _settings(None)
    warnings = lease_warnings(None, today, thresholds)
    file.write_bytes(warnings_workbook(warnings, today).getvalue())
    click.echo(f"{len(warnings)} warnings written to {file}")


@leases_group.command("digest")
@click.option("--date", "on", help="the street's day to report on (default: today, Asia/Shanghai)")
@with_transaction
def digest_command(on: str | None) -> None:
    """Send each building and property manager today's lease digest (in the app and by
    e-mail when SMTP is set) and open the visit tasks for key firms in red. Run daily;
    a second run on the same day sends nothing again."""
    from buildings.alerts import refresh_visit_tasks, send_lease_digests

    today, thresholds = _settings(on)
    tasks = refresh_visit_tasks(today, thresholds)
    counts = send_lease_digests(
        today,
        thresholds,
        current_app.config.get("QIFUTONG_TIMEZONE", "Asia/Shanghai"),
    )
    db.session.flush()  # refused here, before the command reports success
    click.echo(json.dumps({"date": today.isoformat(), "visit_tasks": tasks, **counts}))


@leases_group.command("visit-tasks")
@click.option("--date", "on", help="the street's day (default: today, Asia/Shanghai)")
@with_transaction
def visit_tasks_command(on: str | None) -> None:
    """Open a street visit task for each key firm whose lease is in the red window."""
    from buildings.alerts import refresh_visit_tasks

    today, thresholds = _settings(on)
    opened = refresh_visit_tasks(today, thresholds)
    db.session.flush()  # refused here, before the command reports success
    click.echo(json.dumps({"date": today.isoformat(), "visit_tasks": opened}))
