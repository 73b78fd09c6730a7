"""One migration head; the migrations build exactly the models' schema; init is idempotent."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from qifutong.extensions import db
from tests.conftest import make_test_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "qifutong" / "migrations"


def test_there_is_exactly_one_head():
    from alembic.config import Config

    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1


def test_upgrade_matches_the_models_and_init_twice_changes_nothing(db_url, tmp_path: Path):
    from qifutong.commands import upgrade_schema
    from qifutong.database import include_in_schema

    app = make_test_app(db_url, tmp_path)
    with app.app_context():
        first = upgrade_schema()
        tables = sorted(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            opts = {"compare_type": True, "include_object": include_in_schema(conn.dialect.name)}
            with warnings.catch_warnings():
                # The PostgreSQL-only index of the register's order: SQLite never has it.
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified")
                diff = compare_metadata(MigrationContext.configure(conn, opts=opts), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        second = upgrade_schema()
        assert second == first
        assert sorted(inspect(db.engine).get_table_names()) == tables
        db.session.remove()
        db.engine.dispose()


def test_0006_gives_existing_users_a_daily_digest_and_goes_back(db_url, tmp_path: Path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from qifutong.extensions import migrate

    app = make_test_app(db_url, tmp_path)
    with app.app_context():
        migrate.ready(app)
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO "user" (username, display_name, password_hash, role, active,'
                    " session_epoch, must_change_password, created_at, updated_at) VALUES"
                    " ('li', '', 'x', 'firm', true, 0, false, '2026-12-01', '2026-12-01')"
                )
            )
        upgrade(revision="0006")
        with db.engine.connect() as conn:
            assert conn.execute(text('SELECT digest_frequency FROM "user"')).scalar() == "daily"
        assert "offer_follow" in inspect(db.engine).get_table_names()
        downgrade(revision="0005")
        assert "offer_follow" not in inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("user")}
        assert "digest_frequency" not in columns
        db.session.remove()
        db.engine.dispose()


def test_0007_gives_each_month_the_running_totals_of_a_year_earlier(db_url, tmp_path: Path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from qifutong.extensions import migrate

    app = make_test_app(db_url, tmp_path)
    with app.app_context():
        migrate.ready(app)
        upgrade(revision="0006")
        months = ["2025-01-01", "2025-06-01", "2026-01-01", "2026-06-01"]
        with db.engine.begin() as conn:
            for i, month in enumerate(months):
                conn.execute(
                    text(
                        "INSERT INTO cockpit_firm_month (enterprise_id, period, tax, local,"
                        " revenue, records) VALUES (7, :period, :tax, :local, :revenue, :records)"
                    ),
                    {"period": month, "tax": 10.0 * (i + 1), "local": 4.0 * (i + 1),
                     "revenue": 100.0 * (i + 1), "records": i + 1},
                )  # fmt: skip
        upgrade(revision="0007")
        with db.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT tax_ly, local_ly, revenue_ly, records_ly FROM cockpit_firm_month"
                    " ORDER BY period"
                )
            ).all()
        # 2026-01 and 2026-06 had rows a year earlier; the 2025 months had none.
        assert [tuple(r) for r in rows] == [
            (0.0, 0.0, 0.0, 0),
            (0.0, 0.0, 0.0, 0),
            (10.0, 4.0, 100.0, 1),
            (20.0, 8.0, 200.0, 2),
        ]
        downgrade(revision="0006")
        columns = {c["name"] for c in inspect(db.engine).get_columns("cockpit_firm_month")}
        assert "tax_ly" not in columns
        db.session.remove()
        db.engine.dispose()


def test_0008_drops_the_two_push_indexes_and_goes_back(db_url, tmp_path: Path):
    from flask_migrate import downgrade, upgrade

    from qifutong.extensions import migrate

    def push_indexes() -> set[str]:
        return {ix["name"] for ix in inspect(db.engine).get_indexes("push")}

    app = make_test_app(db_url, tmp_path)
    with app.app_context():
        migrate.ready(app)
        upgrade(revision="0008")
        assert not push_indexes() & {"ix_push_enterprise_id", "ix_push_state"}
        downgrade(revision="0007")
        assert {"ix_push_enterprise_id", "ix_push_state"} <= push_indexes()
        db.session.remove()
        db.engine.dispose()
