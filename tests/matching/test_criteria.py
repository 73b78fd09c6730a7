"""Criteria as data: every operator, three-valued results, industry prefixes, plain Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from qifutong.matching.criteria import (
    ELIGIBLE,
    MET,
    NEAR_MISS,
    OPEN,
    UNKNOWN,
    UNMET,
    CriteriaError,
    condition_status,
    evaluate_offer,
    firm_record,
    parse_condition,
    parse_criteria,
)
from qifutong.matching.wording import Labels, describe


def status(field: str, op: str, value: object, firm_value: object) -> str:
    return condition_status(parse_condition({"field": field, "op": op, "value": value}), firm_value)


@pytest.mark.parametrize(
    ("op", "value", "firm_value", "expected"),
    [
        ("eq", 50, 50, MET),
        ("eq", 50, 49, UNMET),
        ("ne", 50, 49, MET),
        ("ne", 50, 50, UNMET),
        ("gt", 50, 51, MET),
        ("gt", 50, 50, UNMET),
        ("gte", 50, 50, MET),
        ("gte", 50, 32, UNMET),
        ("lt", 50, 49, MET),
        ("lt", 50, 50, UNMET),
        ("lte", 300, 300, MET),
        ("lte", 300, 301, UNMET),
        ("between", [10, 50], 10, MET),
        ("between", [10, 50], 50, MET),
        ("between", [10, 50], 51, UNMET),
        ("gte", 50, None, UNKNOWN),
        ("between", [10, 50], None, UNKNOWN),
        ("ne", 50, None, UNKNOWN),
    ],
)
def test_numeric_operators(op, value, firm_value, expected):
    assert status("headcount", op, value, firm_value) == expected


def test_dates_booleans_and_categories():
    assert status("founded_on", "gte", "2020-01-01", date(2020, 1, 1)) == MET
    assert status("founded_on", "lt", "2020-01-01", date(2020, 1, 1)) == UNMET
    assert status("founded_on", "between", ["2019-01-01", "2021-01-01"], None) == UNKNOWN
    assert status("registered_here", "eq", True, True) == MET
    assert status("registered_here", "eq", True, False) == UNMET
    assert status("registered_here", "ne", True, False) == MET
    assert status("registered_here", "eq", True, None) == UNKNOWN
    assert status("size_class", "in", ["small", "micro"], "micro") == MET
    assert status("size_class", "in", ["small", "micro"], "medium") == UNMET
    assert status("size_class", "not_in", ["large"], "medium") == MET
    assert status("size_class", "not_in", ["large"], "large") == UNMET
    assert status("size_class", "eq", "小型", "small") == MET  # Chinese names are accepted
    assert status("size_class", "ne", "small", "small") == UNMET
    assert status("size_class", "in", ["small"], None) == UNKNOWN
    assert status("building_id", "in", [3, "4"], 4) == MET
    assert status("building_id", "eq", 3, None) == UNKNOWN


def test_sets_have_no_unknown():
    assert status("qualifications", "has", "hightech", ["hightech", "tech_sme"]) == MET
    assert status("qualifications", "has", ["hightech", "listed"], ["hightech"]) == UNMET
    assert status("qualifications", "has_any", ["hightech", "listed"], ["listed"]) == MET
    assert status("qualifications", "has_any", ["hightech"], []) == UNMET
    assert status("qualifications", "not_in", ["listed"], ["hightech"]) == MET
    assert status("qualifications", "not_in", ["listed"], ["listed"]) == UNMET
    assert status("qualifications", "has", "高新技术企业", ["hightech"]) == MET
    assert status("tags", "has_any", ["rd", "theme:talent"], ["theme:rd"]) == MET
    assert status("tags", "in", ["rd"], ["theme:talent"]) == UNMET  # `in` on a set = has_any


@pytest.mark.parametrize(
    ("prefixes", "code", "expected"),
    [
        (["I"], "6513", MET),  # section letter
        (["65"], "6513", MET),  # division
        (["651"], "6513", MET),  # group
        (["6513"], "6513", MET),  # class
        (["I65"], "6513", MET),  # division written with its section
        (["C"], "6513", UNMET),
        (["6512"], "6513", UNMET),
        (["C", "72"], "7211", MET),
        (["I"], None, UNKNOWN),
    ],
)
def test_industry_prefixes(prefixes, code, expected):
    assert status("industry_code", "in", prefixes, code) == expected


def test_industry_not_in_and_eq():
    assert status("industry_code", "not_in", ["K", "70"], "6513") == MET
    assert status("industry_code", "not_in", ["K"], "7010") == UNMET
    assert status("industry_code", "eq", "65", "6513") == MET
    assert status("industry_code", "ne", "65", "6513") == UNMET  # ne means not_in


@pytest.mark.parametrize(
    ("raw", "where", "words"),
    [
        ({"field": "employees", "op": "gte", "value": 1}, "field", "未知字段"),
        ({"field": "headcount", "op": "has", "value": 1}, "op", "不支持"),
        ({"field": "headcount", "op": "gte", "value": "many"}, "value", "应为数字"),
        ({"field": "headcount", "op": "between", "value": [50, 10]}, "value", "下限"),
        ({"field": "headcount", "op": "gte", "value": 5, "kind": "maybe"}, "kind", "must"),
        ({"field": "industry_code", "op": "in", "value": ["Z9"]}, "value", "GB/T 4754"),
        ({"field": "qualifications", "op": "has", "value": "gold"}, "value", "资质"),
        ({"field": "founded_on", "op": "gte", "value": "2020/1/1"}, "value", "YYYY-MM-DD"),
        ({"field": "headcount", "op": "gte"}, "value", "缺少取值"),
    ],
)
def test_bad_conditions_say_where_and_what(raw, where, words):
    with pytest.raises(CriteriaError) as err:
        parse_criteria([{"field": "headcount", "op": "gte", "value": 1}, raw])
    assert err.value.index == 1 and err.value.field == where
    assert words in err.value.message


def test_reasons_read_as_plain_chinese():
    labels = Labels(buildings={7: "西溪天堂"})

    def say(raw: dict, value: object) -> str:
        return describe(parse_condition(raw), value, labels)

    assert (
        say({"field": "headcount", "op": "gte", "value": 50}, 32) == "员工人数 32 人，要求 ≥ 50 人"
    )
    assert say({"field": "headcount", "op": "gte", "value": 50}, None) == (
        "员工人数 暂无数据，要求 ≥ 50 人"
    )
    assert say({"field": "revenue", "op": "gte", "value": 20_000_000}, 12_345_678) == (
        "营业收入（近12个月） 1,235 万元，要求 ≥ 2,000 万元"
    )
    assert say({"field": "years_since_founding", "op": "gte", "value": 1}, 0.5) == (
        "成立年限 0.5 年，要求 ≥ 1 年"
    )
    assert say({"field": "industry_code", "op": "in", "value": ["65"]}, "6513") == (
        "所属行业 软件和信息技术服务业（6513），要求属于 软件和信息技术服务业（65）"
    )
    assert say({"field": "qualifications", "op": "has", "value": "hightech"}, []) == (
        "企业资质 无，要求具备 高新技术企业"
    )
    assert say({"field": "registered_here", "op": "eq", "value": True}, False) == (
        "注册在本街道 否，要求是"
    )
    assert (
        say({"field": "building_id", "op": "eq", "value": 7}, 7)
        == "所在楼宇 西溪天堂，要求为 西溪天堂"
    )
    assert say({"field": "size_class", "op": "in", "value": ["small", "micro"]}, "medium") == (
        "企业规模 中型，要求为 小型、微型之一"
    )


def _offer(*conditions: dict) -> list:
    return parse_criteria(list(conditions))


MUSTS = (
    {"field": "headcount", "op": "gte", "value": 50, "kind": "must"},
    {"field": "registered_here", "op": "eq", "value": True, "kind": "must"},
    {"field": "qualifications", "op": "has", "value": "hightech", "kind": "must"},
    {"field": "tags", "op": "has_any", "value": ["rd"], "kind": "bonus"},
)


@pytest.mark.parametrize(
    ("firm", "expected", "missing"),
    [
        ({"headcount": 80, "registered_here": True, "qualifications": ["hightech"]}, ELIGIBLE, 0),
        ({"headcount": 32, "registered_here": True, "qualifications": ["hightech"]}, NEAR_MISS, 1),
        (
            {"headcount": None, "registered_here": True, "qualifications": ["hightech"]},
            NEAR_MISS,
            1,
        ),
        ({"headcount": 32, "registered_here": None, "qualifications": ["hightech"]}, NEAR_MISS, 2),
        ({"headcount": 32, "registered_here": False, "qualifications": []}, None, 3),
    ],
)
def test_eligible_near_miss_or_not_shown(firm, expected, missing):
    ev = evaluate_offer(_offer(*MUSTS), [], firm)
    assert ev.status == expected
    assert len(ev.missing) == missing


def test_near_miss_needs_one_condition_met():
    two = _offer(*MUSTS[:2])
    assert evaluate_offer(two, [], {"headcount": 10, "registered_here": None}).status is None
    assert evaluate_offer(two, [], {"headcount": 60, "registered_here": None}).status == NEAR_MISS
    one = _offer(MUSTS[0])
    assert evaluate_offer(one, [], {"headcount": None}).status is None


def test_unknown_is_reported_as_missing_data_not_failure():
    ev = evaluate_offer(
        _offer(*MUSTS),
        [],
        {"headcount": None, "registered_here": True, "qualifications": ["hightech"]},
    )
    assert ev.statuses[:3] == [UNKNOWN, MET, MET]
    assert ev.missing == ["员工人数 暂无数据，要求 ≥ 50 人"]


def test_score_counts_bonus_and_shared_tags():
    firm = {
        "headcount": 80,
        "registered_here": True,
        "qualifications": ["hightech"],
        "tags": ["theme:rd", "theme:talent"],
    }
    ev = evaluate_offer(_offer(*MUSTS), ["theme:talent", "theme:export"], firm)
    assert ev.score == 1 + 0.5
    assert ev.reasons[-1] == "与贵企业标签相符：人才"


def test_offers_without_musts_fit_by_tags_or_everyone():
    firm = {"tags": ["theme:finance"]}
    assert evaluate_offer([], ["theme:finance"], firm).status == ELIGIBLE
    assert evaluate_offer([], ["theme:export"], firm).status is None
    assert evaluate_offer([], [], firm).status == OPEN


def test_years_since_founding_from_the_founding_date():
    rec = firm_record({"founded_on": date(2024, 6, 1)}, date(2025, 6, 1))
    assert rec["years_since_founding"] == pytest.approx(365 / 365.25)
    assert firm_record({"founded_on": None}, date(2025, 6, 1))["years_since_founding"] is None
