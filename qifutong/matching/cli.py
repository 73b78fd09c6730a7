"""Commands: `qifutong match run|push|tags` and `qifutong bench match`."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from qifutong.cli import bench_group
from qifutong.extensions import db

match_group = AppGroup("match", help="Tag firms, match offers to them and push to inboxes.")


@match_group.command("run")
@click.option("--no-push", is_flag=True, help="only store results; push nothing")
def match_run(no_push: bool) -> None:
    """Re-tag every firm, re-evaluate every offer against every firm, then push today's items."""
    from qifutong.matching.push import deliver
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
    db.session.commit()
    for line in summary.skipped:
        click.echo(f"skipped {line}", err=True)
    click.echo(json.dumps({"tags": tags, **summary.as_dict()}, ensure_ascii=False))


@match_group.command("push")
@click.option("--digest/--no-digest", default=True, help="send the daily digest afterwards")
def match_push(digest: bool) -> None:
    """Deliver waiting items within each firm's daily cap, then send the daily digest."""
    from qifutong.matching.digest import send_digests
    from qifutong.matching.push import deliver
    from qifutong.timeutil import street_today

    today = street_today()
    out: dict[str, int] = {"pushed": deliver(today)}
    if digest:
        out.update(send_digests(today))
    db.session.commit()
    click.echo(json.dumps(out, ensure_ascii=False))


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
    help="where to time result writes (default: a temporary SQLite file)",
)
@click.option("--write-full", is_flag=True, help="also write every result of the full match")
def bench_match(
    n_firms: int, n_policies: int, workers: int, database_url: str | None, write_full: bool
) -> None:
    """Time the engine on a synthetic city: full match, one new policy, writes, peak memory."""
    from qifutong.matching.bench import run

    r = run(n_firms, n_policies, workers, database_url, write_full, echo=click.echo)
    pairs = r.firms * r.policies
    click.echo(
        f"full match: {r.firms:,} firms × {r.policies:,} policies = {pairs:,} pairs "
        f"in {r.full_match_s:.3f} s ({pairs / max(r.full_match_s, 1e-9) / 1e6:,.0f} M pairs/s); "
        f"eligible {r.pairs_eligible:,}, near-miss {r.pairs_near:,}"
    )
    click.echo(
        f"one new policy: {r.new_policy_ms:.2f} ms of compute against {r.firms:,} firms "
        f"({r.new_policy_results:,} eligible or near-miss)"
    )
    click.echo(
        f"result write: {r.write_rows:,} rows (one policy, with reasons) in {r.write_s:.3f} s "
        f"({r.write_rows / max(r.write_s, 1e-9):,.0f} rows/s)"
    )
    if r.full_write_rows is not None and r.full_write_s is not None:
        click.echo(
            f"full result write: {r.full_write_rows:,} rows in {r.full_write_s:.3f} s "
            f"({r.full_write_rows / max(r.full_write_s, 1e-9):,.0f} rows/s)"
        )
    click.echo(f"peak memory: {r.peak_mb:,.0f} MB")
