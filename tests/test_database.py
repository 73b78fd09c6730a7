"""`database.exclusive`: one holder at a time within an installation, and installations in
schemas of one PostgreSQL database never wait on each other."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from qifutong.database import exclusive
from qifutong.extensions import db
from tests.conftest import _sqlalchemy_url, make_test_app


@pytest.fixture
def schemas(pg_database: str) -> Iterator[list[str]]:
    names = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(pg_database, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield [_sqlalchemy_url(pg_database, name) for name in names]
    finally:
        with psycopg.connect(pg_database, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _holds(url: str, tmp_path: Path, name: str) -> bool:
    """Whether a second installation at `url` gets `name` at once while the caller holds it."""
    app = make_test_app(url, tmp_path)
    with app.app_context():
        try:
            db.session.execute(text("SET LOCAL lock_timeout = '300ms'"))
            exclusive(name)
            return True
        except OperationalError:
            return False
        finally:
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()


def test_exclusive_waits_within_a_schema_and_not_across_schemas(schemas, tmp_path):
    first, second = schemas
    app = make_test_app(first, tmp_path / "a")
    with app.app_context():
        try:
            exclusive("push-delivery")
            assert not _holds(first, tmp_path / "b", "push-delivery")  # the same installation
            assert _holds(second, tmp_path / "c", "push-delivery")  # another one: no wait
            assert _holds(first, tmp_path / "d", "grading")  # another name: no wait
        finally:
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()
