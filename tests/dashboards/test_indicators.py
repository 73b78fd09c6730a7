"""The registry's figures against the same figures worked out by hand from the small street
(tests/dashboards/conftest.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

M = 6  # months in the period
TAX = {  # period tax of the tax-here firms (yuan)
    "f1": 1_000_000 * M,
    "f2": 100_000 * M,
    "f4": 10_000 * M,
    "f5": 20_000 * M,
    "f6": 30_000 * 2,
}
TAX_LAST_YEAR = {"f1": 500_000 * M, "f2": 100_000 * M, "f5": 200_000 * M, "f6": 30_000 * M}
TAX_TOTAL = sum(TAX.values())


def value(values, key):
    return values[key].value


def test_fiscal_totals_and_growth(street_values):
    v = street_values()
    assert value(v, "tax_total") == pytest.approx(TAX_TOTAL)
    assert value(v, "fiscal_local") == pytest.approx(TAX_TOTAL * 0.4)
    last_year = sum(TAX_LAST_YEAR.values())
    assert value(v, "tax_growth") == pytest.approx((TAX_TOTAL - last_year) / last_year * 100)
    assert v["tax_total"].growth == pytest.approx(value(v, "tax_growth"))
    # Revenue counts firms operating here, whatever their tax flag (f3 yes, f5 no).
    revenue = 10 * (1_000_000 * M + 100_000 * M + 50_000 * M + 10_000 * M + 30_000 * 2)
    assert value(v, "revenue_total") == pytest.approx(revenue)
    revenue_last_year = 10 * (500_000 * M + 100_000 * M + 30_000 * M)
    assert value(v, "revenue_growth") == pytest.approx(
        (revenue - revenue_last_year) / revenue_last_year * 100
    )


def test_the_monthly_trend_matches_the_total(street, street_values):
    v = street_values()["tax_total"]
    assert v.series["months"] == [f"{m.month}月" for m in street.months]
    assert sum(x or 0 for x in v.series["current"]) == pytest.approx(TAX_TOTAL)
    assert sum(x or 0 for x in v.series["previous"]) == pytest.approx(sum(TAX_LAST_YEAR.values()))
    assert v.as_of.year == street.months[-1].year and v.as_of.month == street.months[-1].month


def test_firm_counts_and_rates(street_values):
    v = street_values()
    operating = ["f1", "f2", "f3", "f4"]  # active and operating here
    assert value(v, "firms_total") == len(operating)
    assert value(v, "registered_here_rate") == pytest.approx(3 / 4 * 100)  # f2 is not
    assert value(v, "tax_here_rate") == pytest.approx(3 / 4 * 100)  # f3 is not
    assert value(v, "registered_elsewhere_operating") == 1  # f5
    assert value(v, "firms_new") == 1  # f4
    assert value(v, "firms_left") == 1  # f6
    assert value(v, "firms_net_inflow") == 0
    assert value(v, "above_scale_firms") == 1
    assert value(v, "hightech_firms") == 1
    assert value(v, "specialised_firms") == 1  # f2 is both specialised and a little giant
    assert value(v, "listed_firms") == 1
    assert value(v, "key_firms") == 2
    assert {i.label: i.value for i in v["key_firms"].items} == {"A类": 1, "B类": 1, "C类": 0}
    assert value(v, "size_mix") == 4
    assert value(v, "industry_mix") == 3  # I, L, M
    assert value(v, "employees_total") == 50 + 100 + 10 + 20
    assert value(v, "firm_tiers") == 1


def test_tax_structure(app, street_values):
    app.config.update(QIFUTONG_TAX_SWING=0.30, QIFUTONG_TAX_SWING_MIN_BASE=100_000)
    v = street_values()
    assert value(v, "tax_top10") == pytest.approx(TAX_TOTAL)  # five taxpayers only
    assert [i.value for i in v["tax_top10"].items][:2] == [TAX["f1"], TAX["f2"]]
    assert value(v, "tax_concentration") == pytest.approx(100.0)
    bands = {i.segment: i.value for i in v["tax_bands"].items}
    assert bands == {
        "band:ge_1e8": 0,
        "band:1e7_1e8": 0,
        "band:1e6_1e7": 1,  # f1: 600万
        "band:1e5_1e6": 2,  # f2: 60万, f5: 12万
        "band:lt_1e5": 2,  # f4: 6万, f6: 6万
    }
    assert value(v, "tax_bands") == 5
    # |y/y| ≥ 30% on a base of at least 10万: f1 up, f5 and f6 down; f2 flat.
    assert value(v, "tax_swing_alerts") == 3
    swing = {i.segment: i.value for i in v["tax_swing_alerts"].items}
    assert swing == {"swing:up": 1, "swing:down": 2}
    app.config["QIFUTONG_TAX_SWING_MIN_BASE"] = 500_000  # f6's 18万 is now below the base
    assert value(street_values(), "tax_swing_alerts") == 2
    section_i = TAX["f1"] + TAX["f2"] + TAX["f6"]
    assert value(v, "industry_tax_share") == pytest.approx(section_i / TAX_TOTAL * 100)
    assert value(v, "tax_per_employee") == pytest.approx(TAX_TOTAL / 180)


def test_buildings(app, street_values):
    v = street_values()
    assert value(v, "buildings_total") == 3
    assert value(v, "leasable_area") == 17_000
    assert value(v, "leased_area") == 1000 + 2000 + 500 + 1500
    assert value(v, "occupancy_rate") == pytest.approx(5000 / 17_000 * 100)
    assert value(v, "vacant_area") == (10_000 - 3000) + (5000 - 2000) + 2000
    assert value(v, "leaving_area") == 1000
    b1_tax = TAX["f1"] + TAX["f2"] + TAX["f6"]
    b2_tax = TAX["f4"]  # f3 pays tax elsewhere
    assert value(v, "building_tax") == pytest.approx(b1_tax + b2_tax)
    assert value(v, "tax_per_m2") == pytest.approx((b1_tax + b2_tax) / 5000)
    per_m2 = {i.label: i.value for i in v["tax_per_m2"].items}
    assert per_m2["甲大厦"] == pytest.approx(b1_tax / 3000)
    assert value(v, "building_registered_rate") == pytest.approx(3 / 4 * 100)
    assert value(v, "avg_rent") == pytest.approx((5.0 * 1000 + 4.0 * 2000 + 3.0 * 1500) / 4500)
    assert value(v, "building_main_industry") == pytest.approx((100 + 50) / 2)
    assert value(v, "billion_buildings") == 0
    app.config["QIFUTONG_BILLION_TAX"] = 5_000_000  # 甲大厦's twelve months: 666万
    assert value(street_values(), "billion_buildings") == 1


def test_leases(street_values):
    v = street_values()
    assert value(v, "expiring_leases") == 3
    levels = {i.segment: (i.value, i.extra["area"]) for i in v["expiring_leases"].items}
    assert levels == {"level:red": (1, 1000), "level:amber": (1, 2000), "level:blue": (1, 500)}
    flows = {i.segment: i.value for i in v["lease_flows"].items}
    # The continuation of f2's renewed contract is not a new lease.
    assert flows == {"flow:new": 1, "flow:renewed": 1, "flow:ended": 1}
    assert value(v, "renewal_rate") == pytest.approx(50.0)


def test_service_performance(street_values):
    v = street_values()
    assert value(v, "visits") == 2
    assert v["visits"].extra["coverage"] == pytest.approx(50.0)  # f1 of the key firms f1, f2
    assert value(v, "demands") == 3
    stages = {i.segment: i.value for i in v["demands"].items}
    assert stages == {
        "stage:received": 3,
        "stage:closed": 2,
        "stage:on_time": 1,
        "stage:satisfied": 1,
    }
    assert value(v, "policy_reach") == 2
    reach = {i.segment: i.value for i in v["policy_reach"].items}
    # Applied: f1 and f4 (f4 found the policy itself); paid: f1 (50,000) and f2 (10,000,
    # 免申即享).
    assert reach == {"stage:pushed": 2, "stage:applied": 2, "stage:granted": 2}
    assert v["policy_reach"].extra["amount"] == 60_000
    funnel = {i.segment: i.value for i in v["push_funnel"].items}
    assert funnel == {
        "stage:pushed": 3,
        "stage:seen": 3,
        "stage:clicked": 2,
        "stage:applied": 2,
        "stage:granted": 1,
    }


def test_imported_statistics_show_their_latest_month_and_source(street, street_values):
    v = street_values()["services_va_growth"]
    assert v.value == 7.1
    assert (v.as_of.year, v.as_of.month) == (street.months[3].year, street.months[3].month)
    assert "西湖区统计局月报" in v.source
    missing = street_values()["tech_contract_value"]
    assert missing.value is None and missing.reason


def test_filters_narrow_the_firms(street, street_values):
    b1 = street.buildings["b1"].id
    v = street_values(building_id=b1)
    assert value(v, "firms_total") == 2  # f1, f2
    assert value(v, "tax_total") == pytest.approx(TAX["f1"] + TAX["f2"] + TAX["f6"])
    assert value(v, "leasable_area") == 10_000
    by_industry = street_values(section="M")
    assert value(by_industry, "firms_total") == 1
    assert value(by_industry, "tax_total") == pytest.approx(TAX["f4"])


def test_records_count_what_the_figure_counts(app, street, street_values):
    app.config["QIFUTONG_TAX_SWING_MIN_BASE"] = 100_000
    from dashboards.period import Filters
    from dashboards.queries import make_context
    from dashboards.records import records
    from dashboards.registry import get

    ctx = make_context(street.period, Filters(), None, street.today, True)
    v = street_values()
    for key in (
        "firms_total",
        "tax_bands",
        "tax_swing_alerts",
        "key_firms",
        "hightech_firms",
        "expiring_leases",
        "firms_new",
        "registered_elsewhere_operating",
    ):
        assert len(records(get(key), ctx)) == value(v, key), key
    assert len(records(get("tax_bands"), ctx, "band:1e5_1e6")) == 2
    assert len(records(get("lease_flows"), ctx, "flow:new")) == 1
    assert len(records(get("expiring_leases"), ctx, "level:red")) == 1
    assert records(get("tax_total"), ctx)["tax_cur"].sum() == pytest.approx(TAX_TOTAL)
    assert len(records(get("demands"), ctx, "stage:on_time")) == 1
    assert len(records(get("push_funnel"), ctx, "stage:granted")) == 1
    applied = records(get("policy_reach"), ctx, "stage:applied")
    paid = records(get("policy_reach"), ctx, "stage:granted")
    assert len(applied) == 2 and len(paid) == 2 and paid["granted_amount"].sum() == 60_000


def test_an_empty_street_states_why_each_figure_is_missing(app):
    from dashboards.period import Filters, preset_period
    from dashboards.queries import compute, make_context
    from dashboards.registry import indicators
    from qifutong.timeutil import street_today

    today = street_today()
    ctx = make_context(preset_period("ytd", today), Filters(), None, today, True)
    values = compute(ctx, indicators())
    assert len(values) == 52
    for key, v in values.items():
        assert v.value is not None or v.reason, key
        assert v.as_of is not None, key
