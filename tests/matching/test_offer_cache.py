"""The process's cache of loaded offers keeps each database's offers apart: two streets served
by one process (or two test databases) never see each other's offer of the same id."""

from __future__ import annotations

from pathlib import Path

from policies.models import Policy
from qifutong.extensions import db
from qifutong.matching import registry
from tests.conftest import make_test_app


def test_an_offer_of_the_same_id_in_another_database_is_its_own(tmp_path: Path):
    titles = {}
    for name in ("first", "second"):
        app = make_test_app(f"sqlite:///{tmp_path / name}.sqlite", tmp_path / name)
        with app.app_context():
            db.create_all()
            db.session.add(Policy(title=f"{name} 政策", criteria=[], tags=[], status="published"))
            db.session.commit()
            offer = registry.load_offer("policy", 1)
            titles[name] = offer.title if offer else None
            db.session.remove()
            db.engine.dispose()
    assert titles == {"first": "first 政策", "second": "second 政策"}
