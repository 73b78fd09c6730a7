"""Passwords, failed-login delays, CSRF, API tokens and roles."""

from __future__ import annotations

from pathlib import Path

from qifutong.auth.models import LoginAttempt, User
from qifutong.extensions import db
from tests.conftest import PASSWORD, make_test_app


def test_passwords_are_stored_hashed(app, make_user):
    user = make_user("street")
    stored = db.session.get(User, user.id).password_hash
    assert PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))


def test_wrong_password_is_refused(client, make_user):
    user = make_user("street")
    resp = client.post("/login", data={"username": user.username, "password": "wrong-password"})
    assert resp.status_code == 401
    assert "用户名或密码错误" in resp.get_data(as_text=True)


def test_repeated_failures_slow_the_next_attempt(client, make_user):
    user = make_user("street")
    for _ in range(5):
        client.post("/login", data={"username": user.username, "password": "nope-nope"})
    resp = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert resp.status_code == 429
    assert "秒后再试" in resp.get_data(as_text=True)
    failures = db.session.query(LoginAttempt).filter_by(username=user.username).count()
    assert failures == 5  # a refused attempt is not even checked


def test_a_form_without_its_csrf_token_is_refused(db_url, tmp_path: Path):
    app = make_test_app(db_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        from qifutong.auth.services import create_user

        create_user("official", PASSWORD, "street")
        db.session.commit()
        client = app.test_client()
        resp = client.post("/login", data={"username": "official", "password": PASSWORD})
        assert resp.status_code == 400
        assert "安全令牌" in resp.get_data(as_text=True)
        # With the token the same form works.
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        resp = client.post(
            "/login", data={"username": "official", "password": PASSWORD, "csrf_token": token}
        )
        assert resp.status_code == 302
        db.session.remove()
        db.engine.dispose()


def test_session_cookie_is_http_only_and_lax(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_api_needs_a_valid_token(client, make_user, token_for):
    assert client.get("/api/v1/enterprises").status_code == 401
    bad = client.get("/api/v1/enterprises", headers={"Authorization": "Bearer qft_nope"})
    assert bad.status_code == 401 and bad.json["error"]["code"] == "invalid_token"
    token = token_for(make_user("street"))
    ok = client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json["items"] == []


def test_tokens_are_stored_hashed(app, make_user, token_for):
    from qifutong.auth.models import ApiToken

    token = token_for(make_user("street"))
    row = db.session.query(ApiToken).one()
    assert token not in row.token_hash and row.prefix == token[:12]


def test_a_firm_user_cannot_open_street_pages(client, login, make_user, make_firm):
    login(make_user("firm", enterprise_id=make_firm().id))
    assert client.get("/street/").status_code == 403
    assert client.get("/enterprises/").status_code == 403
    assert client.get("/admin/users").status_code == 403


def test_logout_needs_post(client, login, make_user):
    login(make_user("street"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/street/").status_code == 302


def test_admin_adds_and_disables_a_login(client, login, make_user, make_firm):
    firm = make_firm()
    login(make_user("admin"))
    resp = client.post(
        "/admin/users",
        data={
            "username": "firmstaff",
            "password": "long-enough-1",
            "role": "firm",
            "firm_uscc": firm.uscc.lower(),
            "display_name": "出纳",
        },
    )
    assert resp.status_code == 302
    user = db.session.query(User).filter_by(username="firmstaff").one()
    assert user.enterprise_id == firm.id and user.display_name == "出纳"
    bad = client.post(
        "/admin/users",
        data={"username": "b", "password": "long-enough-1", "role": "building"},
        follow_redirects=True,
    )
    assert "at least one building" in bad.get_data(as_text=True)
    client.post(f"/admin/users/{user.id}/active")
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False
    other = client.post("/login", data={"username": "firmstaff", "password": "long-enough-1"})
    assert other.status_code == 401
