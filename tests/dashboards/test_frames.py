"""The cockpit's packed read (one CSV text from PostgreSQL) gives what the plain read gives."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select

from dashboards.reading import read_packed_frame, read_raw_frame
from qifutong.enterprises.models import Enterprise as E


def test_the_packed_read_keeps_text_nulls_flags_and_dates(app, make_firm):
    make_firm(name='甲, "乙"\n丙', grade="", tier=None, registered_here=None, headcount=12)
    make_firm(
        name="丁", grade="A", tier="stable", registered_here=False, moved_in_on=date(2026, 3, 4)
    )
    stmt = select(
        E.id, E.name, E.grade, E.tier, E.registered_here, E.headcount, E.moved_in_on
    ).order_by(E.id)
    packed, raw = read_packed_frame(stmt), read_raw_frame(stmt)
    assert list(packed["name"]) == ['甲, "乙"\n丙', "丁"]
    assert list(packed["grade"]) == ["", "A"]  # an empty code stays empty, as read plainly
    assert packed["tier"].isna().tolist() == [True, False]
    assert packed["registered_here"].isna().tolist() == [True, False]
    assert not packed["registered_here"].iloc[1]
    assert packed["headcount"].tolist()[0] == 12
    for frame in (packed, raw):  # as the cockpit's frames convert them
        frame["moved_in_on"] = pd.to_datetime(frame["moved_in_on"]).astype("datetime64[us]")
        frame["registered_here"] = frame["registered_here"].astype("boolean")
    pd.testing.assert_frame_equal(packed, raw, check_dtype=False)


def test_the_packed_read_keeps_a_value_holding_its_separators(app, make_firm):
    """A value holding the separators of the packed text is read as it is (the read is made
    again as CSV)."""
    make_firm(name="甲\x1f乙\x1e丙", grade="B")
    make_firm(name="丁", grade="A")
    stmt = select(E.id, E.name, E.grade).order_by(E.id)
    packed = read_packed_frame(stmt)
    assert list(packed["name"]) == ["甲\x1f乙\x1e丙", "丁"]
    assert list(packed["grade"]) == ["B", "A"]
