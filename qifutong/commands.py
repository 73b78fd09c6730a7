"""The core's commands: init, seed, serve, demo, user add and token (listed in qifutong/cli.py)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from flask import Flask

from qifutong import places
from qifutong.database import with_transaction
from qifutong.extensions import db, migrate


def upgrade_schema() -> str:
    """Create or upgrade the schema to the newest migration; idempotent."""
    from flask import current_app
    from flask_migrate import upgrade

    migrate.ready(current_app)
    upgrade()
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() or "none"


@click.command("init")
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


@click.command("seed")
@with_transaction
def seed_command() -> None:
    """Load the demo street from seed_data/ (loads only what is missing)."""
    click.echo("loading seed_data/ …")
    results = seed_street()
    total = sum(sum(v.values()) for v in results.values())
    click.echo(f"done: {total} records added" if total else "done: nothing to add")


def _serve(app: Flask, host: str, port: int, workers: int, threads: int = 1) -> None:
    from qifutong.server import serve

    if app.config.get("QIFUTONG_SECRET_FROM_DISK"):
        raise click.ClickException(
            "SECRET_KEY is not set: production serving needs the SECRET_KEY environment "
            "variable (or QIFUTONG_ENV=development for a local try-out)."
        )
    serve(app, host=host, port=port, workers=workers, threads=threads)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option(
    "--threads", default=1, show_default=True, type=click.IntRange(1, 64),
    help="requests each worker answers at once",
)  # fmt: skip
def serve_command(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the app with gunicorn (the same app as `gunicorn wsgi:app`)."""
    from qifutong.app import create_app
    from qifutong.config import ConfigError

    try:
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    _serve(app, host, port, workers, threads)


@click.command("demo")
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


@click.group("user")
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
    missing = places.missing(building_ids)
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
    db.session.flush()  # refused here, before the command reports success
    click.echo(f"user {user.username} ({role}) created")


@click.command("token")
@click.argument("name")
@click.option("--days", type=click.IntRange(1, 3650), help="the token expires after N days")
@click.option("--revoke", "prefix", metavar="PREFIX", help="revoke the user's tokens starting so")
@click.option("--list", "listing", is_flag=True, help="list the user's tokens")
@with_transaction
def token_command(name: str, days: int | None, prefix: str | None, listing: bool) -> None:
    """Print a new API token for user NAME (shown once; only its hash is kept), or list or
    revoke the user's tokens."""
    from datetime import timedelta

    from qifutong.auth.models import User
    from qifutong.auth.services import AuthError, issue_token, revoke_tokens, tokens_of
    from qifutong.models_base import utcnow

    user = db.session.scalar(db.select(User).where(User.username == name))
    if user is None:
        raise click.ClickException(f"no user {name!r}")
    if listing:
        for t in tokens_of(user):
            state = "revoked" if t.revoked else "active"
            if not t.revoked and t.expires_at and t.expires_at <= utcnow():
                state = "expired"
            expires = t.expires_at.isoformat(timespec="minutes") if t.expires_at else "never"
            click.echo(f"{t.prefix}  {state:<8} expires {expires}  created {t.created_at:%Y-%m-%d}")
        return
    if prefix is not None:
        try:
            count = revoke_tokens(user, prefix)
        except AuthError as exc:
            raise click.ClickException(str(exc)) from exc
        if not count:
            raise click.ClickException(f"{name} has no live token starting with {prefix!r}")
        click.echo(f"revoked {count} token(s) of {name} starting with {prefix}")
        return
    token = issue_token(user, utcnow() + timedelta(days=days) if days else None)
    db.session.flush()  # refused here, before the command reports success
    click.echo(token)


class _Migrations(click.Group):
    """Flask-Migrate's `db` group, bound to the app before it runs."""

    def invoke(self, ctx: click.Context) -> Any:
        from qifutong.command_groups import script_info

        migrate.ready(script_info(ctx).load_app())
        return super().invoke(ctx)


def _migrations_group() -> click.Group:
    from flask_migrate.cli import db as migrations

    return _Migrations(
        "db",
        commands=migrations.commands,
        callback=migrations.callback,
        params=migrations.params,
        help=migrations.help,
    )


migrations_group = _migrations_group()
