"""Accounts an attacker cannot keep or take: tokens revoked one by one or expiring, sessions
void after logout or a password change, a throttle a stranger cannot turn against the real
user, no common passwords, a strict environment, a strict content security policy."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner

from qifutong.auth.models import ApiToken
from qifutong.auth.services import AuthError, create_user, issue_token, password_problem
from qifutong.extensions import db
from qifutong.models_base import utcnow
from tests.conftest import PASSWORD, make_test_app

ATTACKER = {"REMOTE_ADDR": "10.9.9.9"}
OFFICE = {"REMOTE_ADDR": "10.0.0.1"}


def _api(client, token):
    return client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})


def test_a_revoked_or_expired_token_answers_401(client, login, make_user):
    user = make_user("street")
    keep, drop = issue_token(user), issue_token(user)
    old = issue_token(user, expires_at=utcnow() - timedelta(minutes=1))
    db.session.commit()
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert drop[:12] in page and keep[:12] in page
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.prefix == drop[:12]))
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    assert _api(client, drop).status_code == 401
    assert _api(client, old).status_code == 401
    assert _api(client, keep).status_code == 200


def test_a_token_is_made_with_an_expiry_on_the_page(client, login, make_user):
    login(make_user("street"))
    page = client.post("/account/tokens", data={"days": "30"}).get_data(as_text=True)
    token = re.search(r'id="new-token">(qft_[^<]+)<', page).group(1)
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.prefix == token[:12]))
    assert timedelta(days=29) < row.expires_at - utcnow() <= timedelta(days=30)
    assert _api(client, token).status_code == 200


def test_the_command_lists_and_revokes_tokens(app, db_url, tmp_path, monkeypatch, make_user):
    from qifutong.cli import main

    user = make_user("street", username="ops")
    token = issue_token(user)
    db.session.commit()
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    runner = CliRunner()
    listed = runner.invoke(main, ["token", "ops", "--list"])
    assert token[:12] in listed.output and "active" in listed.output
    done = runner.invoke(main, ["token", "ops", "--revoke", token[:10]])
    assert done.exit_code == 0 and "revoked 1" in done.output, done.output
    db.session.expire_all()
    assert _api(app.test_client(), token).status_code == 401
    again = runner.invoke(main, ["token", "ops", "--revoke", token[:10]])
    assert again.exit_code != 0
    dated = runner.invoke(main, ["token", "ops", "--days", "7"])
    assert dated.exit_code == 0 and dated.output.startswith("qft_")


def test_a_session_cookie_no_longer_works_after_logout(app, client, login, make_user):
    login(make_user("street"))
    assert client.get("/street/").status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/street/").status_code == 302  # sent to the login page


def test_a_password_change_ends_every_session(app, client, login, make_user):
    user = make_user("street")
    login(user)
    other = app.test_client()
    other.post("/login", data={"username": user.username, "password": PASSWORD})
    assert other.get("/street/").status_code == 200
    res = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "river-lantern-77", "again": "river-lantern-77"},
    )
    assert res.status_code == 302 and "/login" in res.headers["Location"]
    assert other.get("/street/").status_code == 302
    fresh = app.test_client()
    ok = fresh.post("/login", data={"username": user.username, "password": "river-lantern-77"})
    assert ok.status_code == 302


def test_an_attacker_cannot_lock_the_real_user_out(app, make_user):
    user = make_user("admin", username="admin")
    attacker = app.test_client()
    for _ in range(12):
        attacker.post(
            "/login", data={"username": "admin", "password": "guess-guess"}, environ_base=ATTACKER
        )
    slowed = attacker.post(
        "/login", data={"username": "admin", "password": PASSWORD}, environ_base=ATTACKER
    )
    assert slowed.status_code == 429
    office = app.test_client()
    res = office.post(
        "/login", data={"username": user.username, "password": PASSWORD}, environ_base=OFFICE
    )
    assert res.status_code == 302


def test_spraying_many_names_from_one_address_is_slowed(app, make_user):
    user = make_user("street")
    attacker = app.test_client()
    for i in range(20):
        attacker.post(
            "/login",
            data={"username": f"name{i}", "password": "guess-guess"},
            environ_base=ATTACKER,
        )
    res = attacker.post(
        "/login", data={"username": user.username, "password": PASSWORD}, environ_base=ATTACKER
    )
    assert res.status_code == 429


@pytest.mark.parametrize("password", ["12345678", "password2026!", "Qwertyuiop", "aaaaaaaa"])
def test_common_passwords_are_refused(app, password):
    with pytest.raises(AuthError, match="常见"):
        create_user("someone", password, "street")


def test_a_password_may_not_hold_the_user_s_name(app):
    with pytest.raises(AuthError, match="用户名"):
        create_user("wangming", "wangming-2026", "street")
    assert password_problem("Smoke-pass-2026!", "smoke") is not None
    assert password_problem("Smoke-pass-2026!", "ops", "值班员") is None


def test_the_smoke_test_password_is_accepted_on_the_command_line(app, db_url, monkeypatch):
    from qifutong.cli import main

    db.session.commit()
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    runner = CliRunner()
    ok = runner.invoke(
        main, ["user", "add", "smoke_a", "--role", "street", "--password-stdin"],
        input="Smoke-pass-2026!\n",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    weak = runner.invoke(
        main, ["user", "add", "weak", "--role", "street", "--password-stdin"], input="12345678\n"
    )
    assert weak.exit_code != 0 and "常见" in weak.output


@pytest.mark.parametrize("name", ["prod", "Production", "dev", "test"])
def test_an_unknown_environment_stops_the_app(monkeypatch, tmp_path, name):
    from qifutong import create_app
    from qifutong.config import ConfigError

    monkeypatch.setenv("QIFUTONG_ENV", name)
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    with pytest.raises(ConfigError, match="not known"):
        create_app()


def test_scripts_run_only_with_the_page_s_nonce(client, login, make_user):
    login(make_user("street"))
    res = client.get("/cockpit/", follow_redirects=True)
    policy = res.headers["Content-Security-Policy"]
    script = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", script).group(1)
    html = res.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(
        f'nonce="{nonce}"' in attrs or "application/json" in attrs for attrs in inline
    )
    assert " onchange=" not in html and " onclick=" not in html
    assert "Strict-Transport-Security" not in res.headers  # secure cookies off in tests


def test_hsts_when_cookies_are_secure(db_url, tmp_path):
    app = make_test_app(db_url, tmp_path, SESSION_COOKIE_SECURE=True)
    res = app.test_client().get("/login")
    assert res.headers["Strict-Transport-Security"].startswith("max-age=31536000")
