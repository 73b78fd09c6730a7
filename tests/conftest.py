"""Fixtures: an app per test on SQLite and on PostgreSQL, builders for records, logins."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

PG_ADMIN_URL = os.environ.get("QIFUTONG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: not reachable here
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this test session, dropped at the end."""
    reason = _pg_reachable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL must be reachable in CI ({PG_ADMIN_URL}): {reason}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {reason}")
    import psycopg

    name = f"qifutong_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    pg = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    import psycopg

    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _sqlalchemy_url(pg) + f"?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def make_test_app(db_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    os.environ["QIFUTONG_INSTANCE"] = str(tmp_path / "instance")
    from qifutong import create_app

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": db_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "QIFUTONG_UPLOAD_DIR": str(tmp_path / "uploads"),
        "QIFUTONG_REPORT_DIR": str(tmp_path / "reports"),
        **overrides,
    }
    return create_app(config)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    from qifutong.extensions import db

    app = make_test_app(db_url, tmp_path)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_building(app: Flask) -> Callable[..., Any]:
    from buildings.models import Building
    from qifutong.extensions import db

    counter = iter(range(1, 10_000))

    def build(**kw: Any) -> Building:
        n = next(counter)
        values = {
            "code": f"B{n:03d}",
            "name": f"测试大厦{n}",
            "address": "杭州市西湖区",
            "leasable_area": 10_000.0,
            **kw,
        }
        b = Building(**values)
        db.session.add(b)
        db.session.commit()
        return b

    return build


@pytest.fixture
def make_firm(app: Flask) -> Callable[..., Any]:
    from qifutong.enterprises.models import Enterprise
    from qifutong.extensions import db
    from qifutong.uscc import check_character

    counter = iter(range(1, 100_000))

    def build(**kw: Any) -> Enterprise:
        n = next(counter)
        base = f"91330106MA{n:07d}"
        values = {
            "uscc": base + check_character(base),
            "name": f"杭州测试{n}科技有限公司",
            "name_norm": f"测试{n}科技",
            "status": "active",
            "operates_here": True,
            "industry_code": "6513",
            "industry_section": "I",
            "qualifications": [],
            **kw,
        }
        e = Enterprise(**values)
        db.session.add(e)
        db.session.commit()
        return e

    return build


PASSWORD = "correct-horse-1"


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    from qifutong.auth.services import create_user
    from qifutong.extensions import db

    counter = iter(range(1, 10_000))

    def build(role: str, **kw: Any) -> Any:
        user = create_user(
            kw.pop("username", f"{role}{next(counter)}"), kw.pop("password", PASSWORD), role, **kw
        )
        db.session.commit()
        return user

    return build


@pytest.fixture
def login(client: FlaskClient) -> Callable[..., Any]:
    def do(user: Any, password: str = PASSWORD) -> Any:
        return client.post("/login", data={"username": user.username, "password": password})

    return do


@pytest.fixture
def token_for(app: Flask) -> Callable[..., str]:
    from qifutong.auth.services import issue_token
    from qifutong.extensions import db

    def do(user: Any) -> str:
        token = issue_token(user)
        db.session.commit()
        return token

    return do
