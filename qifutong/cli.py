"""The `qifutong` command (DESIGN §7). Starting it imports click and nothing else: the table
below says where each command lives and what it does, so `--help` lists them without loading
the app, and a command's module is imported only when that command runs. Commands that need
the app get it (from the factory) when they run."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

T = TypeVar("T")
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
        "qifutong.demands.cli:grade_command",
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
SUBCOMMANDS: dict[str, dict[str, tuple[str, str]]] = {
    "import": {
        "enterprises": (
            "qifutong.imports.cli:import_enterprises_command",
            "Import firm rosters (xlsx or csv in UTF-8/GBK): resolve duplicates, store, report.",
        ),
        "leases": (
            "buildings.cli:import_leases_command",
            "Import a lease spreadsheet (xlsx, or csv in UTF-8/GBK): all rows, or none.",
        ),
        "figures": (
            "qifutong.imports.cli:import_figures_command",
            "Import monthly figures (tax bureau, statistics office): xlsx or csv in UTF-8/GBK.",
        ),
        "macro": (
            "dashboards.cli:import_macro_command",
            "Import the district statistics bureau's monthly CSV (all rows or none).",
        ),
    },
    "export": {
        "enterprises": (
            "qifutong.imports.cli:export_enterprises_command",
            "One row per firm: id, uscc, name, source_rows (FILE:ROW;…) and the canonical fields.",
        ),
        "lease-warnings": (
            "buildings.cli:export_warnings_command",
            "Write today's lease warnings of the whole street to an xlsx file.",
        ),
    },
    "bench": {
        "cockpit": (
            "benchmarks.cli:bench_cockpit",
            "Time the whole cockpit (all 52 indicators) on generated streets of N firms.",
        ),
        "match": (
            "benchmarks.cli:bench_match",
            "A synthetic city: full match, then one new policy published (compute, store, push).",
        ),
        "serve": (
            "benchmarks.cli:bench_serve",
            "Drive `qifutong serve` on the demo street at a fixed rate; latency per endpoint.",
        ),
        "bomb": (
            "benchmarks.cli:bench_bomb",
            "A 1 MB zip bomb against the import commands and the lease import page of the real "
            "server: seconds to refuse it and peak memory.",
        ),
        "import": (
            "benchmarks.cli:bench_import",
            "Build a messy roster of N rows with known truth; print read, clean and resolve "
            "time, peak memory, pairwise precision and recall (overall and per case), then one "
            "JSON line.",
        ),
    },
}


def create_cli_app() -> Any:
    """The app a command runs in."""
    from qifutong.app import create_app

    return create_app({"QIFUTONG_CLI": True})


def script_info(ctx: click.Context) -> Any:
    """Flask's ScriptInfo of this run (made on first use: commands find the app through it)."""
    from flask.cli import ScriptInfo

    root = ctx.find_root()
    if not isinstance(root.obj, ScriptInfo):
        root.obj = ScriptInfo(
            create_app=create_cli_app, set_debug_flag=False, load_dotenv_defaults=False
        )
        root.call_on_close(lambda: _close_database(root.obj))
    return root.obj


def _close_database(info: Any) -> None:
    """Return the command's database connections when it ends."""
    app = info._loaded_app
    if app is not None:
        from qifutong.extensions import db

        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _load(location: str) -> click.Command | None:
    if location.startswith("benchmarks.") and not _benchmarks_on_path():
        return None
    module, _, attribute = location.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command), location
    return command


def echo_problems(problems: Sequence[Any], file_name: str, most: int = 50) -> None:
    """An import's bad rows on stderr, `FILE: row N, FIELD: reason (value)`; past `most`,
    only how many more the report holds."""
    for p in problems[:most]:
        value = getattr(p, "value", "")
        name = getattr(p, "file_name", "") or file_name
        click.echo(
            f"{name}: row {p.row}, {p.field}: {p.reason}" + (f" ({value})" if value else ""),
            err=True,
        )
    if len(problems) > most:
        click.echo(f"… {len(problems) - most} more in the report", err=True)


class _Table(click.Group):
    """A group whose commands are found in a table and imported only to run."""

    def __init__(self, *args: Any, table: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table

    def list_commands(self, ctx: click.Context) -> list[str]:
        here = _benchmarks_on_path()
        listed = {
            n for n, (at, _) in self.table.items() if here or not at.startswith("benchmarks.")
        }
        return sorted(set(self.commands) | listed)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.table:
            command = _load(self.table[cmd_name][0])
            if command is not None:
                self.add_command(command, cmd_name)
        return self.commands.get(cmd_name) or self._from_the_app(ctx, cmd_name)

    def _from_the_app(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command not in the table: one a package adds to the app's command line."""
        del ctx, cmd_name
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max((len(n) for n in self.list_commands(ctx)), default=0)
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None and command.hidden:
                continue
            said = command.get_short_help_str(limit) if command else self.table[name][1]
            rows.append((name, _shorten(said, limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        """As Flask's AppGroup: the command runs in an application context unless
        `with_appcontext=False`."""
        wrap = kwargs.pop("with_appcontext", True)

        def decorator(f: Callable[..., Any]) -> click.Command:
            return click.Group.command(self, *args, **kwargs)(in_app(f) if wrap else f)

        return decorator


def _shorten(text: str, limit: int) -> str:
    """As click shortens a docstring's first sentence for the command list."""
    return click.Command("x", help=text).get_short_help_str(limit)


def in_app(f: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command in an application context (the app is made when it first runs), as
    one unit of work: its transaction commits when it ends well, else rolls back."""

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from flask.cli import with_appcontext

        from qifutong.database import job

        script_info(click.get_current_context())
        return with_appcontext(job(f))(*args, **kwargs)

    return wrapped


def run_in_app(work: Callable[[], T]) -> T:
    """Do `work` in the app's context as one unit of work (commit, or roll back on failure),
    making the app now: for a command that starts something before the app is ready."""
    from qifutong.database import job

    app = script_info(click.get_current_context()).load_app()
    with app.app_context():
        return job(work)()


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


@main.group("import", cls=_Table, table=SUBCOMMANDS["import"])
def import_group() -> None:
    """Import the street's spreadsheets (transactional; a report lists every refused row)."""


@main.group("export", cls=_Table, table=SUBCOMMANDS["export"])
def export_group() -> None:
    """Export records for other systems."""


@main.group("bench", cls=_Table, table=SUBCOMMANDS["bench"])
def bench_group() -> None:
    """Benchmarks that print speed and memory figures."""


def _benchmarks_on_path() -> bool:
    """The benchmarks live beside the packages in a checkout, not in the installed project:
    their commands join `qifutong bench` only where the folder is present."""
    from qifutong.config import PROJECT_ROOT

    if not (PROJECT_ROOT / "benchmarks" / "cli.py").is_file():
        return False
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    return True


def init_app(app: Any) -> None:
    """Packages add subcommands to `import_group`, `export_group` and `bench_group` at import."""
