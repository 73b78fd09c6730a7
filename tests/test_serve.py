"""The production server as users meet it: `qifutong serve` with two workers on the demo street,
real logins, concurrent clients with different tokens, and the command line writing meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.server import Browser, api, running_server
from tests.conftest import PG_ADMIN_URL, make_test_app

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "guodang-demo"


@dataclass
class Caller:
    """An API client with its own token, and what it may see."""

    name: str
    token: str
    path: str
    enterprise_id: int | None = None  # a firm sees this firm only
    buildings: frozenset[str] = frozenset()  # a building user sees warnings of these only


def _prepare(url: str, tmp_path: Path) -> dict[str, Any]:
    """A second firm login, API tokens, and the facts each caller's answers are checked
    against; written before the server starts."""
    from sqlalchemy import select

    from buildings.models import Building
    from qifutong.auth.models import User
    from qifutong.auth.services import create_user, issue_token
    from qifutong.enterprises.models import Enterprise
    from qifutong.extensions import db

    app = make_test_app(url, tmp_path / "prepare")
    with app.app_context():
        qiye = db.session.scalar(select(User).where(User.username == "qiye"))
        louyu = db.session.scalar(select(User).where(User.username == "louyu"))
        jiedao = db.session.scalar(select(User).where(User.username == "jiedao"))
        assert qiye and louyu and jiedao and qiye.enterprise_id
        other = db.session.scalar(
            select(Enterprise)
            .where(Enterprise.id != qiye.enterprise_id, Enterprise.status == "active")
            .order_by(Enterprise.id)
        )
        assert other is not None
        second = create_user(
            "qiye2", "second-firm-login-9", "firm", enterprise_id=other.id, display_name="二号"
        )
        db.session.flush()
        mine = db.session.get(Enterprise, qiye.enterprise_id)
        assert mine is not None
        facts = {
            "firm_a": (issue_token(qiye), qiye.enterprise_id, mine.name),
            "firm_b": (issue_token(second), other.id, other.name),
            "building": (
                issue_token(louyu),
                frozenset(
                    db.session.scalars(
                        select(Building.name).where(Building.id.in_(louyu.building_ids))
                    )
                ),
            ),
            "street": issue_token(jiedao),
        }
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return facts


def _check(caller: Caller, base: str) -> str | None:
    """None when the caller got 200 and only its own data; else what went wrong."""
    status, body = api(base, "GET", caller.path, caller.token)
    if status != 200:
        return f"{caller.name}: {status} {body!r:.200}"
    items = body.get("items", [])
    if caller.enterprise_id is not None:
        ids = {item["id"] for item in items}
        if ids != {caller.enterprise_id}:
            return f"{caller.name}: saw firms {sorted(ids)[:5]}"
    if caller.buildings:
        seen = {item["building"] for item in items}
        if not items or not seen <= caller.buildings:
            return f"{caller.name}: saw buildings {sorted(seen - caller.buildings)[:5]}"
    return None


def _page(browser: Browser, path: str, expect: str, refuse: str) -> str | None:
    status, text = browser.get(path)
    if status != 200 or expect not in text or refuse in text:
        return f"{path}: {status}, expected {expect!r}"
    return None


def _idle_in_transaction(url: str) -> int:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = %s AND state LIKE 'idle in transaction%%'",
            (name,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_two_workers_serve_many_users_at_once(demo_db_url: str, tmp_path: Path) -> None:
    facts = _prepare(demo_db_url, tmp_path)
    env = {
        "DATABASE_URL": demo_db_url,
        "SECRET_KEY": "serve-test-" + os.urandom(8).hex(),
        "QIFUTONG_ENV": "production",
        "QIFUTONG_SECURE_COOKIES": "0",
        "QIFUTONG_INSTANCE": str(tmp_path / "instance"),
    }
    log = tmp_path / "server.log"
    with running_server(env, workers=2, log=log) as base:
        # Two browsers log in one after the other; each gets a form token and its own home.
        firm_token, firm_id, firm_name = facts["firm_a"]
        other_token, other_id, other_name = facts["firm_b"]
        firm_browser, building_browser = Browser(base), Browser(base)
        status, home = firm_browser.login("qiye", DEMO_PASSWORD)
        assert status == 200 and firm_name in home and other_name not in home
        status, home = building_browser.login("louyu", DEMO_PASSWORD)
        assert status == 200 and "到期预警" in home and firm_name not in home
        late_browser = Browser(base)
        status, home = late_browser.login("qiye2", "second-firm-login-9")
        assert status == 200 and other_name in home and firm_name not in home

        callers = [
            Caller("firm_a", firm_token, "/api/v1/enterprises", enterprise_id=firm_id),
            Caller("firm_b", other_token, "/api/v1/enterprises", enterprise_id=other_id),
            Caller(
                "building",
                facts["building"][0],
                "/api/v1/leases/warnings",
                buildings=facts["building"][1],
            ),
            Caller("street", facts["street"], "/api/v1/enterprises?q=%E7%A7%91%E6%8A%80"),
        ]
        pages = [
            (firm_browser, "/firm/", firm_name, other_name),
            (late_browser, "/firm/", other_name, firm_name),
            (building_browser, "/building/", "到期预警", firm_token),
        ]

        def one(i: int) -> str | None:
            if i % 3 == 2:
                browser, path, expect, refuse = pages[i % len(pages)]
                return _page(browser, path, expect, refuse)
            return _check(callers[i % len(callers)], base)

        cli_env = {**os.environ, **env, "QIFUTONG_INSTANCE": str(tmp_path / "cli")}
        with ThreadPoolExecutor(max_workers=8) as pool:
            burst = pool.map(one, range(240))
            # The command line writes while the burst runs.
            added = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "qifutong",
                    "user",
                    "add",
                    "cli-during-burst",
                    "--role",
                    "street",
                    "--password-stdin",
                ],
                input="a-long-enough-password\n",
                env=cli_env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            problems = [p for p in burst if p is not None]
        assert problems == [], problems[:5]
        assert added.returncode == 0, added.stderr
        assert "cli-during-burst" in added.stdout

        # The new login works at once on the running server.
        assert Browser(base).login("cli-during-burst", "a-long-enough-password")[0] == 200
        if demo_db_url.startswith("postgresql"):
            assert _idle_in_transaction(demo_db_url) == 0
    assert "Traceback" not in log.read_text(errors="replace")


def test_gunicorn_wsgi_app_serves_as_qifutong_serve_does(tmp_path: Path) -> None:
    """`gunicorn wsgi:app` gives each request its own context and transaction too."""
    url = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": "wsgi-test-" + os.urandom(8).hex(),
        "QIFUTONG_SECURE_COOKIES": "0",
        "QIFUTONG_INSTANCE": str(tmp_path / "instance"),
    }
    cli_env = {**os.environ, **env}
    subprocess.run([sys.executable, "-m", "qifutong", "init"], env=cli_env, check=True)
    subprocess.run(
        [sys.executable, "-m", "qifutong", "user", "add", "street1", "--role", "street",
         "--password-stdin"],
        input="a-long-enough-password\n", env=cli_env, check=True, text=True,
    )  # fmt: skip
    token = subprocess.run(
        [sys.executable, "-m", "qifutong", "token", "street1"],
        env=cli_env, check=True, text=True, capture_output=True,
    ).stdout.strip()  # fmt: skip
    with running_server(env, workers=2, gunicorn=True, log=tmp_path / "gunicorn.log") as base:
        for _ in range(3):  # fresh visitors, whichever worker answers
            browser = Browser(base)
            assert browser.login("street1", "a-long-enough-password")[0] == 200
            assert browser.cookies
        for _ in range(6):
            assert api(base, "GET", "/api/v1/enterprises", token)[0] == 200
        added = subprocess.run(
            [sys.executable, "-m", "qifutong", "user", "add", "street2", "--role", "street",
             "--password-stdin"],
            input="a-long-enough-password\n", env=cli_env, text=True, capture_output=True,
            timeout=60,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
