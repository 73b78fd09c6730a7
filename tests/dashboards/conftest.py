"""A small street whose every cockpit figure can be worked out by hand (see test_indicators)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from dashboards.period import Period, add_months
from policies.applications.models import Application


@dataclass
class Street:
    period: Period
    today: date
    first: date  # the period's first day
    months: list[date]  # the period's six months
    firms: dict[str, Any]
    buildings: dict[str, Any]


def _records(firm_id: int, months: list[date], tax: float, head: int) -> list[dict[str, Any]]:
    return [
        {
            "enterprise_id": firm_id,
            "period": m,
            "revenue": tax * 10,
            "tax_total": tax,
            "tax_local": tax * 0.4,
            "headcount": head,
        }
        for m in months
    ]


@pytest.fixture
def street(app: Flask, make_firm: Callable[..., Any], make_building: Callable[..., Any]) -> Street:
    """Three buildings, seven firms, six months of records (and the same months last year),
    leases in every warning colour, lease flows, visits, demands, pushes and a statistic."""
    from sqlalchemy import insert

    from buildings.models import Lease, Unit
    from dashboards.models import MacroStatistic
    from qifutong.demands.models import Demand
    from qifutong.enterprises.models import EconomicRecord
    from qifutong.extensions import db
    from qifutong.inbox.models import Push
    from qifutong.timeutil import street_today
    from qifutong.visits.models import Visit

    today = street_today()
    this_month = today.replace(day=1)
    months = [add_months(this_month, -k) for k in range(6, 0, -1)]
    period = Period(months[0], months[-1], "custom")
    first = months[0]
    long_ago = today - timedelta(days=3 * 365)

    b1 = make_building(
        name="甲大厦", leasable_area=10_000.0, type="商务楼宇", lat=30.27, lon=120.10
    )
    b2 = make_building(name="乙大厦", leasable_area=5_000.0, type="商务楼宇", lat=30.28, lon=120.11)
    b3 = make_building(name="丙园区", leasable_area=2_000.0, type="产业园区", lat=30.26, lon=120.10)

    f1 = make_firm(
        name="杭州一号科技有限公司",
        building_id=b1.id,
        registered_here=True,
        tax_here=True,
        industry_code="6513",
        industry_section="I",
        size_class="small",
        above_scale=True,
        qualifications=["hightech"],
        grade="A",
        tier="growing",
        headcount=50,
        moved_in_on=long_ago,
    )
    f2 = make_firm(
        name="杭州二号软件有限公司",
        building_id=b1.id,
        registered_here=False,
        tax_here=True,
        industry_code="6511",
        industry_section="I",
        size_class="medium",
        qualifications=["specialised", "little_giant"],
        grade="B",
        headcount=100,
        moved_in_on=long_ago,
    )
    f3 = make_firm(
        name="杭州三号置业有限公司",
        building_id=b2.id,
        registered_here=True,
        tax_here=False,
        industry_code="7010",
        industry_section="L",
        size_class="micro",
        qualifications=["listed"],
        headcount=10,
        moved_in_on=long_ago,
    )
    f4 = make_firm(
        name="杭州四号研究有限公司",
        building_id=b2.id,
        registered_here=True,
        tax_here=True,
        industry_code="7320",
        industry_section="M",
        size_class="small",
        headcount=20,
        moved_in_on=first + timedelta(days=3),
    )
    f5 = make_firm(
        name="杭州五号建设有限公司",
        registered_here=True,
        operates_here=False,
        tax_here=True,
        industry_code="5111",
        industry_section="F",
        headcount=8,
    )
    f6 = make_firm(
        name="杭州六号网络有限公司",
        building_id=b1.id,
        status="moved_out",
        registered_here=True,
        tax_here=True,
        industry_code="6513",
        industry_section="I",
        headcount=5,
        moved_in_on=long_ago,
        moved_out_on=first + timedelta(days=40),
    )
    f7 = make_firm(
        name="杭州七号贸易有限公司", status="cancelled", industry_code="5191", industry_section="F"
    )

    last_year = [add_months(m, -12) for m in months]
    rows = (
        _records(f1.id, months, 1_000_000, 50)
        + _records(f1.id, last_year, 500_000, 45)
        + _records(f2.id, months, 100_000, 100)
        + _records(f2.id, last_year, 100_000, 100)
        + _records(f3.id, months, 50_000, 10)
        + _records(f4.id, months, 10_000, 20)
        + _records(f5.id, months, 20_000, 8)
        + _records(f5.id, last_year, 200_000, 8)
        + _records(f6.id, months[:2], 30_000, 5)
        + _records(f6.id, last_year, 30_000, 5)
    )
    db.session.execute(insert(EconomicRecord), rows)

    def unit(building: Any, room: str, area: float) -> int:
        u = Unit(building_id=building.id, floor="3", room=room, area=area, rent_per_m2_day=4.0)
        db.session.add(u)
        db.session.flush()
        return u.id

    u1, u2, u3 = unit(b1, "301", 1000.0), unit(b1, "302", 2000.0), unit(b2, "303", 500.0)
    u4, u5 = unit(b2, "304", 1500.0), unit(b1, "305", 300.0)
    day = timedelta(days=1)
    leases = [
        # red (10 days left), the tenant means to leave
        dict(
            unit_id=u1,
            enterprise_id=f1.id,
            tenant_name=f1.name,
            start_on=long_ago,
            end_on=today + 10 * day,
            rent_per_m2_day=5.0,
            area=1000.0,
            intent="leave",
        ),
        # f2 renewed on u2 during the period: the old contract and its continuation
        dict(
            unit_id=u2,
            enterprise_id=f2.id,
            tenant_name=f2.name,
            start_on=long_ago,
            end_on=first + 9 * day,
            rent_per_m2_day=3.5,
            area=2000.0,
            status="renewed",
        ),
        dict(
            unit_id=u2,
            enterprise_id=f2.id,
            tenant_name=f2.name,
            start_on=first + 10 * day,
            end_on=today + 45 * day,
            rent_per_m2_day=4.0,
            area=2000.0,
        ),  # amber
        dict(
            unit_id=u3,
            enterprise_id=f3.id,
            tenant_name=f3.name,
            start_on=long_ago,
            end_on=today + 80 * day,
            rent_per_m2_day=None,
            area=500.0,
        ),  # blue
        # a new lease signed in the period
        dict(
            unit_id=u4,
            enterprise_id=f4.id,
            tenant_name=f4.name,
            start_on=first + 5 * day,
            end_on=today + 400 * day,
            rent_per_m2_day=3.0,
            area=1500.0,
        ),
        # f6 left: its lease ended in the period
        dict(
            unit_id=u5,
            enterprise_id=f6.id,
            tenant_name=f6.name,
            start_on=long_ago,
            end_on=first + 40 * day,
            rent_per_m2_day=4.2,
            area=300.0,
            status="ended",
        ),
    ]
    for i, le in enumerate(leases):
        db.session.add(Lease(code=f"T{i}", **{"status": "active", "intent": "unknown", **le}))

    at = datetime.combine(first + 20 * day, datetime.min.time())
    db.session.add_all(
        [
            Visit(enterprise_id=f1.id, building_id=b1.id, visited_on=first + 2 * day),
            Visit(enterprise_id=f3.id, building_id=b2.id, visited_on=first + 30 * day),
            Visit(enterprise_id=f2.id, visited_on=first - 30 * day),  # before the period
            Demand(
                enterprise_id=f1.id,
                category="融资",
                title="贷款",
                created_at=at,
                due_at=at + 5 * day,
                closed_at=at + 3 * day,
                state="rated",
                rating=5,
            ),
            Demand(
                enterprise_id=f2.id,
                category="人才",
                title="落户",
                created_at=at,
                due_at=at + 5 * day,
                closed_at=at + 9 * day,
                state="rated",
                rating=3,
            ),
            Demand(
                enterprise_id=f4.id,
                category="场地",
                title="扩租",
                created_at=at,
                state="in_progress",
            ),
            Push(
                enterprise_id=f1.id,
                offer_kind="policy",
                offer_id=1,
                title="研发补助",
                status="eligible",
                state="granted",
                granted_amount=50_000.0,
                pushed_at=at,
            ),
            Push(
                enterprise_id=f2.id,
                offer_kind="policy",
                offer_id=1,
                title="研发补助",
                status="eligible",
                state="seen",
                pushed_at=at,
            ),
            # f1 applied and was paid; f4 applied (never pushed); f2 was paid without
            # applying (免申即享). The policy figures read these, not the pushes' states.
            Application(
                enterprise_id=f1.id,
                offer_kind="policy",
                offer_id=1,
                title="研发补助",
                channel="apply",
                state="paid",
                form={},
                answers={},
                created_at=at,
                submitted_at=at,
                amount_paid=50_000.0,
                paid_on=at.date(),
            ),
            Application(
                enterprise_id=f4.id,
                offer_kind="policy",
                offer_id=1,
                title="研发补助",
                channel="apply",
                state="accepted",
                form={},
                answers={},
                created_at=at,
                submitted_at=at,
            ),
            Application(
                enterprise_id=f2.id,
                offer_kind="policy",
                offer_id=3,
                title="稳岗返还",
                channel="auto",
                state="paid",
                form={},
                answers={},
                created_at=at,
                amount_paid=10_000.0,
                paid_on=at.date(),
            ),
            Push(
                enterprise_id=f3.id,
                offer_kind="funding",
                offer_id=2,
                title="科技贷",
                status="eligible",
                state="applied",
                pushed_at=at,
            ),
            MacroStatistic(
                key="services_va_growth",
                period=months[1],
                value=6.5,
                unit="%",
                source="西湖区统计局月报",
            ),
            MacroStatistic(
                key="services_va_growth",
                period=months[3],
                value=7.1,
                unit="%",
                source="西湖区统计局月报",
            ),
        ]
    )
    db.session.commit()
    firms = {"f1": f1, "f2": f2, "f3": f3, "f4": f4, "f5": f5, "f6": f6, "f7": f7}
    return Street(period, today, first, months, firms, {"b1": b1, "b2": b2, "b3": b3})


@pytest.fixture
def street_values(street: Street) -> Callable[..., dict[str, Any]]:
    """`street_values(**filters)` computes every indicator for a street user over the period."""
    from dashboards.period import Filters
    from dashboards.queries import compute, make_context
    from dashboards.registry import indicators

    def run(building_id: int | None = None, section: str | None = None) -> dict[str, Any]:
        ctx = make_context(street.period, Filters(building_id, section), None, street.today, True)
        return compute(ctx, indicators())

    return run
