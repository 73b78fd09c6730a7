"""Near-miss items shown to a firm are the same whether stored or computed on demand: the
stored ones (each firm's best N) read like the engine's answer for every offer, worked out
now, and like the one-firm evaluator; also after a new policy is published."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from policies.services import create_policy, publish_policy
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.matching import registry
from qifutong.matching.criteria import evaluate_offer, normalise_tags, parse_criteria
from qifutong.matching.explain import firm_columns, on_demand
from qifutong.matching.queries import firm_matches
from qifutong.matching.services import firm_values, full_match, labels
from qifutong.timeutil import street_today

pytestmark = pytest.mark.slow
KEEP = 4


def _on_demand_near_misses(
    firms: list[int],
) -> dict[int, list[tuple[str, int, list[str], list[str]]]]:
    """Each firm's best near-misses over every offer, worked out now by the engine (for all
    the firms in one pass, as the engine works)."""
    offers = registry.load_offers()
    cols = firm_columns(firms, street_today())
    found = on_demand(cols, [(eid, o.kind, o.id) for eid in firms for o in offers], labels())
    out: dict[int, list[tuple[str, int, list[str], list[str]]]] = {}
    for eid in firms:
        near = [(k, e) for k, e in found.items() if k[0] == eid and e.status == "near_miss"]
        near.sort(key=lambda ke: (len(ke[1].missing), -ke[1].score, -ke[0][2]))
        out[eid] = [(k, o, e.reasons, e.missing) for (_, k, o), e in near[:KEEP]]
    return out


def _stored_near_misses(enterprise_id: int) -> list[tuple[str, int, list[str], list[str]]]:
    return [
        (m.offer.kind, m.offer.id, m.reasons, m.missing)
        for m in firm_matches(enterprise_id, status="near_miss")
    ]


def _sample() -> list[int]:
    ids = db.session.scalars(
        select(Enterprise.id).where(Enterprise.status == "active").order_by(Enterprise.id)
    ).all()
    return list(ids[::40])


def test_stored_near_misses_read_like_the_engine_now(demo_app):
    demo_app.config["QIFUTONG_NEAR_MISS_KEEP"] = KEEP
    full_match()
    db.session.commit()
    firms = _sample()
    assert len(firms) > 100
    now = _on_demand_near_misses(firms)
    shown = 0
    for eid in firms:
        stored = _stored_near_misses(eid)
        assert stored == now[eid], eid
        shown += len(stored)
        ent = db.session.get(Enterprise, eid)
        values = firm_values(ent, street_today())
        for kind, oid, reasons, missing in stored:
            offer = registry.load_offer(kind, oid)
            ev = evaluate_offer(
                parse_criteria(offer.criteria), normalise_tags(offer.tags), values, labels()
            )
            assert (ev.status, ev.reasons, ev.missing) == ("near_miss", reasons, missing)
    assert shown > len(firms)  # most firms have some near-misses to read


def test_a_published_policy_keeps_them_alike(demo_app):
    demo_app.config["QIFUTONG_NEAR_MISS_KEEP"] = KEEP
    full_match()
    db.session.commit()
    policy = create_policy(
        {
            "title": "小微企业吸纳就业补贴",
            "criteria": [
                {"field": "size_class", "op": "in", "value": ["small", "micro"]},
                {"field": "headcount", "op": "gte", "value": 30},
                {"field": "registered_here", "op": "eq", "value": True},
            ],
            "tags": [],
        },
        None,
    )
    publish_policy(policy)
    db.session.commit()
    firms = _sample()
    now = _on_demand_near_misses(firms)
    with_it = 0
    for eid in firms:
        stored = _stored_near_misses(eid)
        assert stored == now[eid], eid
        with_it += any(o == policy.id for k, o, _, _ in stored if k == "policy")
    assert with_it > 0  # the new policy is among some firms' best near-misses
