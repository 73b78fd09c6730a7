"""Fixtures: an app per test on SQLite and on PostgreSQL, builders for records, logins."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

PG_ADMIN_URL = os.environ.get("QIFUTONG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")
# Test databases are thrown away: no need to wait for the disk on each commit.
PG_TEST_OPTIONS = "-csynchronous_commit%3Doff"


# One id per test run, shared by pytest-xdist's workers (they inherit the environment): the
# demo street is seeded once per run, into a folder and a PostgreSQL template of this name.
RUN = "QIFUTONG_TEST_RUN"


def _is_worker() -> bool:
    return "PYTEST_XDIST_WORKER" in os.environ


def pytest_configure(config: pytest.Config) -> None:
    """Temporary files on tmpfs where there is one: SQLite commits then cost no disk flush."""
    shm = Path("/dev/shm")
    if config.option.basetemp is None and shm.is_dir() and os.access(shm, os.W_OK):
        config.option.basetemp = str(shm / f"qifutong-pytest-{os.getpid()}")
    if not _is_worker():
        os.environ[RUN] = uuid.uuid4().hex[:10]


def _run_folder() -> Path:
    import tempfile

    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    folder = base / f"qifutong-run-{os.environ[RUN]}"
    folder.mkdir(exist_ok=True)
    return folder


def _demo_template() -> str:
    return f"qifutong_demo_{os.environ[RUN]}"


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    base = config.option.basetemp
    if base and str(base).startswith(f"/dev/shm/qifutong-pytest-{os.getpid()}"):
        shutil.rmtree(base, ignore_errors=True)
    if not _is_worker() and RUN in os.environ:
        # The run's shared demo street: its folder and PostgreSQL template, once every worker
        # has ended.
        if (_run_folder() / "demo_pg" / "created").exists():
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{_demo_template()}" WITH (FORCE)')
        shutil.rmtree(_run_folder(), ignore_errors=True)


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


def _sqlalchemy_url(url: str, schema: str | None = None) -> str:
    options = PG_TEST_OPTIONS + (f"%20-csearch_path%3D{schema}" if schema else "")
    return url.replace("postgresql://", "postgresql+psycopg://", 1) + f"?options={options}"


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
        yield _sqlalchemy_url(pg, schema)
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
        "QIFUTONG_JOBS_WAIT": True,  # a job started by a page is done when the page answers
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


# --- The demo street, seeded once per session and copied per test ---------------------------


def _seed_into(url: str, instance: Path) -> None:
    from qifutong.extensions import db
    from qifutong.seeding import run_seed
    from qifutong.timeutil import street_today

    seeded = make_test_app(url, instance)
    with seeded.app_context():
        db.create_all()
        run_seed(street_today(), echo=lambda _line: None)
        db.session.remove()
        db.engine.dispose()


@contextmanager
def _one_at_a_time(lock: Path) -> Iterator[None]:
    """An exclusive lock between the run's processes (the first seeds, the others wait)."""
    import fcntl

    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def demo_street_sqlite() -> Path:
    """A SQLite file holding the seeded demo street, seeded once per run (whichever worker
    needs it first); tests get copies of it."""
    folder = _run_folder() / "demo_street"
    folder.mkdir(exist_ok=True)
    path = folder / "demo.sqlite"
    with _one_at_a_time(folder / "lock"):
        if not (folder / "done").exists():
            path.unlink(missing_ok=True)
            _seed_into(f"sqlite:///{path}", folder)
            (folder / "done").touch()
    return path


@pytest.fixture(scope="session")
def demo_street_pg(pg_database: str) -> str:
    """A PostgreSQL database holding the seeded demo street, seeded once per run and used as a
    template; dropped when the run ends (pytest_unconfigure)."""
    import psycopg

    folder = _run_folder() / "demo_pg"
    folder.mkdir(exist_ok=True)
    name = _demo_template()
    with _one_at_a_time(folder / "lock"):
        if not (folder / "done").exists():
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            (folder / "created").touch()
            base = PG_ADMIN_URL.rsplit("/", 1)[0]
            _seed_into(_sqlalchemy_url(f"{base}/{name}"), folder)
            (folder / "done").touch()
    return name


@pytest.fixture(params=BACKENDS)
def demo_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A private copy of the seeded demo street on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        import shutil

        source = request.getfixturevalue("demo_street_sqlite")
        target = tmp_path / "demo.sqlite"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("demo_street_pg")
    import psycopg

    name = f"qifutong_copy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield _sqlalchemy_url(f"{base}/{name}")
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_app(demo_db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app over a private copy of the seeded demo street."""
    from qifutong.extensions import db

    app = make_test_app(demo_db_url, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_sqlite_app(demo_street_sqlite: Path, tmp_path: Path) -> Iterator[Flask]:
    """The demo street on SQLite only (browser tests: one backend is enough there)."""
    import shutil

    from qifutong.extensions import db

    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_street_sqlite, target)
    app = make_test_app(f"sqlite:///{target}", tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


# --- A live server and headless Chromium -----------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("QIFUTONG_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def live_server() -> Iterator[Callable[[Flask], str]]:
    """`live_server(app)` serves the app on a free local port and returns its base URL."""
    import threading

    from werkzeug.serving import make_server

    servers: list[Any] = []

    def start(app: Flask) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Chromium is needed in CI at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """`screenshot(page, name)` saves a full-page PNG under test-artifacts/screenshots/."""

    def take(pg: Any, name: str) -> Path:
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take


def browser_login(pg: Any, base_url: str, username: str, password: str) -> None:
    pg.goto(f"{base_url}/login")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", password)
    pg.click("button[type=submit]")
    pg.wait_for_load_state("networkidle")
