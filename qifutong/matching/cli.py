"""Commands: `qifutong match run|push`."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from qifutong.extensions import db

match_group = AppGroup("match", help="Tag firms, match offers to them and push to inboxes.")


@match_group.command("run")
@click.option("--no-push", is_flag=True, help="only store results; push nothing")
def match_run(no_push: bool) -> None:
    """Re-tag every firm, re-evaluate every offer against every firm, then push today's items."""
    from qifutong.inbox.pushes import deliver
    from qifutong.matching.services import full_match
    from qifutong.matching.tagging import tag_firms
    from qifutong.timeutil import street_today

    today = street_today()
    click.echo("tagging firms …")
    tags = tag_firms(None, today)
    click.echo("matching …")
    summary = full_match(today)
    if not no_push:
        summary.pushed = deliver(today)
    db.session.flush()  # refused here, before the command reports success
    for line in summary.skipped:
        click.echo(f"skipped {line}", err=True)
    click.echo(json.dumps({"tags": tags, **summary.as_dict()}, ensure_ascii=False))


@match_group.command("push")
@click.option("--digest/--no-digest", default=True, help="send the daily digest afterwards")
def match_push(digest: bool) -> None:
    """Deliver waiting items within each firm's daily cap, then send the daily digest."""
    from qifutong.inbox.digest import send_all_digests
    from qifutong.inbox.pushes import deliver
    from qifutong.timeutil import street_today

    today = street_today()
    out: dict[str, int] = {"pushed": deliver(today)}
    if digest:
        out.update(send_all_digests(today))
    db.session.flush()  # refused here, before the command reports success
    click.echo(json.dumps(out, ensure_ascii=False))
