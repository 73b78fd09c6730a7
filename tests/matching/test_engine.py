"""The vector engine agrees with the one-firm evaluator, firm by firm, on every operator."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pandas as pd
import pytest

from qifutong.matching import bits
from qifutong.matching.columns import FirmColumns
from qifutong.matching.criteria import (
    condition_status,
    evaluate_offer,
    firm_record,
    parse_condition,
)
from qifutong.matching.engine import (
    compile_offer,
    condition_statuses,
    match_all,
    offer_bits,
    result_rows,
)
from qifutong.matching.wording import Labels

TODAY = date(2026, 6, 30)
CONDITIONS = [
    {"field": "headcount", "op": "eq", "value": 14},
    {"field": "headcount", "op": "ne", "value": 14},
    {"field": "headcount", "op": "gt", "value": 50},
    {"field": "headcount", "op": "gte", "value": 50},
    {"field": "headcount", "op": "lt", "value": 50},
    {"field": "headcount", "op": "lte", "value": 300},
    {"field": "headcount", "op": "between", "value": [10, 100]},
    {"field": "revenue", "op": "gte", "value": 20_000_000},
    {"field": "tax", "op": "lte", "value": 1_000_000},
    {"field": "registered_capital", "op": "between", "value": [1e6, 5e6]},
    {"field": "founded_on", "op": "gte", "value": "2020-01-01"},
    {"field": "founded_on", "op": "ne", "value": "2010-01-01"},
    {"field": "years_since_founding", "op": "gte", "value": 1},
    {"field": "years_since_founding", "op": "lt", "value": 3},
    {"field": "registered_here", "op": "eq", "value": True},
    {"field": "tax_here", "op": "ne", "value": True},
    {"field": "size_class", "op": "eq", "value": "small"},
    {"field": "size_class", "op": "ne", "value": "small"},
    {"field": "size_class", "op": "in", "value": ["small", "micro"]},
    {"field": "size_class", "op": "not_in", "value": ["large"]},
    {"field": "building_id", "op": "in", "value": [1, 3]},
    {"field": "stage", "op": "eq", "value": "growth"},
    {"field": "industry_code", "op": "in", "value": ["I"]},
    {"field": "industry_code", "op": "in", "value": ["65", "7211"]},
    {"field": "industry_code", "op": "eq", "value": "651"},
    {"field": "industry_code", "op": "not_in", "value": ["C", "72"]},
    {"field": "qualifications", "op": "has", "value": ["hightech", "tech_sme"]},
    {"field": "qualifications", "op": "has_any", "value": ["hightech", "listed"]},
    {"field": "qualifications", "op": "not_in", "value": ["listed"]},
    {"field": "tags", "op": "has_any", "value": ["theme:rd"]},
    {"field": "area_need", "op": "between", "value": [100, 500]},
    {"field": "rd_ratio", "op": "gte", "value": 3},
]


def random_firms(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            {
                "id": 1000 + i,
                "industry_code": rng.choice(["6513", "6510", "7211", "3911", "5191", None]),
                "size_class": rng.choice(["large", "medium", "small", "micro", "na", None]),
                "headcount": rng.choice([None, 0, 14, 50, 51, 299, 300, 301, *range(1, 400, 37)]),
                "revenue": rng.choice([None, 0.0, 1e6, 2e7, 2.5e7, 3e8]),
                "tax": rng.choice([None, 5e5, 1e6, 3e6]),
                "registered_capital": rng.choice([None, 1e6, 3e6, 1e7]),
                "founded_on": rng.choice(
                    [None, date(2010, 1, 1), date(2020, 1, 1), date(2025, 12, 1), date(2026, 1, 2)]
                ),
                "qualifications": rng.sample(["hightech", "tech_sme", "listed"], rng.randint(0, 3)),
                "registered_here": rng.choice([None, True, False]),
                "operates_here": rng.choice([None, True]),
                "tax_here": rng.choice([None, True, False]),
                "building_id": rng.choice([None, 1, 2, 3]),
                "tags": rng.sample(["theme:rd", "theme:talent", "ind:I"], rng.randint(0, 3)),
                "stage": rng.choice([None, "startup", "growth", "mature"]),
                "area_need": rng.choice([None, 80.0, 100.0, 300.0, 500.0, 800.0]),
                "ip_patents": rng.choice([None, 0, 3]),
                "ip_software": None,
                "ip_trademarks": None,
                "above_scale": rng.choice([True, False]),
                "grade": rng.choice([None, "A", "C"]),
            }
        )
    return out


@pytest.fixture(scope="module")
def firms() -> list[dict]:
    return random_firms(600)


@pytest.fixture(scope="module", params=["ranks", "floats", "sorted", "code ranges"])
def cols(request, firms) -> FirmColumns:
    """Every way of comparing numbers: ranks among few distinct values, the floats, or the
    firms in value order; and both ways of picking categories: an OR of bitsets per code, or
    ranges of codes."""
    from qifutong.matching import columns

    limits = columns.RANK_LIMIT, columns.SORTED_MIN, columns.CODE_BITS_LIMIT
    if request.param in ("floats", "sorted"):
        columns.RANK_LIMIT = -1
    if request.param == "sorted":
        columns.SORTED_MIN = 0
    if request.param == "code ranges":
        columns.CODE_BITS_LIMIT = -1
    try:
        built = FirmColumns.from_frame(pd.DataFrame(firms), TODAY)
    finally:
        columns.RANK_LIMIT, columns.SORTED_MIN, columns.CODE_BITS_LIMIT = limits
    assert bool(built._ranks) == (request.param not in ("floats", "sorted"))
    assert bool(built._orders) == (request.param == "sorted")
    return built


@pytest.mark.parametrize("raw", CONDITIONS, ids=lambda c: f"{c['field']}-{c['op']}")
def test_each_condition_agrees_firm_by_firm(raw, firms, cols):
    cond = parse_condition(raw)
    idx = np.arange(cols.n, dtype=np.int64)
    vector = condition_statuses(cols, cond, idx)
    scalar = [condition_status(cond, firm_record(f, TODAY).get(cond.field)) for f in firms]
    assert vector == scalar


def test_offers_agree_on_status_score_reasons_and_missing(firms, cols):
    rng = random.Random(11)
    for offer_id in range(40):
        criteria = [
            {**rng.choice(CONDITIONS), "kind": rng.choice(["must", "must", "bonus"])}
            for _ in range(rng.randint(0, 5))
        ]
        tags = rng.sample(["rd", "talent", "export"], rng.randint(0, 2))
        offer = compile_offer("policy", offer_id, criteria, tags)
        rows = {
            r["enterprise_id"]: r
            for r in result_rows(cols, offer_bits(cols, offer), Labels(), TODAY)
        }
        for f in firms:
            ev = evaluate_offer(offer.conditions, offer.tags, firm_record(f, TODAY))
            got = rows.get(f["id"])
            want = ev.status if ev.status in ("eligible", "near_miss") else None
            assert (got["status"] if got else None) == want, (criteria, f)
            if got:
                assert got["reasons"] == ev.reasons
                assert got["missing"] == ev.missing
                assert got["score"] == pytest.approx(ev.score)


def test_threads_give_the_same_results(cols):
    offers = [
        compile_offer("policy", i, [{**c, "kind": "must"}, {**CONDITIONS[-2], "kind": "must"}], [])
        for i, c in enumerate(CONDITIONS)
    ] * 3
    one = [ob.counts() for ob in match_all(cols, offers, workers=1)]
    two = [ob.counts() for ob in match_all(cols, offers, workers=2, batch=4)]
    assert one == two


def test_bitsets_roundtrip():
    rng = np.random.default_rng(5)
    for n in (0, 1, 63, 64, 65, 1000):
        mask = rng.random(n) < 0.3
        packed = bits.pack(mask)
        assert bits.count(packed) == int(mask.sum())
        assert bits.indices(packed).tolist() == np.flatnonzero(mask).tolist()
        idx = np.arange(n, dtype=np.int64)
        assert bits.get(packed, idx).tolist() == mask.tolist()
        assert bits.count(bits.ones(n)) == n
        assert bits.count(bits.ones(n) & ~packed) == n - int(mask.sum())


def test_few_firms_are_read_into_the_same_columns_as_many(firms):
    """A firm's page builds its columns in plain Python (few firms); the values it reads back
    are those the pandas path gives for the same firms among many."""
    from qifutong.matching import columns

    many = FirmColumns.from_frame(pd.DataFrame(firms), TODAY)
    for start in range(0, 200, columns.SMALL // 2):
        chunk = firms[start : start + columns.SMALL // 2]
        few = FirmColumns.from_frame(pd.DataFrame(chunk), TODAY)
        at = np.asarray([many.position(f["id"]) for f in chunk], dtype=np.int64)
        here = np.arange(len(chunk), dtype=np.int64)
        for name in (*columns.NUMERIC_FIELDS, *columns.CATEGORY_FIELDS):
            assert few.values_at(name, here) == many.values_at(name, at) or all(
                (a != a and b != b) or a == b
                for a, b in zip(few.values_at(name, here), many.values_at(name, at), strict=True)
            ), name
        for name in columns.SET_FIELDS:
            codes = set(few.sets[name]) | set(many.sets[name])
            for code in codes:
                got = bits.get(few.sets[name][code], here) if code in few.sets[name] else None
                want = bits.get(many.sets[name][code], at) if code in many.sets[name] else None
                if got is None or want is None:
                    assert not np.any(got if got is not None else want), (name, code)
                else:
                    assert np.array_equal(got, want), (name, code)
