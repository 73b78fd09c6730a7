"""A policy's outcome: firms paid against those applying, eligible but not applied, and
near-misses, by industry and building, exportable with formula-safe cells."""

from __future__ import annotations

from policies.applications import services
from qifutong.extensions import db
from tests.policies.test_applications import make_policy

CRITERIA = [
    {"field": "headcount", "op": "gte", "value": 50, "kind": "must"},
    {"field": "registered_here", "op": "eq", "value": True, "kind": "must"},
]


def test_outcome_counts_amounts_and_export(app, make_firm, make_user, make_building, logged_in):
    policy = make_policy(title="稳岗返还", payout_mode="auto", criteria=CRITERIA)
    tower = make_building(name="黄龙大厦")
    paid = make_firm(headcount=80, registered_here=True, building_id=tower.id)
    waiting = make_firm(headcount=90, registered_here=True, name="=HYPERLINK(1)有限公司")
    near = make_firm(headcount=20, registered_here=True)
    make_firm(headcount=5, registered_here=False)  # reached by nothing
    services.record_payout(policy, paid, 20_000, None)
    db.session.commit()
    street = logged_in(make_user("street"))
    page = street.get(f"/street/policies/{policy.id}/outcome").get_data(as_text=True)
    assert 'id="outcome-granted">1<' in page and 'id="outcome-eligible">1<' in page
    assert 'id="outcome-near_miss">1<' in page and 'id="outcome-applying">0<' in page
    assert 'id="outcome-amount">2.0 万元<' in page and "黄龙大厦" in page
    res = street.get(f"/street/policies/{policy.id}/outcome.csv")
    lines = res.get_data(as_text=True).splitlines()
    assert (
        lines[0].lstrip("\ufeff")
        == "企业名称,统一社会信用代码,行业门类,所在楼宇,兑现情况,兑现金额（元）"
    )
    assert lines[1].startswith(f"{paid.name},{paid.uscc},") and lines[1].endswith(
        ",黄龙大厦,已兑现,20000.0"
    )
    assert any(line.startswith("'=HYPERLINK(1)有限公司") for line in lines)  # formula-safe
    assert near.name in res.get_data(as_text=True) and waiting.id
    assert (
        logged_in(make_user("firm", enterprise_id=paid.id))
        .get(f"/street/policies/{policy.id}/outcome")
        .status_code
        == 403
    )
