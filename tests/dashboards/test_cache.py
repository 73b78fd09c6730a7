"""Figures are cached per period, filters and scope, and recomputed as soon as the data they
were computed from changes — whichever server process changed it."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update

from dashboards.cache import FigureCache, written_table


def test_which_table_a_statement_writes():
    assert written_table("INSERT INTO economic_record (a) VALUES (?)") == "economic_record"
    assert written_table("  update enterprise SET name=%(name)s") == "enterprise"
    assert written_table('DELETE FROM "lease" WHERE id = 1') == "lease"
    assert written_table("INSERT OR REPLACE INTO push (id) VALUES (1)") == "push"
    assert written_table("SELECT * FROM enterprise") is None


def test_a_result_is_used_while_the_tables_it_read_are_unchanged(app, make_firm, make_building):
    from dashboards.cache import table_versions
    from qifutong.enterprises.models import Enterprise
    from qifutong.extensions import db

    make_firm()
    cache = FigureCache(size=2)
    calls = []

    def firms(v):
        def run():
            calls.append(v)
            db.session.scalar(select(func.count()).select_from(Enterprise))
            return v

        return run

    assert cache.get_or_compute(table_versions(db.session), "k", firms("a")) == "a"
    assert cache.get_or_compute(table_versions(db.session), "k", firms("b")) == "a"
    make_building()  # a table the result did not read
    assert cache.get_or_compute(table_versions(db.session), "k", firms("c")) == "a"
    make_firm()  # one it read
    assert cache.get_or_compute(table_versions(db.session), "k", firms("d")) == "d"
    assert calls == ["a", "d"]
    assert cache.get_or_compute(None, "k", firms("e")) == "e"  # no versions: never cached


def test_writes_to_watched_tables_bump_the_version(app, make_firm, make_building):
    from dashboards.cache import data_version
    from qifutong.auth.models import ApiToken
    from qifutong.enterprises.models import EconomicRecord, Enterprise
    from qifutong.extensions import db

    v0 = data_version(db.session)
    firm = make_firm()
    v1 = data_version(db.session)
    assert v1 != v0
    db.session.execute(
        insert(EconomicRecord),
        [{"enterprise_id": firm.id, "period": __import__("datetime").date(2026, 1, 1)}],
    )
    db.session.execute(update(Enterprise).values(headcount=5))
    db.session.commit()
    v2 = data_version(db.session)
    assert v2[0] == v1[0] + 2  # one stamp per table per transaction, however many writes
    db.session.execute(update(Enterprise).values(headcount=6))
    db.session.rollback()
    assert data_version(db.session) == v2  # a rolled-back write leaves no stamp
    db.session.execute(update(ApiToken).values(last_used_at=None))  # bookkeeping: no stamp
    db.session.commit()
    assert data_version(db.session) == v2
    make_building()
    assert data_version(db.session) != v2


def test_another_process_sees_a_change_made_by_this_one(
    app, db_url, tmp_path, make_firm, make_user
):
    """Two apps over one database stand for two gunicorn workers."""
    from dashboards.cache import cache
    from dashboards.period import Filters, preset_period
    from dashboards.queries import cockpit
    from qifutong.extensions import db
    from qifutong.timeutil import street_today
    from tests.conftest import make_test_app

    make_firm()
    user = make_user("street")
    today = street_today()
    period = preset_period("ytd", today)
    cache.clear()
    first = cockpit(user, period, Filters(), today)
    assert first["firms_total"].value == 1
    assert cockpit(user, period, Filters(), today) is first  # cached

    other = make_test_app(db_url, tmp_path / "other")
    with other.app_context():
        from qifutong.enterprises.models import Enterprise

        db.session.add(
            Enterprise(
                name="杭州另一进程科技有限公司",
                status="active",
                operates_here=True,
                qualifications=[],
            )
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    db.session.rollback()  # a new transaction sees the other process's commit
    again = cockpit(user, period, Filters(), today)
    assert again is not first
    assert again["firms_total"].value == 2


def test_the_firm_frame_reads_the_same_packed_as_row_by_row(app, street, monkeypatch):
    """On PostgreSQL the firm frame is read as one CSV text packed by the server, and the
    cockpit reads the figures apart; it must hold what the row-by-row read of one query holds:
    text codes as text (even where all are missing), flags as flags."""
    import pandas as pd

    from dashboards import frames
    from dashboards.frames import EconWindows
    from dashboards.period import Filters

    with app.app_context():
        windows = EconWindows(street.months[0], street.months[-1])
        figures = frames.firm_figures(Filters(), None, windows)
        fast = frames.firm_frame(Filters(), None, windows, figures=figures)
        monkeypatch.setattr(frames, "read_packed_frame", frames.read_raw_frame)
        plain = frames.firm_frame(Filters(), None, windows)
    assert list(fast.columns) == list(plain.columns)
    fast, plain = (
        fast.sort_values("id", ignore_index=True),
        plain.sort_values("id", ignore_index=True),
    )
    for column in ("section", "size_class", "grade", "tier"):
        assert (
            fast[column].map(lambda v: v if isinstance(v, str) else None).tolist()
            == plain[column].map(lambda v: v if isinstance(v, str) else None).tolist()
        )
        assert fast[column].fillna("na").map(type).eq(str).all()
    flags = ("operates_here", "registered_here", "tax_here", "is_active", "is_operating")
    for column in (*flags, "above_scale", "q_hightech", "q_specialised"):
        assert fast[column].tolist() == plain[column].tolist(), column
    for column in ("tax_cur", "tax_prev", "rev_cur", "tax_t12", "head_end", "headcount"):
        pd.testing.assert_series_equal(fast[column], plain[column], check_dtype=False)
    for column in ("moved_in_on", "moved_out_on"):
        assert fast[column].astype(str).tolist() == plain[column].astype(str).tolist()


def test_a_new_demand_recounts_the_demands_and_not_the_pushes(
    app, make_firm, make_user, monkeypatch
):
    """The service statistics are kept one by one: the cockpit's group F after a new demand
    reads the demands again, not the period's pushes and visits (the costly ones)."""
    from dashboards import service_frames
    from dashboards.cache import cache
    from dashboards.period import Filters, preset_period
    from dashboards.queries import cockpit
    from qifutong.demands.models import Demand
    from qifutong.extensions import db
    from qifutong.timeutil import street_today

    counted: list[str] = []
    for name in ("push_stats", "visit_stats", "demand_stats"):
        real = getattr(service_frames, name)

        def counting(*args, _real=real, _name=name):
            counted.append(_name)
            return _real(*args)

        monkeypatch.setattr(service_frames, name, counting)
    firm, user, today = make_firm(), make_user("street"), street_today()
    db.session.commit()
    period, keys = preset_period("ytd", today), {"demands", "visits", "policy_reach"}
    cache.clear()
    first = cockpit(user, period, Filters(), today, keys)
    assert first["demands"].value == 0
    assert sorted(counted) == ["demand_stats", "push_stats", "visit_stats"]
    db.session.add(Demand(enterprise_id=firm.id, category="政策咨询", title="咨询", text="问"))
    db.session.commit()
    counted.clear()
    again = cockpit(user, period, Filters(), today, keys)
    assert again["demands"].value == 1
    assert counted == ["demand_stats"]
