"""The groups of the `qifutong` command that packages add their commands to (`import`,
`export`, `bench`) and what those commands run with: the app, made when a command first needs
it, and one unit of work. Importing this loads click and nothing else; it never imports the
app, whose packages import it: the console script (qifutong/cli.py) hands it the factory."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

T = TypeVar("T")
# Subcommand → (where it lives, "module:attribute"; its one line of help), as the command
# table of qifutong/cli.py. Keep in step with the commands: tests/test_cli.py checks both ways.
SUBCOMMANDS: dict[str, dict[str, tuple[str, str]]] = {
    "import": {
        "enterprises": (
            "qifutong.enterprises.roster.cli:import_enterprises_command",
            "Import firm rosters (xlsx or csv in UTF-8/GBK): resolve duplicates, store, report.",
        ),
        "leases": (
            "buildings.cli:import_leases_command",
            "Import a lease spreadsheet (xlsx, or csv in UTF-8/GBK): all rows, or none.",
        ),
        "figures": (
            "qifutong.enterprises.roster.cli:import_figures_command",
            "Import monthly figures (tax bureau, statistics office): xlsx or csv in UTF-8/GBK.",
        ),
        "macro": (
            "dashboards.cli:import_macro_command",
            "Import the district statistics bureau's monthly CSV (all rows or none).",
        ),
    },
    "export": {
        "enterprises": (
            "qifutong.enterprises.roster.cli:export_enterprises_command",
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


_app_factory: Callable[[], Any] | None = None


def use_app_factory(factory: Callable[[], Any]) -> None:
    """Make the commands' app with `factory` (the console script sets it)."""
    global _app_factory
    _app_factory = factory


def _create_app() -> Any:
    if _app_factory is None:
        raise RuntimeError("no app factory: the commands run under qifutong.cli.main")
    return _app_factory()


def script_info(ctx: click.Context) -> Any:
    """Flask's ScriptInfo of this run (made on first use: commands find the app through it)."""
    from flask.cli import ScriptInfo

    root = ctx.find_root()
    if not isinstance(root.obj, ScriptInfo):
        root.obj = ScriptInfo(
            create_app=_create_app, set_debug_flag=False, load_dotenv_defaults=False
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


@click.group("import", cls=_Table, table=SUBCOMMANDS["import"])
def import_group() -> None:
    """Import the street's spreadsheets (transactional; a report lists every refused row)."""


@click.group("export", cls=_Table, table=SUBCOMMANDS["export"])
def export_group() -> None:
    """Export records for other systems."""


@click.group("bench", cls=_Table, table=SUBCOMMANDS["bench"])
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
