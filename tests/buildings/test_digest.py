"""The daily digest per manager: in the app, by e-mail through the push channel, once a day."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from buildings.alerts import send_lease_digests
from buildings.warnings import Thresholds
from qifutong.extensions import db
from qifutong.inbox.models import Notification


class FakeSMTP:
    sent: ClassVar[list[Any]] = []

    def __init__(self, host: str, port: int, timeout: int = 0) -> None:
        self.host = host

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def send_message(self, msg: object) -> None:
        FakeSMTP.sent.append(msg)


@pytest.fixture
def smtp(app, monkeypatch):
    import smtplib

    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config["QIFUTONG_SMTP_HOST"] = "mail.example"
    return FakeSMTP.sent


def test_each_manager_gets_their_own_digest_once_a_day(
    app, make_building, make_unit, make_lease, make_user, street_today, smtp
):
    a, b = make_building(name="甲大厦"), make_building(name="乙大厦")
    make_lease(make_unit(a), days=3, tenant_name="甲楼红色租户")
    make_lease(make_unit(a), days=60, tenant_name="甲楼黄色租户")
    make_lease(make_unit(b), days=75, tenant_name="乙楼蓝色租户")
    louyu = make_user("building", building_ids=[a.id], email="louyu@example.cn")
    wuye = make_user("property", building_ids=[b.id])
    idle = make_user("building", building_ids=[make_building(name="丙大厦").id])
    make_user("street")
    counts = send_lease_digests(street_today, Thresholds())
    db.session.commit()
    assert counts == {"digests": 2, "emailed": 1, "already_sent": 0}
    notes = {n.user_id: n for n in db.session.scalars(select(Notification))}
    assert set(notes) == {louyu.id, wuye.id} and idle.id not in notes
    mine = notes[louyu.id]
    assert mine.kind == "lease_digest" and mine.link == "/building/"
    assert "红色 1" in mine.title and "黄色 1" in mine.title and "蓝色 0" in mine.title
    assert "甲楼红色租户" in mine.body and "乙楼" not in mine.body
    assert "今日新进入预警" in mine.body  # 60 days left: amber from today
    assert mine.emailed_at is not None
    assert notes[wuye.id].link == "/property/" and "乙楼蓝色租户" not in notes[wuye.id].body
    assert len(smtp) == 1 and smtp[0]["To"] == "louyu@example.cn"
    assert "甲楼红色租户" in smtp[0].get_content()
    again = send_lease_digests(street_today, Thresholds())
    assert again == {"digests": 0, "emailed": 0, "already_sent": 2}


def test_the_digest_command(
    app, make_building, make_unit, make_lease, make_user, make_firm, db_url, monkeypatch, tmp_path
):
    from click.testing import CliRunner

    from qifutong.cli import main

    b = make_building()
    make_lease(make_unit(b), days=0, enterprise_id=make_firm(grade="A").id)
    make_user("building", building_ids=[b.id])
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("QIFUTONG_ENV", "development")
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path / "cli"))
    res = CliRunner().invoke(main, ["leases", "digest"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output.strip().splitlines()[-1])
    assert out["digests"] == 1 and out["visit_tasks"] == 1 and out["emailed"] == 0
    res = CliRunner().invoke(main, ["leases", "digest"])
    out = json.loads(res.output.strip().splitlines()[-1])
    assert out["digests"] == 0 and out["visit_tasks"] == 0 and out["already_sent"] == 1
    bad = CliRunner().invoke(main, ["leases", "digest", "--date", "tomorrow"])
    assert bad.exit_code == 2
