"""Activities and trainings: publish, target by tags, sign-up within capacity, attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

from policies.activities import targets_firm
from policies.models import Activity, ActivitySignup
from qifutong.enterprises.models import EnterpriseTag, Tag
from qifutong.events import OFFER_CHANGED, subscribe
from qifutong.extensions import db
from qifutong.timeutil import street_now
from tests.conftest import PASSWORD


def login(app, user):
    c = app.test_client()
    c.post("/login", data={"username": user.username, "password": PASSWORD})
    return c


def test_targets_by_tags():
    assert targets_firm([], set())
    assert targets_firm(["finance"], {"finance", "rd"})
    assert not targets_firm(["finance"], {"rd"})


def test_publish_target_sign_up_and_attendance(app, make_firm, make_user):
    db.session.add(Tag(code="finance", kind="theme", name_zh="融资", name_en="Finance"))
    db.session.commit()
    official = make_user("street")
    tagged, untagged = make_firm(), make_firm()
    db.session.add(EnterpriseTag(enterprise_id=tagged.id, tag_code="finance"))
    db.session.commit()
    seen: list[tuple[str, int]] = []

    def on_offer(kind: str, offer_id: int) -> None:
        seen.append((kind, offer_id))

    subscribe(OFFER_CHANGED, on_offer)
    street = login(app, official)
    starts = (street_now() + timedelta(days=7)).replace(second=0, microsecond=0)
    resp = street.post(
        "/street/activities/new",
        data={
            "title": "科技贷政策解读",
            "kind": "briefing",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_hours": "2",
            "capacity": "1",
            "place": "街道会议室",
            "tags": ["finance"],
            "publish": "1",
        },
    )
    assert resp.status_code == 302
    activity = db.session.scalars(db.select(Activity)).one()
    assert activity.status == "published" and activity.tags == ["finance"]
    assert activity.ends_at - activity.starts_at == timedelta(hours=2)
    assert ("activity", activity.id) in seen

    a_user = make_user("firm", enterprise_id=tagged.id)
    b_user = make_user("firm", enterprise_id=untagged.id)
    a, b = login(app, a_user), login(app, b_user)
    page_a = a.get("/firm/activities/").get_data(as_text=True)
    assert "其他活动" not in page_a  # the only activity is targeted at this firm
    assert "为您推荐的活动" in page_a and "科技贷政策解读" in page_a
    page_b = b.get("/firm/activities/").get_data(as_text=True)
    assert page_b.index("其他活动") < page_b.index("科技贷政策解读")  # not targeted at b

    a.post(f"/firm/activities/{activity.id}/signup")
    again = a.post(f"/firm/activities/{activity.id}/signup", follow_redirects=True)
    assert "贵企业已报名该活动" in again.get_data(as_text=True)
    full = b.post(f"/firm/activities/{activity.id}/signup", follow_redirects=True)
    assert "名额已满" in full.get_data(as_text=True)
    assert [s.enterprise_id for s in db.session.scalars(db.select(ActivitySignup))] == [tagged.id]

    street.post(f"/street/activities/{activity.id}/attendance", data={"attended": [str(tagged.id)]})
    signup = db.session.scalars(db.select(ActivitySignup)).one()
    db.session.refresh(signup)
    assert signup.attended is True
    assert "已出席" in street.get(f"/street/activities/{activity.id}").get_data(as_text=True)
    # Firms cannot reach the street's pages.
    assert a.get("/street/activities/").status_code == 403


def test_sign_up_closes_when_the_activity_starts_and_bad_input_is_named(app, make_firm, make_user):
    firm = make_firm()
    past = Activity(
        title="往期培训",
        kind="training",
        starts_at=datetime(2026, 1, 5, 14, 0),
        ends_at=datetime(2026, 1, 5, 16, 0),
        status="published",
        tags=[],
        criteria=[],
    )
    db.session.add(past)
    db.session.commit()
    c = login(app, make_user("firm", enterprise_id=firm.id))
    resp = c.post(f"/firm/activities/{past.id}/signup", follow_redirects=True)
    assert "活动已开始或已结束，不能报名" in resp.get_data(as_text=True)
    street = login(app, make_user("street"))
    page = street.post(
        "/street/activities/new", data={"title": "x", "kind": "training", "starts_at": "明天"}
    ).get_data(as_text=True)
    assert "开始时间：请按 YYYY-MM-DD HH:MM 填写" in page
