"""Tags from firms' data, and the vocabulary they come from."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select

from qifutong.enterprises.models import EnterpriseTag, Tag
from qifutong.extensions import db
from qifutong.matching.tagging import data_tags, tag_firms
from qifutong.matching.vocabulary import normalise_tag, terms_by_code, vocabulary

TODAY = date(2026, 6, 30)


def test_vocabulary_has_every_kind():
    codes = terms_by_code()
    assert {t.kind for t in vocabulary()} == {"industry", "size", "qualification", "stage", "theme"}
    assert codes["ind:I"].name_zh == "信息传输、软件和信息技术服务业"
    assert codes["ind:65"].parent == "ind:I"
    assert len([t for t in vocabulary() if t.kind == "industry"]) == 20 + 97
    for code in (
        "hightech",
        "tech_sme",
        "specialised",
        "little_giant",
        "listed",
        "pre_ipo",
        "new_eagle",
        "rd_center",
    ):
        assert f"qual:{code}" in codes
    assert normalise_tag("rd") == "theme:rd"
    assert normalise_tag("研发创新") == "theme:rd"
    assert normalise_tag("高新技术企业") == "qual:hightech"
    assert normalise_tag("nonsense") is None


def test_tags_from_data():
    frame = pd.DataFrame(
        [
            {
                "id": 1,
                "industry_code": "6513",
                "size_class": "small",
                "headcount": 60,
                "revenue_12m": 3e7,
                "founded_on": date(2025, 1, 1),
                "qualifications": ["hightech"],
                "stage": None,
                "area_need": 300.0,
                "ip_patents": 2,
                "ip_software": None,
                "ip_trademarks": None,
            },
            {
                "id": 2,
                "industry_code": "3911",
                "size_class": None,
                "headcount": 400,
                "revenue_12m": 9e8,
                "founded_on": date(2005, 1, 1),
                "qualifications": [],
                "stage": "mature",
                "area_need": None,
                "ip_patents": None,
                "ip_software": None,
                "ip_trademarks": 0,
            },
            {
                "id": 3,
                "industry_code": None,
                "size_class": None,
                "headcount": None,
                "revenue_12m": None,
                "founded_on": None,
                "qualifications": [],
                "stage": None,
                "area_need": None,
                "ip_patents": None,
                "ip_software": None,
                "ip_trademarks": None,
            },
        ]
    )
    pairs = data_tags(frame, TODAY)
    tags = {i: set(pairs[pairs["enterprise_id"] == i]["tag_code"]) for i in (1, 2, 3)}
    assert tags[1] == {
        "ind:I",
        "ind:65",
        "size:small",
        "stage:startup",
        "qual:hightech",
        "theme:rd",
        "theme:talent",
        "theme:finance",
        "theme:rent",
        "theme:digital",
        "theme:tax_relief",
        "theme:ip",
        "theme:employment",
        "theme:startup",
    }
    # Size by the national rules when the register has none (industry: 400 people → medium).
    assert {
        "ind:C",
        "ind:39",
        "size:medium",
        "stage:mature",
        "theme:manufacturing",
        "theme:export",
        "theme:hq",
        "theme:talent",
        "theme:employment",
    } == tags[2]
    assert tags[3] == set()


def test_retagging_keeps_officials_tags(app, make_firm):
    firm = make_firm(industry_code="6513", headcount=60, qualifications=["hightech"])
    tag_firms([firm.id], TODAY)
    db.session.add(EnterpriseTag(enterprise_id=firm.id, tag_code="theme:export", source="official"))
    db.session.commit()
    firm.headcount = 5
    tag_firms([firm.id], TODAY)
    db.session.commit()
    rows = {(t.tag_code, t.source) for t in db.session.scalars(select(EnterpriseTag))}
    assert ("theme:export", "official") in rows
    assert ("theme:employment", "data") not in rows  # 5 people: no longer
    assert ("qual:hightech", "data") in rows
    assert db.session.scalar(select(Tag).where(Tag.code == "ind:65")).name_zh == (
        "软件和信息技术服务业"
    )
