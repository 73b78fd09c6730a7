"""The State Council's holiday notice loaded by the street: deadlines follow it at once."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

# A made-up notice for a year the holiday package does not know (the real one is loaded by
# the street when it is published): Tuesday 5 and Wednesday 6 January off, Saturday 9 worked.
NOTICE = (
    "日期,类型,说明\n"
    "2027-01-01,休,元旦\n"
    "2027-01-05,休,测试假日\n"
    "2027/1/6,休,测试假日\n"
    "2027年1月9日,班,调休上班\n"
)
BAD = "日期,类型\n2027-01-01,休\n2027-02-30,休\n2027-01-09,加班\n2027-01-01,班\n"


def _load(app, text: str, name: str = "2027.csv", dry_run: bool = False):
    from qifutong.demands.holidays import load_notice

    return load_notice(
        text.encode("utf-8"),
        name,
        Path(app.config["QIFUTONG_UPLOAD_DIR"]),
        Path(app.config["QIFUTONG_REPORT_DIR"]),
        dry_run=dry_run,
    )


def test_a_loaded_notice_sets_the_working_days(app):
    from qifutong.demands.holidays import calendar_covers
    from qifutong.demands.workcal import is_working_day

    assert not calendar_covers(date(2027, 3, 1))
    assert is_working_day(date(2027, 1, 5)) and not is_working_day(date(2027, 1, 9))
    result = _load(app, NOTICE)
    assert (result.status, result.years, result.holidays, result.working_weekends) == (
        "done",
        [2027],
        3,
        1,
    )
    assert calendar_covers(date(2027, 3, 1))
    assert not is_working_day(date(2027, 1, 5)) and not is_working_day(date(2027, 1, 6))
    assert is_working_day(date(2027, 1, 9))  # a Saturday worked in exchange
    assert is_working_day(date(2027, 1, 7)) and not is_working_day(date(2027, 1, 10))


def test_a_demand_raised_on_4_january_2027_has_its_deadline_on_the_loaded_calendar(app, make_firm):
    from qifutong.demands.services import raise_demand
    from qifutong.timeutil import to_local, to_utc

    tz = app.config["QIFUTONG_TIMEZONE"]
    firm = make_firm()
    now = to_utc(datetime(2027, 1, 4, 10, 0), tz)

    def due() -> datetime:
        demand = raise_demand(
            enterprise_id=firm.id,
            category="政策咨询",
            urgency="normal",
            title="咨询",
            text="",
            user=None,
            now=now,
        )
        return to_local(demand.due_at, tz)

    # Without the notice: Monday to Friday, five working days → Monday 11 January.
    assert due() == datetime(2027, 1, 11, 10, 0)
    _load(app, NOTICE)
    # With it: 5 and 6 January off, Saturday 9 worked → Thu 7, Fri 8, Sat 9, Mon 11, Tue 12.
    assert due() == datetime(2027, 1, 12, 10, 0)


def test_a_bad_notice_loads_nothing_and_names_each_row(app):
    from qifutong.demands.models import HolidayNoticeDay
    from qifutong.extensions import db

    _load(app, NOTICE)
    result = _load(app, BAD, name="bad.csv")
    assert result.status == "refused"
    assert {(p.row, p.field) for p in result.problems} == {(3, "日期"), (4, "类型"), (5, "日期")}
    assert Path(result.report_path).exists()
    assert db.session.scalar(select(func.count()).select_from(HolidayNoticeDay)) == 4


def test_loading_a_year_again_replaces_it(app):
    from qifutong.demands.holidays import loaded_years
    from qifutong.demands.workcal import is_working_day

    _load(app, NOTICE)
    _load(app, "日期,类型\n2027-01-01,休\n")
    [year] = loaded_years()
    assert (year.year, year.holidays, year.working_weekends) == (2027, 1, 0)
    assert is_working_day(date(2027, 1, 5))


def test_the_warning_names_the_missing_year_until_it_is_loaded(app):
    from qifutong.demands.holidays import missing_warning

    assert missing_warning(date(2026, 6, 1)) is None  # the package knows 2026
    warning = missing_warning(date(2026, 12, 7))  # deadlines may reach into January
    assert warning is not None and "2027年" in warning and "周一至周五" in warning
    _load(app, NOTICE)
    assert missing_warning(date(2026, 12, 7)) is None


def test_the_cli_loads_and_refuses(app, tmp_path):
    from qifutong.demands.cli import calendar_load

    good = tmp_path / "2027.csv"
    good.write_text(NOTICE, encoding="gbk")
    runner = app.test_cli_runner()
    out = runner.invoke(calendar_load, [str(good)])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output.strip().splitlines()[-1])["holidays"] == 3
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    out = runner.invoke(calendar_load, [str(bad)])
    assert out.exit_code == 1
    assert "bad.csv: row 4, 类型" in out.output


def test_the_calendar_page_is_the_streets(client, login, make_user, make_firm):
    login(make_user("firm", enterprise_id=make_firm().id))
    assert client.get("/demands/calendar").status_code == 403


def test_the_street_loads_a_notice_on_the_page(client, login, make_user):
    import io

    login(make_user("street"))
    page = client.get("/demands/calendar")
    assert page.status_code == 200 and "工作日历" in page.text
    sent = client.post(
        "/demands/calendar",
        data={"file": (io.BytesIO(NOTICE.encode()), "2027年放假安排.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert sent.status_code == 200 and "已导入 2027年 的放假安排" in sent.text
    refused = client.post(
        "/demands/calendar",
        data={"file": (io.BytesIO(BAD.encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "休（放假）或 班（调休上班）" in refused.text
