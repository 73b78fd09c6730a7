"""Raising a demand on the page, with attachments checked by type and size."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from qifutong.demands.attachments import check_attachment
from qifutong.demands.models import Demand, DemandAttachment
from qifutong.demands.services import DemandError
from qifutong.extensions import db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form(**kw):
    data = {
        "category": "融资需求",
        "urgency": "urgent",
        "title": "流动资金贷款",
        "text": "需要300万",
    }
    data.update(kw)
    return data


def test_a_firm_raises_a_demand_with_an_attachment(app, cast, logged_in):
    client = logged_in(cast.firm_user)
    data = form(attachments=(io.BytesIO(PDF), "订单合同.pdf"))
    resp = client.post("/demands/new", data=data, content_type="multipart/form-data")
    assert resp.status_code == 302
    demand = db.session.scalars(db.select(Demand)).one()
    assert (demand.enterprise_id, demand.urgency, demand.state) == (
        cast.firm.id,
        "urgent",
        "submitted",
    )
    att = db.session.scalars(db.select(DemandAttachment)).one()
    stored = Path(app.config["QIFUTONG_UPLOAD_DIR"]) / att.stored_path
    assert stored.read_bytes() == PDF and att.file_name == "订单合同.pdf"
    assert [e.action for e in demand.events] == ["raise", "attach"]
    got = client.get(f"/demands/{demand.id}/attachments/{att.id}")
    body = got.data
    got.close()
    assert got.status_code == 200 and body == PDF
    assert (
        logged_in(cast.other_user).get(f"/demands/{demand.id}/attachments/{att.id}").status_code
        == 403
    )


def test_an_attachment_of_the_wrong_type_or_size_is_refused_with_a_clear_message(
    app, cast, logged_in
):
    client = logged_in(cast.firm_user)
    resp = client.post(
        "/demands/new",
        data=form(attachments=(io.BytesIO(b"MZ..."), "tool.exe")),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200
    assert "tool.exe：不接受 .exe 类型的文件" in resp.get_data(as_text=True)
    resp = client.post(
        "/demands/new",
        data=form(attachments=(io.BytesIO(b"hello"), "fake.pdf")),
        content_type="multipart/form-data",
    )
    assert "fake.pdf：文件内容与扩展名 .pdf 不符" in resp.get_data(as_text=True)
    # Over the size limit (checked on the service: a big multipart body spools to a temp file).
    app.config["QIFUTONG_ATTACHMENT_MAX_MB"] = 1
    with pytest.raises(DemandError) as refused:
        check_attachment("big.pdf", PDF + b"0" * (1024 * 1024))
    assert refused.value.status == 413 and "超过 1 MB 的上限" in refused.value.zh
    assert db.session.scalar(db.select(db.func.count(Demand.id))) == 0  # all or nothing
    assert not list(Path(app.config["QIFUTONG_UPLOAD_DIR"]).glob("demands/*/*.exe"))


def test_an_official_raises_a_demand_for_a_firm_found_by_name(app, cast, logged_in):
    client = logged_in(cast.official)
    resp = client.post("/demands/new", data=form(enterprise=cast.firm.name))
    assert resp.status_code == 302
    demand = db.session.scalars(db.select(Demand)).one()
    assert demand.enterprise_id == cast.firm.id and demand.raised_by_user_id == cast.official.id
    assert demand.events[0].note == "代企业提交"


def test_the_street_assigns_on_the_page_and_the_history_shows_it(app, cast, logged_in):
    client = logged_in(cast.firm_user)
    client.post("/demands/new", data=form())
    demand = db.session.scalars(db.select(Demand)).one()
    street = logged_in(cast.official)
    page = street.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert 'value="assigned"' in page and "交办" in page
    street.post(
        f"/demands/{demand.id}/transition",
        data={
            "to": "assigned",
            "owner_department": "区金融服务中心",
            "owner_user_id": cast.owner.id,
        },
    )
    db.session.refresh(demand)
    assert demand.state == "assigned" and demand.owner_user_id == cast.owner.id
    page = street.get(f"/demands/{demand.id}").get_data(as_text=True)
    assert "交办至 区金融服务中心（李办事员）" in page and "王科长" in page


def test_the_street_home_shows_open_and_overdue_demands(app, cast, logged_in):
    from datetime import datetime

    from qifutong.demands import services

    services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="normal",
        title="旧诉求",
        text="",
        user=cast.firm_user,
        now=datetime(2026, 9, 30, 2, 0),
    )
    services.raise_demand(
        enterprise_id=cast.firm.id,
        category="其他",
        urgency="normal",
        title="新诉求",
        text="",
        user=cast.firm_user,
    )
    db.session.commit()
    page = logged_in(cast.official).get("/street/").get_data(as_text=True)
    assert (
        '<span class="card-value">2</span>\n      <span class="card-label">待办诉求</span>' in page
    )
    assert (
        '<span class="card-value">1</span>\n      <span class="card-label">超期诉求</span>' in page
    )
    assert 'href="/demands/?overdue=1"' in page


def test_every_label_on_these_pages_has_english():
    import re

    from babel.messages.pofile import read_po

    from qifutong.demands import workflow
    from qifutong.keyfirms import grading
    from qifutong.visits import tasks
    from qifutong.web.catalog import po_path

    root = Path(__file__).resolve().parents[2]
    texts: set[str] = set()
    for path in (root / "qifutong" / "templates" / "demands").glob("*.html"):
        texts |= set(re.findall(r"_\('([^']+)'", path.read_text(encoding="utf-8")))
    for labels in (
        workflow.STATE_LABELS,
        workflow.URGENCIES,
        workflow.ACTION_LABELS,
        tasks.TASK_REASONS,
        grading.TIER_LABELS,
        grading.GRADE_LABELS,
    ):
        texts |= set(labels.values())
    texts |= {m.label for m in workflow.MOVES.values()}
    with po_path("en").open("rb") as fh:
        known = {m.id for m in read_po(fh) if m.id and m.string}
    assert sorted(t for t in texts if t not in known) == []
