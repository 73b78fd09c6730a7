"""The `qifutong` command (DESIGN §7). Starting it imports click and nothing else: the table
below says where each command lives and what it does, so `--help` lists them without loading
the app, and a command's module is imported only when that command runs. Commands that need
the app get it (from the factory) when they run. The groups packages add commands to live in
qifutong/command_groups.py, which never imports the app."""

from __future__ import annotations

from typing import Any

import click

from qifutong.command_groups import (
    _Table,
    bench_group,
    export_group,
    import_group,
    script_info,
    use_app_factory,
)

# Command → (where it lives, "module:attribute"; its one line of help). Keep in step with the
# commands themselves: tests/test_cli.py checks both ways.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "qifutong.commands:init_command",
        "Create or upgrade the schema to the newest migration (safe to run again).",
    ),
    "seed": (
        "qifutong.commands:seed_command",
        "Load the demo street from seed_data/ (loads only what is missing).",
    ),
    "serve": (
        "qifutong.commands:serve_command",
        "Serve the app with gunicorn (the same app as `gunicorn wsgi:app`).",
    ),
    "demo": (
        "qifutong.commands:demo_command",
        "Create the schema, load the demo street if the database is empty, and serve it.",
    ),
    "user": ("qifutong.commands:user_group", "Manage logins."),
    "token": (
        "qifutong.commands:token_command",
        "Print a new API token for user NAME (shown once; only its hash is kept), or list or "
        "revoke the user's tokens.",
    ),
    "db": ("qifutong.commands:migrations_group", "Perform database migrations."),
    "grade": (
        "qifutong.keyfirms.cli:grade_command",
        "Recompute key-firm grades A/B/C and tiers, and open visit tasks for tax swings.",
    ),
    "demands": ("qifutong.demands.cli:demands_group", "Demands (诉求)."),
    "calendar": (
        "qifutong.demands.cli:calendar_group",
        "The working-day calendar: the State Council's holiday notices.",
    ),
    "match": (
        "qifutong.matching.cli:match_group",
        "Tag firms, match offers to them and push to inboxes.",
    ),
    "leases": ("buildings.cli:leases_group", "Lease warnings: the daily digest and visit tasks."),
    "worker": (
        "qifutong.jobs.cli:worker_command",
        "Run jobs (imports, re-matching, digests, exports) queued by the pages; needs REDIS_URL.",
    ),
}


def create_cli_app() -> Any:
    """The app a command runs in."""
    from qifutong.app import create_app

    return create_app({"QIFUTONG_CLI": True})


use_app_factory(create_cli_app)


class _Main(_Table):
    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not isinstance(command, _Table):
            # It runs, and may find the app through Flask's ScriptInfo. (The commands of the
            # tables' groups make theirs when they need the app: see in_app and run_in_app.)
            script_info(ctx)
        return name, command, rest

    def _from_the_app(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        app = script_info(ctx).load_app()
        command = app.cli.get_command(ctx, cmd_name)
        return command if isinstance(command, click.Command) else None


@click.group(cls=_Main, table=COMMANDS)
def main() -> None:
    """企服通 Qifutong: the enterprise-service platform of a sub-district."""


for _group in (import_group, export_group, bench_group):
    main.add_command(_group)
