"""Saved searches (订阅): a firm follows a find page's search, and the next digest brings a
newly published policy that matches it, once."""

from __future__ import annotations

from sqlalchemy import select

from qifutong.extensions import db
from qifutong.inbox.digest import send_all_digests
from qifutong.inbox.models import Notification, SavedSearch
from qifutong.timeutil import street_today
from tests.matching.test_pages import HEADCOUNT_50, publish


def test_a_saved_search_delivers_a_new_matching_policy_in_the_next_digest(
    app, client, login, make_firm, make_user
):
    firm = make_firm(headcount=80)
    user = make_user("firm", enterprise_id=firm.id)
    publish("人才引进补贴", HEADCOUNT_50)
    login(user)
    saved = client.post("/firm/searches", data={"kind": "policy", "q": "人才", "fit": ""})
    found_at = "/firm/policies?q=%E4%BA%BA%E6%89%8D"  # ?q=人才
    assert saved.status_code == 302 and saved.headers["Location"] == found_at
    search = db.session.scalars(select(SavedSearch)).one()
    assert (search.user_id, search.kind, search.query, len(search.seen)) == (
        user.id,
        "policy",
        "人才",
        1,
    )
    page = client.get("/firm/policies?q=人才").get_data(as_text=True)
    assert "已订阅" in page and "找政策：人才" in page
    today = street_today()
    assert send_all_digests(today)["saved_searches"] == 0  # nothing new yet

    publish("人才公寓租金补贴", HEADCOUNT_50)
    publish("研发投入补助", HEADCOUNT_50)  # does not match the words
    assert send_all_digests(today)["saved_searches"] == 1
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.kind == "saved_search"))
    assert note.user_id == user.id and note.title == "您订阅的“找政策：人才”有 1 项新结果"
    assert note.body == "1. 人才公寓租金补贴" and note.link == found_at
    assert send_all_digests(today)["saved_searches"] == 0  # once

    other = make_user("firm", enterprise_id=make_firm().id)
    login(other)
    assert client.post(f"/firm/searches/{search.id}/delete").status_code == 404
    login(user)
    client.post(f"/firm/searches/{search.id}/delete")
    assert db.session.scalars(select(SavedSearch)).all() == []
    bad = client.post("/firm/searches", data={"kind": "nothing"}, follow_redirects=True)
    assert "没有这个查找页面" in bad.get_data(as_text=True)
