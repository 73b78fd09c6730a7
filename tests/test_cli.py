"""The `qifutong` command: init, user add, token."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from qifutong.cli import main


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QIFUTONG_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return db_url


def _run(*args: str, input: str | None = None) -> object:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import qifutong

    config = Config()
    config.set_main_option("script_location", str(Path(qifutong.__file__).parent / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_init_twice_then_user_and_token(cli_env: str):
    head = f"revision {_head_revision()}"
    first = _run("init")
    assert first.exit_code == 0, first.output
    assert head in first.output
    second = _run("init")
    assert second.exit_code == 0 and head in second.output

    added = _run(
        "user", "add", "wang", "--role", "street", "--password-stdin", input="a-long-password\n"
    )
    assert added.exit_code == 0, added.output
    again = _run(
        "user", "add", "wang", "--role", "street", "--password-stdin", input="a-long-password\n"
    )
    assert again.exit_code != 0 and "exists already" in again.output

    token = _run("token", "wang")
    assert token.exit_code == 0 and token.output.strip().startswith("qft_")
    engine = create_engine(cli_env)
    with engine.connect() as conn:
        stored = conn.execute(text('select password_hash from "user"')).scalar_one()
        hashes = conn.execute(text("select token_hash from api_token")).scalars().all()
    engine.dispose()
    assert "a-long-password" not in stored
    assert token.output.strip() not in hashes


def test_user_add_checks_scope(cli_env: str):
    assert _run("init").exit_code == 0
    firm = _run(
        "user",
        "add",
        "f1",
        "--role",
        "firm",
        "--firm",
        "91330106MA27XK123C",
        "--password-stdin",
        input="a-long-password\n",
    )
    assert firm.exit_code != 0 and "no firm with USCC" in firm.output
    building = _run(
        "user", "add", "b1", "--role", "building", "--password-stdin", input="a-long-password\n"
    )
    assert building.exit_code != 0 and "needs at least one building" in building.output
    short = _run("user", "add", "s1", "--role", "street", "--password-stdin", input="short\n")
    assert short.exit_code != 0 and "至少需要 8 个字符" in short.output


def test_serving_in_production_needs_a_secret(cli_env: str):
    assert _run("init").exit_code == 0
    result = _run("serve", "--port", "0")
    assert result.exit_code != 0 and "SECRET_KEY" in result.output


def test_help_imports_neither_the_app_nor_flask():
    """`qifutong --help` and `qifutong import --help` list the commands from the table."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from qifutong.cli import main\n"
        "for args in (['--help'], ['import', '--help'], ['bench', '--help'],\n"
        "             ['import', 'enterprises', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as end:\n"
        "        assert end.code == 0, end.code\n"
        "heavy = ('flask', 'sqlalchemy', 'pandas', 'qifutong.app')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "enterprises" in run.stdout and "leases" in run.stdout and "macro" in run.stdout


def test_the_table_says_what_each_command_says():
    from qifutong.cli import COMMANDS
    from qifutong.command_groups import SUBCOMMANDS, _load

    for table in (COMMANDS, *SUBCOMMANDS.values()):
        for name, (location, said) in table.items():
            command = _load(location)
            assert command is not None, location
            assert command.get_short_help_str(1000) == said, name


def test_every_command_of_the_app_is_in_the_table(cli_env: str):
    from qifutong.app import create_app
    from qifutong.cli import COMMANDS, main
    from qifutong.command_groups import SUBCOMMANDS

    app = create_app({"QIFUTONG_CLI": True})
    assert set(app.cli.commands) <= set(COMMANDS)
    for group, table in SUBCOMMANDS.items():
        registered = main.commands[group].commands  # type: ignore[attr-defined]
        assert set(registered) <= set(table), group
