"""Chart axes: one unit per axis, full numbers with separators ("15,000 万元", never "15k")."""

from __future__ import annotations

from flask import Flask, g

from dashboards.figures import value_axis


def test_a_money_axis_reads_in_wan_or_yi_by_its_values():
    app = Flask(__name__)
    with app.test_request_context():
        wan = value_axis([1.5e8, 3e6, 2e6], "元")
        assert (wan.unit, wan.scale(1.5e8)) == ("万元", 15_000.0)
        assert wan.layout() == {"tickformat": ",", "automargin": True, "ticksuffix": " 万元"}
        yi = value_axis([1.5e8, 2.5e8, 4e8], "元")
        assert (yi.unit, yi.scale(1.5e8)) == ("亿元", 1.5)
        assert yi.layout()["ticksuffix"] == " 亿元"


def test_other_units_keep_their_values_and_name_the_unit_in_the_title():
    app = Flask(__name__)
    with app.test_request_context():
        firms = value_axis([12_000.0, 300.0], "家")
        assert firms.scale(12_000.0) == 12_000.0
        assert firms.layout() == {"tickformat": ",", "automargin": True, "title": {"text": "家"}}


def test_english_money_axes_name_the_unit_in_the_title():
    app = Flask(__name__)
    with app.test_request_context():
        g.locale = "en"
        axis = value_axis([1.5e8, 2.5e8, 4e8], "元").layout()
        assert axis["title"] == {"text": "100M yuan"} and "ticksuffix" not in axis
