"""The `qifutong` command (DESIGN §7): demo, init, seed, serve, user add, token."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup, ScriptInfo

from qifutong.database import with_transaction
from qifutong.extensions import db


def _create_app() -> Flask:
    from qifutong.app import create_app

    return create_app({"QIFUTONG_CLI": True})


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def main() -> None:
    """企服通 Qifutong: the enterprise-service platform of a sub-district."""
    ctx = click.get_current_context()
    info = ctx.ensure_object(ScriptInfo)
    ctx.call_on_close(lambda: _close_database(info))


def _close_database(info: ScriptInfo) -> None:
    """Return the command's database connections when it ends."""
    app = info._loaded_app
    if app is not None:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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


def upgrade_schema() -> str:
    """Create or upgrade the schema to the newest migration; idempotent."""
    from flask_migrate import upgrade

    upgrade()
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() or "none"


@main.command("init")
@with_transaction
def init_command() -> None:
    """Create or upgrade the schema to the newest migration (safe to run again)."""
    rev = upgrade_schema()
    click.echo(f"schema at revision {rev} ({_safe_url()})")


def _safe_url() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def seed_street(echo: Any = click.echo) -> dict[str, dict[str, int]]:
    from qifutong.seeding import run_seed
    from qifutong.timeutil import street_today

    return run_seed(street_today(), echo=echo)


@main.command("seed")
@with_transaction
def seed_command() -> None:
    """Load the demo street from seed_data/ (loads only what is missing)."""
    click.echo("loading seed_data/ …")
    results = seed_street()
    total = sum(sum(v.values()) for v in results.values())
    click.echo(f"done: {total} records added" if total else "done: nothing to add")


def _serve(app: Flask, host: str, port: int, workers: int) -> None:
    from qifutong.server import serve

    if app.config.get("QIFUTONG_SECRET_FROM_DISK"):
        raise click.ClickException(
            "SECRET_KEY is not set: production serving needs the SECRET_KEY environment "
            "variable (or QIFUTONG_ENV=development for a local try-out)."
        )
    serve(app, host=host, port=port, workers=workers)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the app with gunicorn (the same app as `gunicorn wsgi:app`)."""
    from qifutong.app import create_app
    from qifutong.config import ConfigError

    try:
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    _serve(app, host, port, workers)


@main.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="prepare the database, print logins, and stop")
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Create the schema, load the demo street if the database is empty, and serve it."""
    os.environ.setdefault("QIFUTONG_ENV", "development")
    os.environ.setdefault("QIFUTONG_SECURE_COOKIES", "0")
    from qifutong.app import create_app
    from qifutong.auth.seed import DEMO_LOGINS, DEMO_PASSWORD
    from qifutong.enterprises.models import Enterprise

    app = create_app()
    with app.app_context():
        upgrade_schema()
        if db.session.scalar(db.select(db.func.count()).select_from(Enterprise)) == 0:
            click.echo("loading the demo street (古荡街道) …")
            seed_street()
        else:
            click.echo("database has data: not loading the demo street again")
        db.session.remove()
    address = f"http://{host}:{port}/"
    click.echo("")
    click.echo(f"企服通 demo street: {address}")
    click.echo(f"database: {app.config['SQLALCHEMY_DATABASE_URI']}")
    click.echo("demo logins (password for all: " + DEMO_PASSWORD + "):")
    for login in DEMO_LOGINS:
        click.echo(f"  {login.interface:<4} {login.username:<8} {login.display_name}")
    sys.stdout.flush()
    if not no_serve:
        _serve(app, host, port, workers=2)


@main.group("user")
def user_group() -> None:
    """Manage logins."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice(["street", "building", "property", "firm", "admin"])
)
@click.option("--firm", "firm_uscc", help="the firm's USCC (role firm)")
@click.option(
    "--building",
    "building_ids",
    multiple=True,
    type=int,
    help="a building id in scope (roles building, property); repeatable",
)
@click.option("--display-name", default="")
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@with_transaction
def user_add(
    name: str,
    role: str,
    firm_uscc: str | None,
    building_ids: tuple[int, ...],
    display_name: str,
    email: str | None,
    password_stdin: bool,
) -> None:
    """Create a login NAME with a role and its scope."""
    from qifutong.auth.services import AuthError, create_user
    from qifutong.enterprises.models import Enterprise
    from qifutong.uscc import normalise

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    enterprise_id = None
    if firm_uscc:
        code = normalise(firm_uscc)
        enterprise_id = db.session.scalar(db.select(Enterprise.id).where(Enterprise.uscc == code))
        if enterprise_id is None:
            raise click.ClickException(f"no firm with USCC {code}")
    table = db.metadata.tables["building"]
    known = set(db.session.scalars(db.select(table.c.id).where(table.c.id.in_(building_ids))))
    missing = sorted(set(building_ids) - known)
    if missing:
        raise click.ClickException(f"no building with id {missing[0]}")
    try:
        user = create_user(
            name,
            password,
            role,
            display_name=display_name,
            enterprise_id=enterprise_id,
            building_ids=building_ids,
            email=email,
        )
    except AuthError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"user {user.username} ({role}) created")


@main.command("token")
@click.argument("name")
@with_transaction
def token_command(name: str) -> None:
    """Print a new API token for user NAME (shown once; only its hash is kept)."""
    from qifutong.auth.models import User
    from qifutong.auth.services import issue_token

    user = db.session.scalar(db.select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    token = issue_token(user)
    db.session.commit()
    click.echo(token)


class _PluginGroup(AppGroup):
    """A command group whose subcommands come from packages: load the app to find them."""

    def _load(self, ctx: click.Context) -> None:
        ctx.ensure_object(ScriptInfo).load_app()
        _load_benchmarks()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load(ctx)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(ctx)
        return super().list_commands(ctx)


@main.group("import", cls=_PluginGroup)
def import_group() -> None:
    """Import the street's spreadsheets (transactional; a report lists every refused row)."""


@main.group("export", cls=_PluginGroup)
def export_group() -> None:
    """Export records for other systems."""


@main.group("bench", cls=_PluginGroup)
def bench_group() -> None:
    """Benchmarks that print speed and memory figures."""


def _load_benchmarks() -> None:
    """The benchmarks live beside the packages in a checkout, not in the installed project:
    their commands join `qifutong bench` only where the folder is present."""
    from qifutong.config import PROJECT_ROOT

    if not (PROJECT_ROOT / "benchmarks" / "cli.py").is_file():
        return
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    import benchmarks.cli  # noqa: F401  (registers its commands)


def init_app(app: Flask) -> None:
    """Packages add subcommands to `import_group`, `export_group` and `bench_group` at import."""
