"""The street's flow on plain pages: draft with suggestions → audience → publish → funnel."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

from sqlalchemy import select

from policies.models import Policy
from qifutong.extensions import db
from qifutong.inbox.models import Push

TEXT = "申报条件：企业须注册满1年，从业人数不少于50人。"


def _form(**extra):
    data = {
        "title": "稳岗扩岗奖励",
        "issuer_level": "street",
        "payout_mode": "auto",
        "full_text": TEXT,
        "max_amount": "5万",
        "rows": "0",
        "suggestions": "0",
    }
    data.update(extra)
    return data


def test_draft_adopt_preview_publish_and_grant(app, client, login, make_firm, make_user):
    old = date.today() - timedelta(days=800)
    big = make_firm(headcount=80, founded_on=old)
    small = make_firm(headcount=20, founded_on=old)
    young = make_firm(headcount=90, founded_on=date.today() - timedelta(days=30))
    login(make_user("street"))

    created = client.post("/street/policies/new", data=_form())
    assert created.status_code == 302
    policy = db.session.scalars(select(Policy)).one()
    assert policy.status == "draft" and policy.max_amount == 50_000
    page = client.get(f"/street/policies/{policy.id}/edit").get_data(as_text=True)
    assert (
        "根据正文建议" in page
        and "成立年限 要求 ≥ 1 年" in page
        and "<mark>注册满1年</mark>" in page
    )

    # Adopt every suggested condition (the form posts them back as JSON, as the page does).
    payloads = re.findall(r'name="s-(\d+)-json" value="([^"]*)"', page)
    data = _form(rows="0", suggestions=str(len(payloads)))
    for i, raw in payloads:
        data[f"s-{i}-json"] = html.unescape(raw)
        if json.loads(html.unescape(raw))["condition"]:
            data[f"s-{i}"] = "1"
    saved = client.post(f"/street/policies/{policy.id}/edit", data={**data, "next": "audience"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/audience")
    db.session.refresh(policy)
    assert [(c["field"], c["op"], c["value"]) for c in policy.criteria] == [
        ("years_since_founding", "gte", 1),
        ("headcount", "gte", 50),
    ]
    assert policy.criteria[0]["sentence"] == TEXT

    audience = client.get(f"/street/policies/{policy.id}/audience").get_data(as_text=True)
    assert 'id="count-eligible">1<' in audience and 'id="count-near">2<' in audience
    assert "免申即享名单" in audience and "员工人数 20 人，要求 ≥ 50 人" in audience

    published = client.post(f"/street/policies/{policy.id}/publish", follow_redirects=True)
    text = published.get_data(as_text=True)
    assert "已发布：符合条件 1 家，差一点 2 家，已推送 1 家。" in text
    assert 'id="step-pushed">1<' in text
    push = db.session.scalars(select(Push)).one()
    assert push.enterprise_id == big.id
    assert small.id != young.id

    granted = client.post(
        f"/street/policies/{policy.id}/pushes/{push.id}/grant",
        data={"amount": "3万"},
        follow_redirects=True,
    )
    assert "已记录兑现" in granted.get_data(as_text=True)
    db.session.refresh(push)
    assert push.state == "granted" and push.granted_amount == 30_000
    funnel = client.get(f"/street/policies/{policy.id}/funnel").get_data(as_text=True)
    assert 'id="step-granted">1<' in funnel and "3.0 万元" in funnel
    csv = client.get(f"/street/policies/{policy.id}/audience.csv")
    assert csv.mimetype == "text/csv" and "符合条件" in csv.get_data(as_text=True)


def test_editor_rows_and_errors(app, client, login, make_user):
    login(make_user("street"))
    bad = client.post(
        "/street/policies/new",
        data=_form(**{"rows": "1", "c-0-field": "headcount", "c-0-op": "gte", "c-0-value": "很多"}),
        follow_redirects=True,
    )
    assert "条件第 1 行" in bad.get_data(as_text=True)
    assert db.session.scalars(select(Policy)).all() == []
    ok = client.post(
        "/street/policies/new",
        data=_form(
            **{
                "rows": "2",
                "c-0-field": "revenue",
                "c-0-op": "gte",
                "c-0-value": "2000万",
                "c-0-kind": "must",
                "c-1-field": "qualifications",
                "c-1-op": "has_any",
                "c-1-value": "高新技术企业, 科技型中小企业",
                "c-1-kind": "bonus",
                "tags": ["theme:rd"],
            }
        ),
    )
    assert ok.status_code == 302
    policy = db.session.scalars(select(Policy)).one()
    assert policy.criteria == [
        {"field": "revenue", "op": "gte", "value": 20_000_000, "kind": "must"},
        {
            "field": "qualifications",
            "op": "has_any",
            "value": ["hightech", "tech_sme"],
            "kind": "bonus",
        },
    ]
    assert policy.tags == ["theme:rd"]
    page = client.get(f"/street/policies/{policy.id}/edit").get_data(as_text=True)
    assert 'value="高新技术企业, 科技型中小企业"' in page


def test_street_only(app, client, login, make_user, make_firm):
    login(make_user("firm", enterprise_id=make_firm().id))
    assert client.get("/street/policies/new").status_code == 403
    assert client.get("/street/policies/").status_code == 403
