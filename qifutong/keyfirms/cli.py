"""`qifutong grade`: the monthly key-firm grading."""

from __future__ import annotations

import json
from datetime import date

import click
from flask import current_app

from qifutong.database import with_transaction
from qifutong.extensions import db


@click.command("grade")
@click.option("--as-of", "as_of", metavar="YYYY-MM", help="grade on figures up to this month")
@click.option("--rule", "show_rule", is_flag=True, help="print the written rule and stop")
@with_transaction
def grade_command(as_of: str | None, show_rule: bool) -> None:
    """Recompute key-firm grades A/B/C and tiers, and open visit tasks for tax swings.

    Run it monthly (e.g. cron `0 6 2 * * qifutong grade`); running it again changes nothing."""
    from qifutong.keyfirms import grading
    from qifutong.keyfirms import services as keyfirms
    from qifutong.timeutil import street_today

    if show_rule:
        cfg = current_app.config
        click.echo(
            grading.rule_text(cfg["QIFUTONG_TAX_SWING"], cfg["QIFUTONG_TAX_SWING_MIN_BASE"]),
            nl=False,
        )
        return
    month = None
    if as_of:
        try:
            year, mon = (int(p) for p in as_of.split("-"))
            month = date(year, mon, 1)
        except ValueError as exc:
            raise click.BadParameter(
                f"expected YYYY-MM, got {as_of!r}", param_hint="--as-of"
            ) from exc
    summary = keyfirms.recompute_grades(street_today(), month)
    db.session.flush()  # refused here, before the command reports success
    click.echo(
        f"graded {summary['firms']} firms as of {summary['as_of']}: "
        f"A={summary['A']} B={summary['B']} C={summary['C']}; "
        f"growing={summary['growing']} stable={summary['stable']} at_risk={summary['at_risk']}; "
        f"{summary['changed']} changed; {summary['tax_swing']} tax swings, "
        f"{summary['visit_tasks_opened']} visit tasks opened"
    )
    click.echo(json.dumps(summary, ensure_ascii=False))
