"""The cockpit's monthly aggregates give the same figures and drill-down records as the
records themselves, and follow the records when figures change."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import delete, select

from dashboards import aggregates
from dashboards.models import AggregateState, FirmMonth
from dashboards.period import Filters, preset_period
from dashboards.queries import compute, make_context
from dashboards.records import records
from dashboards.registry import indicators
from qifutong import events
from qifutong.enterprises.models import EconomicRecord
from qifutong.extensions import db
from qifutong.timeutil import street_today

pytestmark = pytest.mark.slow
FIRM_FIGURES = ("tax_cur", "tax_prev", "rev_cur", "tax_t12", "head_end", "local_cur", "rev_prev")


def _cockpit(period_name: str = "ytd") -> tuple[dict, dict]:
    today = street_today()
    ctx = make_context(preset_period(period_name, today), Filters(), None, today, finance=True)
    values = compute(ctx, indicators())
    shown = {
        k: (v.value, [(i.label, i.value, i.segment) for i in v.items], v.growth)
        for k, v in values.items()
    }
    drill = {}
    for ind in indicators():
        if ind.drill.kind == "firms":
            frame = records(ind, ctx)
            drill[ind.key] = frame.sort_values(list(frame.columns[:1])).reset_index(drop=True)
    return shown, drill


def _same(a: tuple[dict, dict], b: tuple[dict, dict]) -> None:
    assert a[0] == b[0]
    assert a[1].keys() == b[1].keys()
    for key in a[1]:
        pd.testing.assert_frame_equal(a[1][key], b[1][key], check_like=True, obj=key)


@pytest.mark.parametrize("period_name", ["ytd", "last_year"])
def test_aggregates_and_records_give_the_same_cockpit(demo_app, period_name):
    assert aggregates.is_fresh()  # the demo seed refreshed them after loading the records
    from_aggregates = _cockpit(period_name)
    db.session.execute(delete(FirmMonth))
    db.session.execute(delete(AggregateState))
    assert not aggregates.is_fresh()
    _same(from_aggregates, _cockpit(period_name))


def test_a_figures_change_refreshes_the_firms_named(demo_app):
    record = db.session.scalars(
        select(EconomicRecord).order_by(EconomicRecord.period.desc(), EconomicRecord.id)
    ).first()
    assert record is not None
    record.tax_total = (record.tax_total or 0) + 1_234_567.0
    db.session.flush()
    # A new record without the event: the cockpit notices and reads the records.
    db.session.add(
        EconomicRecord(enterprise_id=record.enterprise_id, period=date(2001, 1, 1), tax_total=1.0)
    )
    db.session.flush()
    assert not aggregates.is_fresh()
    stale = _cockpit()
    # What a figures import emits (matching re-matches the firm too, and may push to it).
    assert aggregates.on_figures_changed in events._handlers[events.FIGURES_CHANGED]
    aggregates.on_figures_changed(ids=[record.enterprise_id], months=[record.period])
    assert aggregates.is_fresh()
    _same(stale, _cockpit())
