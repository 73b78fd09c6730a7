"""A field kept in value order selects what comparing the floats selects, at every threshold."""

from __future__ import annotations

import numpy as np
import pytest

from qifutong.matching import bits
from qifutong.matching.criteria import compare
from qifutong.matching.thresholds import SortedValues, value_order


@pytest.mark.parametrize("op", ["eq", "ne", "gt", "gte", "lt", "lte", "between"])
def test_each_threshold_selects_what_the_comparison_does(op):
    rng = np.random.default_rng(5)
    arr = np.round(rng.lognormal(3, 1, 5_000), 1)
    arr[rng.random(5_000) < 0.1] = np.nan
    index = SortedValues(*value_order(arr), arr.shape[0])
    known = bits.pack(~np.isnan(arr))
    picks = [-1.0, 0.0, float(np.nanmin(arr)), float(np.nanmax(arr)), 1e9, *arr[:20].tolist()]
    for t in [p for p in picks if not np.isnan(p)]:
        value = (t, t * 2 + 1) if op == "between" else t
        want = bits.pack(compare(op, arr, value))
        if op == "ne":
            want &= known
        assert np.array_equal(index.met(op, value), want), (op, value)


def test_a_field_without_data_selects_nobody():
    arr = np.full(100, np.nan)
    index = SortedValues(*value_order(arr), 100)
    assert bits.count(index.met("gte", 0.0)) == 0
    assert bits.count(index.met("ne", 0.0)) == 0
