"""政企互动: announcements reach firms by tags with read receipts; firms ask, the street answers."""

from __future__ import annotations

from qifutong.enterprises.models import EnterpriseTag, Tag
from qifutong.extensions import db
from qifutong.interaction.models import Announcement, AnnouncementReceipt, Question


def tag(firm, code):
    if db.session.get(Tag, code) is None:
        db.session.add(Tag(code=code, kind="theme", name_zh=code, name_en=code))
        db.session.flush()
    db.session.add(EnterpriseTag(enterprise_id=firm.id, tag_code=code))
    db.session.commit()


def test_an_announcement_reaches_the_tagged_firms_and_counts_who_read_it(app, cast, logged_in):
    tag(cast.firm, "finance")
    tag(cast.other_firm, "talent")
    street = logged_in(cast.official)
    resp = street.post(
        "/interaction/announcements/new",
        data={"title": "科技贷专场对接会", "body": "欢迎报名", "tags": ["finance"]},
    )
    assert resp.status_code == 302
    notice = db.session.scalars(db.select(Announcement)).one()
    receipts = db.session.scalars(db.select(AnnouncementReceipt)).all()
    assert [(r.enterprise_id, r.read_at) for r in receipts] == [(cast.firm.id, None)]

    firm = logged_in(cast.firm_user)
    listing = firm.get("/firm/notices/").get_data(as_text=True)
    assert "科技贷专场对接会" in listing and "未读" in listing
    assert firm.get(f"/firm/notices/{notice.id}").status_code == 200
    db.session.refresh(receipts[0])
    assert receipts[0].read_at is not None
    # A firm the notice was not sent to cannot open it.
    assert logged_in(cast.other_user).get(f"/firm/notices/{notice.id}").status_code == 404
    page = street.get(f"/interaction/announcements/{notice.id}?show=read").get_data(as_text=True)
    assert "送达 1 家，已读 1 家" in page and cast.firm.name in page


def test_an_announcement_without_tags_goes_to_every_active_firm(app, cast, make_firm, logged_in):
    make_firm(status="moved_out")
    logged_in(cast.official).post("/interaction/announcements/new", data={"title": "春节安全提示"})
    ids = set(db.session.scalars(db.select(AnnouncementReceipt.enterprise_id)))
    assert ids == {cast.firm.id, cast.other_firm.id}


def test_unknown_tags_and_empty_titles_are_refused(app, cast, logged_in):
    page = (
        logged_in(cast.official)
        .post("/interaction/announcements/new", data={"title": "x", "tags": ["nope"]})
        .get_data(as_text=True)
    )
    assert "未知的标签 nope" in page
    assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 0


def test_a_firm_asks_and_the_street_answers(app, cast, logged_in):
    firm = logged_in(cast.firm_user)
    firm.post("/firm/questions", data={"text": "研发费用加计扣除比例是多少？"})
    q = db.session.scalars(db.select(Question)).one()
    assert q.enterprise_id == cast.firm.id and q.answer is None
    street = logged_in(cast.official)
    assert "研发费用加计扣除比例是多少？" in street.get("/interaction/").get_data(as_text=True)
    street.post(f"/interaction/questions/{q.id}/answer", data={"answer": "科技型中小企业为100%。"})
    db.session.refresh(q)
    assert q.answer == "科技型中小企业为100%。" and q.answered_by == cast.official.id
    assert "科技型中小企业为100%。" in firm.get("/firm/notices/").get_data(as_text=True)
    other = logged_in(cast.other_user).get("/firm/notices/").get_data(as_text=True)
    assert "研发费用加计扣除" not in other
    assert (
        firm.post(f"/interaction/questions/{q.id}/answer", data={"answer": "x"}).status_code == 403
    )
