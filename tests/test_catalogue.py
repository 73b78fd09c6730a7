"""The data catalogue (数据资源目录): every data set with owner, source, last update, rows and
coverage, computed from the database; overdue data sets marked beside the indicators."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from buildings.models import Building, Lease, Unit
from dashboards.models import MacroStatistic
from dashboards.registry import indicators
from policies.models import Activity, FundingProduct, Policy, ServiceProvider
from qifutong.auth.services import create_user, issue_token
from qifutong.demands.models import Demand
from qifutong.enterprises.datasets import figures_overdue
from qifutong.enterprises.models import EconomicRecord, Enterprise
from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.interaction.models import Announcement
from qifutong.timeutil import street_today
from qifutong.visits.models import Visit
from tests.enterprises.test_figures_import import last_month

TABLES = {
    "enterprises": Enterprise,
    "figures": EconomicRecord,
    "buildings": Building,
    "units": Unit,
    "leases": Lease,
    "policies": Policy,
    "funding": FundingProduct,
    "providers": ServiceProvider,
    "activities": Activity,
    "demands": Demand,
    "visits": Visit,
    "notices": Announcement,
    "pushes": Push,
    "macro": MacroStatistic,
}


def _count(model: object, *where: object) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_catalogue_of_the_demo_street_matches_the_database(demo_app):
    user = create_user("catalogue-test", "correct-horse-1", "street")
    token = issue_token(user)
    db.session.commit()
    client = demo_app.test_client()
    body = client.get("/api/v1/datasets", headers=_auth(token)).json
    items = {i["key"]: i for i in body["items"]}
    assert set(TABLES) | {"grades", "roster_rows", "firm_reports", "questions"} <= set(items)
    for key, model in TABLES.items():
        assert items[key]["rows"] == _count(model), key
        assert items[key]["owner"] and items[key]["source"] and items[key]["updated_by"], key
    assert items["grades"]["rows"] == _count(Enterprise, Enterprise.grade.is_not(None))
    active = _count(Enterprise, Enterprise.status == "active")
    month = date.fromisoformat(last_month() + "-01")
    with_figures = db.session.scalar(
        select(func.count(func.distinct(EconomicRecord.enterprise_id)))
        .join(Enterprise, Enterprise.id == EconomicRecord.enterprise_id)
        .where(EconomicRecord.period == month, Enterprise.status == "active")
    )
    coverage = items["figures"]["coverage"]
    assert (coverage["covered"], coverage["of"]) == (with_figures, active)
    assert f"{month.year}年{month.month}月" in coverage["text"]
    assert f"{with_figures:,} / {active:,}" in coverage["text"]
    open_leases = db.session.scalar(
        select(func.count(func.distinct(Lease.enterprise_id)))
        .join(Enterprise, Enterprise.id == Lease.enterprise_id)
        .where(Lease.status == "active", Enterprise.status == "active")
    )
    assert items["leases"]["coverage"]["covered"] == open_leases
    assert items["enterprises"]["last_update"] is not None
    # The page shows the same, in words.
    client.post("/login", data={"username": "catalogue-test", "password": "correct-horse-1"})
    html = client.get("/street/data").get_data(as_text=True)
    assert "数据资源目录" in html and "月度经济数据" in html and f"{_count(Lease):,}" in html


def test_only_the_street_reads_the_catalogue(client, make_user, token_for, make_building, login):
    building = make_user("building", building_ids=[make_building().id])
    assert client.get("/api/v1/datasets", headers=_auth(token_for(building))).status_code == 403
    login(building)
    assert client.get("/street/data").status_code == 403


def test_every_indicator_names_its_data_sets_and_shows_when_one_is_overdue(
    client, make_user, token_for, make_firm, login
):
    assert all(i.datasets for i in indicators())
    assert figures_overdue(street_today())  # nothing imported yet
    official = make_user("street")
    token = token_for(official)
    login(official)
    page = client.get("/cockpit/A").get_data(as_text=True)
    assert "月度经济数据逾期未更新" in page
    body = client.get("/api/v1/indicators/tax_total", headers=_auth(token)).json
    assert body["datasets"] == [
        {"key": "figures", "name": "月度经济数据", "overdue": True, "last_update": None}
    ]
    item = client.get("/api/v1/datasets", headers=_auth(token)).json["items"]
    assert next(i for i in item if i["key"] == "figures")["overdue"] is True
    firm = make_firm()
    db.session.add(
        EconomicRecord(
            enterprise_id=firm.id, period=date.fromisoformat(last_month() + "-01"), tax_total=1.0
        )
    )
    db.session.commit()
    assert not figures_overdue(street_today())
