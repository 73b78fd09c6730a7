"""One vocabulary: codes, Chinese labels and common aliases are accepted everywhere, codes
stored, labels shown; unknown values refused with the accepted ones."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from qifutong.enterprises.models import Enterprise, EnterpriseChange
from qifutong.extensions import db
from qifutong.matching import vocabulary as vocab
from qifutong.matching.criteria import CriteriaError, parse_condition
from tests.matching.test_push import publish


@pytest.mark.parametrize(
    ("given", "code"),
    [("hightech", "hightech"), ("高新技术企业", "hightech"), ("高企", "hightech"),
     ("专精特新中小企业", "specialised"), ("小巨人", "little_giant"),
     ("专精特新“小巨人”企业", "little_giant"), ("拟上市", "pre_ipo"), (" HIGHTECH ", "hightech")],
)  # fmt: skip
def test_a_qualification_by_code_label_or_alias(given, code):
    assert vocab.qualification_code(given) == code


def test_an_unknown_value_is_refused_with_the_accepted_ones():
    with pytest.raises(vocab.UnknownTerm) as err:
        vocab.qualification_code("国家级孵化器")
    assert "高新技术企业" in str(err.value) and "国家级孵化器" in str(err.value)
    with pytest.raises(vocab.UnknownTerm):
        vocab.size_code("超大型")
    with pytest.raises(CriteriaError) as crit:
        parse_condition({"field": "qualifications", "op": "has", "value": "孵化器"})
    assert "可选" in str(crit.value)


def test_other_coded_values():
    assert vocab.size_code("中型企业") == vocab.size_code("medium") == "medium"
    assert vocab.status_code("存续在营") == "active" and vocab.stage_code("成长期") == "growth"
    assert vocab.industry_code_of("软件和信息技术服务业") == "65"
    assert vocab.industry_code_of("I6513") == "6513"
    assert parse_condition({"field": "qualifications", "op": "has", "value": "高企"}).value == (
        "hightech",
    )


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_firm_posted_with_the_chinese_label_is_eligible_for_the_policy(
    client, make_user, token_for
):
    policy = publish(
        "高企奖励",
        [{"field": "qualifications", "op": "has", "value": "高新技术企业", "kind": "must"}],
    )
    token = token_for(make_user("street"))
    resp = client.post(
        "/api/v1/enterprises",
        headers=_auth(token),
        json={
            "name": "杭州新高科技有限公司",
            "qualifications": ["高新技术企业", "小巨人"],
            "size_class": "小型",
            "industry_code": "软件和信息技术服务业",
        },
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["qualifications"] == ["hightech", "little_giant"]
    assert body["size_class"] == "small" and body["industry_code"] == "65"
    assert body["labels"]["qualifications"] == ["高新技术企业", "专精特新“小巨人”企业"]
    assert body["labels"]["size_class"] == "小型"
    matches = client.get(f"/api/v1/enterprises/{body['id']}/matches", headers=_auth(token)).json
    assert [(m["id"], m["status"]) for m in matches["items"]] == [(policy.id, "eligible")]
    bad = client.post(
        "/api/v1/enterprises",
        headers=_auth(token),
        json={"name": "杭州乙有限公司", "qualifications": ["孵化器"]},
    )
    assert bad.status_code == 422
    assert (
        "qualifications" in bad.json["error"]["message"]
        and "高新技术企业" in bad.json["error"]["message"]
    )


CODE_NAMES = re.compile(
    r"hightech|pre_ipo|rd_center|tech_sme|little_giant|area_need|at_risk|growing|stable"
    r"|import:|grade:|api:|user:|\btier\b|created|enterprise_roster"
)


def test_the_firm_profile_pages_show_no_code_names(client, make_firm, make_user, login):
    firm = make_firm(qualifications=["hightech", "pre_ipo", "rd_center"], grade="C", tier="stable")
    for field, old, new, source in (
        ("tier", "growing", "stable", "grade:2026-11"),
        ("grade", None, "C", "grade:2026-11"),
        ("area_need", None, 300, "user:3"),
        ("qualifications", ["hightech"], ["hightech", "pre_ipo", "rd_center"], "import:1"),
        ("*", None, "created", "import:1"),
    ):
        db.session.add(
            EnterpriseChange(
                enterprise_id=firm.id, field=field, old_value=old, new_value=new, source=source
            )
        )
    db.session.commit()
    login(make_user("firm", enterprise_id=firm.id))
    for path in ("/firm/profile", f"/enterprises/{firm.id}"):
        html = client.get(path).get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", html)  # what a person reads, not attribute values
        assert "高新技术企业" in text and "拟上市企业" in text, path
        assert not CODE_NAMES.search(text), (path, CODE_NAMES.findall(text))
    assert db.session.scalar(select(Enterprise.qualifications).where(Enterprise.id == firm.id))
