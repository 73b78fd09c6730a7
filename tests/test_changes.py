"""Every process learns which tables changed (qifutong.changes): bulk writes stamp their table,
a transaction that wrote keeps nothing, offers and a firm's inbox are served from the cache
only while what they read is unchanged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event, select, update

from policies.models import Policy
from qifutong import events
from qifutong.changes import VersionedCache, table_versions
from qifutong.extensions import db
from qifutong.inbox.models import Push
from qifutong.matching import registry
from tests.conftest import PASSWORD


def _publish(title: str, headcount: int = 50) -> Policy:
    policy = Policy(
        title=title,
        criteria=[{"field": "headcount", "op": "gte", "value": headcount, "kind": "must"}],
        tags=[],
        status="published",
    )
    db.session.add(policy)
    db.session.flush()
    events.emit(events.OFFER_CHANGED, kind="policy", offer_id=policy.id)
    db.session.commit()
    return policy


class _Statements:
    """Counts the statements that name a table."""

    def __init__(self, table: str) -> None:
        self.table, self.count = table, 0

    def __enter__(self) -> _Statements:
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if f"FROM {self.table}" in statement or f'FROM "{self.table}"' in statement:
            self.count += 1


def test_a_bulk_insert_stamps_its_table_on_every_backend(app, make_firm):
    """On PostgreSQL the rows go through COPY, which SQLAlchemy never sees."""
    from qifutong.enterprises.models import EconomicRecord
    from qifutong.imports.bulk import bulk_insert

    firm = make_firm()
    before = table_versions(db.session)
    assert before is not None
    db.session.commit()
    bulk_insert(EconomicRecord, [{"enterprise_id": firm.id, "period": date(2026, 1, 1)}])
    db.session.commit()
    after = table_versions(db.session)
    assert after is not None
    assert after.get("economic_record", 0) > before.get("economic_record", 0)


def test_a_transaction_that_wrote_keeps_nothing(app, make_firm):
    from qifutong.enterprises.models import Enterprise

    firm = make_firm()
    db.session.commit()
    assert table_versions(db.session) is not None
    db.session.execute(update(Enterprise).where(Enterprise.id == firm.id).values(headcount=3))
    assert table_versions(db.session) is None  # its stamps may yet be rolled back
    db.session.rollback()
    assert table_versions(db.session) is not None


def test_a_result_that_read_an_unstamped_table_is_not_kept(app, make_user):
    from qifutong.auth.models import ApiToken

    make_user("street")
    db.session.commit()
    cache, calls = VersionedCache(), []

    def tokens() -> int:
        calls.append(1)
        return len(db.session.scalars(select(ApiToken)).all())

    for _ in range(2):
        cache.get_or_compute(table_versions(db.session), "tokens", tokens)
        db.session.commit()
    assert len(calls) == 2  # each API call changes that table without a stamp


def test_a_result_kept_inside_another_keeps_both_and_the_outer_one_knows_its_tables(
    app, make_firm, make_user
):
    from qifutong.auth.models import User
    from qifutong.enterprises.models import Enterprise

    make_firm()
    db.session.commit()
    outer, inner = VersionedCache(), VersionedCache()
    calls: list[str] = []

    def count_firms() -> int:
        calls.append("inner")
        return len(db.session.scalars(select(Enterprise)).all())

    def page() -> int:
        calls.append("outer")
        firms = inner.get_or_compute(table_versions(db.session), "firms", count_firms)
        db.session.scalars(select(User)).all()  # read after the inner result: noted on the outer
        return firms

    for _ in range(2):
        inner.clear()  # the outer result is computed again around a kept inner one, and not
        outer.clear()  # around a fresh computation whose reads equal the outer's
        assert outer.get_or_compute(table_versions(db.session), "page", page) == 1
        db.session.commit()
    assert outer.get_or_compute(table_versions(db.session), "page", page) == 1
    assert calls == ["outer", "inner"] * 2
    make_firm()
    db.session.commit()
    assert outer.get_or_compute(table_versions(db.session), "page", page) == 2  # both dropped
    assert calls[-2:] == ["outer", "inner"]
    make_user("street")
    db.session.commit()
    assert outer.get_or_compute(table_versions(db.session), "page", page) == 2
    assert calls[-1] == "outer"  # the outer result read the users, the inner one did not


def test_offers_come_from_the_cache_until_their_table_changes(app):
    policy = _publish("研发补助")
    wanted = [policy.id, 999_999]  # one that is not offerable: remembered as such
    db.session.commit()
    assert [o.title for o in registry.load_offers("policy", wanted)] == ["研发补助"]
    db.session.commit()
    with _Statements("policy") as policy_reads:
        again = registry.load_offers("policy", wanted)
    assert [o.title for o in again] == ["研发补助"] and policy_reads.count == 0
    db.session.commit()

    policy.title = "研发补助（2027年）"
    db.session.commit()
    assert registry.load_offer("policy", policy.id).title == "研发补助（2027年）"
    db.session.commit()
    policy.status = "withdrawn"
    db.session.commit()
    assert registry.load_offers("policy", [policy.id]) == []


def test_an_offer_cached_on_one_day_is_read_again_the_next(app):
    """A source whose answer depends on the date (policies in force) declares it."""
    policy = _publish("稳岗补贴")
    db.session.commit()
    day = {"today": date(2026, 12, 31)}
    loads = []

    def loader(ids):  # type: ignore[no-untyped-def]
        loads.append(list(ids))
        rows = db.session.scalars(select(Policy).where(Policy.id.in_(list(ids))))
        return [registry.Offer("dated", p.id, f"{p.title} {day['today']}") for p in rows]

    source = registry.OfferSource("dated", "测试", loader, moment=lambda: day["today"])
    registry.register_offer_source(source)
    try:
        first = registry.load_offers("dated", [policy.id])
        db.session.commit()
        assert registry.load_offers("dated", [policy.id]) == first and len(loads) == 1
        db.session.commit()
        day["today"] = date(2027, 1, 1)
        assert registry.load_offers("dated", [policy.id])[0].title.endswith("2027-01-01")
        assert len(loads) == 2
    finally:
        registry._SOURCES.pop("dated")


def test_the_inbox_follows_the_firm_and_the_policies(app, client, login, make_firm, make_user):
    """Served from the cache while nothing changed; a change to the firm or a policy shows at
    once, in this process and, through the stamps, in any other."""
    from qifutong.matching.services import full_match
    from qifutong.matching.views import _inbox_cache

    firm = make_firm(headcount=80)
    login(make_user("firm", enterprise_id=firm.id))
    policy = _publish("高新企业奖励")
    client.get("/firm/")
    hits = _inbox_cache.hits
    page = client.get("/firm/").get_data(as_text=True)
    assert _inbox_cache.hits == hits + 1
    assert "员工人数 80 人，要求 ≥ 50 人" in page

    firm.headcount = 120
    db.session.commit()
    full_match()
    db.session.commit()
    page = client.get("/firm/").get_data(as_text=True)
    assert "员工人数 120 人，要求 ≥ 50 人" in page

    policy.criteria = [{"field": "headcount", "op": "gte", "value": 60, "kind": "must"}]
    db.session.commit()
    assert "员工人数 120 人，要求 ≥ 60 人" in client.get("/firm/").get_data(as_text=True)


def test_the_inbox_content_is_kept_and_each_reader_gets_its_own_form_token(
    app, login, make_firm, make_user
):
    """A second look at an unchanged inbox takes its content from the cache; the forms in it
    carry the token of the reader's own session, so two people of one firm can both act."""
    from qifutong.web.fragments import _contents

    firm = make_firm(headcount=80)
    _publish("高新企业奖励")
    _publish("专精特新奖励")
    readers = []
    for _ in range(2):
        reader = app.test_client()
        user = make_user("firm", enterprise_id=firm.id)
        assert reader.post("/login", data={"username": user.username, "password": PASSWORD})
        readers.append(reader)
    first, second = readers
    first.get("/firm/")  # marks the items seen: that request wrote, and kept nothing
    page = first.get("/firm/").get_data(as_text=True)
    hits = _contents.hits
    other = second.get("/firm/").get_data(as_text=True)
    assert _contents.hits == hits  # another reader (its name is on the page): its own content
    again = second.get("/firm/").get_data(as_text=True)
    assert _contents.hits == hits + 1 and again == other

    app.config["WTF_CSRF_ENABLED"] = True
    try:  # each reader dismisses one item with the token its page carried
        for index, (reader, html) in enumerate(((first, page), (second, again))):
            token = html.split('name="csrf_token" value="')[1].split('"')[0]
            form = html.split('class="dismiss-form"')[index].rsplit('action="', 1)[1]
            push_id = int(form.split('"')[0].split("/")[-2])
            data = {"reason": "暂时不需要", "csrf_token": token}
            assert reader.post(form.split('"')[0], data=data).status_code == 302
            db.session.expire_all()
            assert db.session.get(Push, push_id).state == "dismissed"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
