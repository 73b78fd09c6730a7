"""One request, one transaction, ended in one place (qifutong.database): a view writes, and its
answer decides whether what it wrote is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from qifutong.auth.models import LoginAttempt
from qifutong.database import keep_when_refused, on_commit
from qifutong.extensions import db
from tests.conftest import make_test_app

done: list[str] = []


def _attempt(name: str) -> None:
    db.session.add(LoginAttempt(username=name, remote_addr="127.0.0.1"))


def _kept(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(LoginAttempt.username).order_by(LoginAttempt.id)))


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_test_app(db_url, tmp_path)

    def written() -> str:
        _attempt("written")
        on_commit(lambda: done.append("written"))
        return "ok"

    def refused() -> tuple[str, int]:
        _attempt("refused")
        on_commit(lambda: done.append("refused"))
        return "no", 422

    def recorded_refusal() -> tuple[str, int]:
        _attempt("recorded")
        keep_when_refused()
        return "no", 401

    def too_long() -> str:
        _attempt("x" * 65)  # the column holds 64: refused when the request's work is committed
        return "ok"

    def raises() -> str:
        _attempt("raised")
        raise RuntimeError("boom")

    for view in (written, refused, recorded_refusal, too_long, raises):
        app.add_url_rule(f"/t/{view.__name__}", view_func=view)
    with app.app_context():
        db.create_all()
    done.clear()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_view_that_answers_keeps_what_it_wrote_and_then_acts(app: Flask) -> None:
    assert app.test_client().get("/t/written").status_code == 200
    assert _kept(app) == ["written"]
    assert done == ["written"]


def test_a_refusal_keeps_nothing_unless_the_refusal_is_the_record(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/t/refused").status_code == 422
    assert client.get("/t/recorded_refusal").status_code == 401
    assert _kept(app) == ["recorded"]
    assert done == []  # what was to follow the refused work did not happen


def test_what_the_database_refuses_on_commit_is_a_4xx_answer_saying_why(app: Flask) -> None:
    resp = app.test_client().get("/t/too_long")
    assert resp.status_code == 422  # the error handlers' answer, not a server error
    assert "不能超过 64 个字符" in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_a_view_that_fails_keeps_nothing(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get("/t/raises").status_code == 500
    assert _kept(app) == []
