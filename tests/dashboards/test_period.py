"""The cockpit's periods, filters and growth (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards.period import (
    Period,
    add_months,
    filters_from_args,
    growth,
    parse_month,
    period_from_args,
    preset_period,
)

TODAY = date(2026, 11, 23)


def test_the_default_period_is_this_year_to_date():
    p = period_from_args({}, TODAY)
    assert (p.start, p.end, p.preset) == (date(2026, 1, 1), date(2026, 11, 1), "ytd")
    assert p.label() == "2026年1–11月"
    assert p.shifted(-1).label() == "2025年1–11月"


def test_in_january_the_default_period_is_last_year():
    # On 4 January this year has no month of figures yet: the cockpit opens on last year.
    p = period_from_args({}, date(2027, 1, 4))
    assert (p.start, p.end, p.preset) == (date(2026, 1, 1), date(2026, 12, 1), "last_year")
    ytd = period_from_args({"period": "ytd"}, date(2027, 1, 4))
    assert (ytd.start, ytd.end) == (date(2027, 1, 1), date(2027, 1, 1))


def test_presets():
    assert preset_period("last_month", TODAY).months == [date(2026, 10, 1)]
    twelve = preset_period("last_12", TODAY)
    assert (twelve.start, twelve.end) == (date(2025, 11, 1), date(2026, 10, 1))
    assert len(twelve.months) == 12
    assert preset_period("last_year", TODAY).label() == "2025年1–12月"


def test_a_custom_period_is_ordered_and_ends_no_later_than_this_month():
    p = period_from_args({"period": "custom", "from": "2027-03", "to": "2026-02"}, TODAY)
    assert (p.start, p.end) == (date(2026, 2, 1), date(2026, 11, 1))


def test_months_are_read_in_the_usual_spellings():
    for text in ("2026-03", "2026-3", "2026/03", "2026年3月", "2026.3"):
        assert parse_month(text) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        parse_month("March")
    with pytest.raises(ValueError):
        period_from_args({"period": "decade"}, TODAY)


def test_filters():
    f = filters_from_args({"building": "7", "industry": "i"})
    assert (f.building_id, f.section) == (7, "I")
    assert f.param() == {"building": "7", "industry": "I"}
    with pytest.raises(ValueError):
        filters_from_args({"building": "甲"})
    with pytest.raises(ValueError):
        filters_from_args({"industry": "65"})


def test_growth_and_month_arithmetic():
    assert growth(120.0, 100.0) == pytest.approx(20.0)
    assert growth(80.0, -100.0) == pytest.approx(180.0)
    assert growth(5.0, 0.0) is None and growth(None, 1.0) is None
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 11, 1), 14) == date(2028, 1, 1)
    assert Period(date(2026, 1, 1), date(2026, 2, 1)).days(date(2026, 2, 10)) == (
        date(2026, 1, 1),
        date(2026, 2, 10),
    )
