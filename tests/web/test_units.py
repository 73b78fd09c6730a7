"""Money in one unit per column or axis, chosen from the column's values."""

from __future__ import annotations

import math

import pytest
from flask import Flask, g

from qifutong.web.units import WAN, YI, YUAN, money_unit


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([3.2e8, 1.5e8, 2.0e8], YI),  # typically 亿: the column is in 亿元
        ([1.5e8, 5e6, 2e6], WAN),  # one 亿 among millions: 15,000.00 万元, not a mixed column
        ([8e3, 2e4], WAN),
        ([500.0, 80.0], YUAN),
        ([None, math.nan, 0.0], WAN),  # nothing known: 万元, as officials read money
    ],
)
def test_a_column_gets_one_unit_from_its_values(amounts, expected):
    assert money_unit(amounts) == expected


def test_every_amount_of_a_column_is_written_in_its_unit():
    column = money_unit([1.5e8, 5e6, 2e6])
    assert [column.number(v) for v in (1.5e8, 5e6, None)] == ["15,000.00", "500.00", "—"]
    assert YI.number(1.5e8) == "1.50"


def test_the_heading_names_the_unit_in_each_language():
    app = Flask(__name__)
    with app.test_request_context():
        assert WAN.header("本期税收") == "本期税收（万元）"
        g.locale = "en"
        assert WAN.header("Tax") == "Tax (10k yuan)"
        assert YI.header("Tax") == "Tax (100M yuan)"
