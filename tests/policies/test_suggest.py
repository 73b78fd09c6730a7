"""Suggested criteria and tags from a policy's text, each tied to its sentence."""

from __future__ import annotations

from policies.suggest import sentences, suggest

TEXT = (
    "支持高新技术企业加大研发投入。申报条件：企业须在境内注册满1年。"
    "近三个会计年度研发费用占营业收入比例不低于3%；从业人数不超过300人。"
    "上年度营业收入2000万元以上，注册地在西湖区，在地纳税。"
    "烟草制造、房地产、批发和零售等负面清单行业不适用。"
)


def by_field(found):
    return {s.condition["field"]: s for s in found if s.condition}


def test_common_clauses_become_conditions_with_their_sentence():
    found = by_field(suggest(TEXT))
    assert found["qualifications"].condition == {
        "field": "qualifications",
        "op": "has",
        "value": ["hightech"],
        "kind": "must",
    }
    assert found["qualifications"].sentence == "支持高新技术企业加大研发投入。"
    years = found["years_since_founding"]
    assert (years.condition["op"], years.condition["value"]) == ("gte", 1)
    assert years.sentence == "申报条件：企业须在境内注册满1年。"
    assert years.matched == "注册满1年"
    rd = found["rd_ratio"]
    assert (rd.condition["op"], rd.condition["value"]) == ("gte", 3)
    assert rd.text == "研发费用占营业收入比例 要求 ≥ 3%"
    assert "研发费用占营业收入比例不低于3%" in rd.sentence
    assert (found["headcount"].condition["op"], found["headcount"].condition["value"]) == (
        "lte",
        300,
    )
    assert found["revenue"].condition["value"] == 20_000_000
    assert found["registered_here"].condition["value"] is True
    assert found["tax_here"].condition["value"] is True
    industry = found["industry_code"].condition
    assert industry["op"] == "not_in" and set(industry["value"]) >= {"K", "F"}


def test_tags_from_words_of_the_vocabulary():
    tags = {s.tag: s for s in suggest(TEXT) if s.tag}
    assert {"qual:hightech", "theme:rd"} <= set(tags)
    assert tags["theme:rd"].sentence == "支持高新技术企业加大研发投入。"


def test_size_and_negative_lookbehinds():
    small = by_field(suggest("面向小微企业。"))["size_class"].condition
    assert small["value"] == ["small", "micro"]
    sme = by_field(suggest("支持中小企业发展。"))["size_class"].condition
    assert sme["value"] == ["medium", "small", "micro"]
    # 科技型中小企业 is a qualification, not a size class.
    found = by_field(suggest("认定为科技型中小企业的。"))
    assert "size_class" not in found
    assert found["qualifications"].condition["value"] == ["tech_sme"]


def test_each_suggestion_once_and_sentences_split():
    found = suggest("高新技术企业可申报。高新技术企业另有奖励。")
    assert [s.condition["field"] for s in found if s.condition] == ["qualifications"]
    assert sentences("第一句。第二句；第三句\n第四句") == [
        "第一句。",
        "第二句；",
        "第三句",
        "第四句",
    ]
    assert suggest("") == []
