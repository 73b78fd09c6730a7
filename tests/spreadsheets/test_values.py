"""Cell values as streets type them: dates, money, counts, flags, codes, names."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from qifutong import uscc
from qifutong.names import display_name, parse_name, parse_names, split_name
from qifutong.spreadsheets import values as v
from qifutong.spreadsheets.columns import clean_header, field_of, map_columns
from tests.imports.conftest import U_LETTER, U_YUNFAN, typo


@pytest.mark.parametrize(
    "raw",
    ["2019-03-01", "2019/3/1", "2019年3月1日", "2019.3.1", "20190301", "2019-03-01 00:00:00",
     datetime(2019, 3, 1), date(2019, 3, 1), 43525.0, "２０１９－０３－０１"],
)  # fmt: skip
def test_dates_in_every_spelling(raw):
    assert v.a_date(raw if not isinstance(raw, str) else v.nfkc(raw)) == date(2019, 3, 1)


@pytest.mark.parametrize("raw", ["2019-13-01", "去年", "3/1", 12.5])
def test_bad_dates_say_what_was_expected(raw):
    with pytest.raises(v.Invalid, match="日期"):
        v.a_date(raw)


@pytest.mark.parametrize(
    ("raw", "unit", "yuan"),
    [("500万元", 1, 5e6), ("5,000,000元", 1, 5e6), ("500万人民币", 1, 5e6),
     ("500.000000万人民币", 1, 5e6), ("1.2亿", 1, 1.2e8), (5000000, 1, 5e6), ("500", 1e4, 5e6),
     ("５００万元", 1, 5e6), (" 500 万元 ", 1, 5e6), (12.5, 1e4, 125000)],
)  # fmt: skip
def test_money_with_units(raw, unit, yuan):
    assert v.money(v.nfkc(raw) if isinstance(raw, str) else raw, unit) == pytest.approx(yuan)


def test_foreign_money_and_words_are_refused():
    with pytest.raises(v.Invalid, match="人民币"):
        v.money("100万美元")
    with pytest.raises(v.Invalid, match="金额"):
        v.money("伍佰万元")


def test_counts_flags_and_classes():
    assert v.integer("35人") == 35 and v.integer(35.0) == 35
    assert v.flag("是") is True and v.flag("否") is False and v.flag("√") is True
    assert v.size_class("小型") == "small" and v.status("在业") == "active"
    assert v.status("注销") == "cancelled" and v.status("迁出") == "moved_out"
    assert v.qualifications("高新技术企业、科技型中小企业") == ["hightech", "tech_sme"]
    assert v.qualifications("专精特新“小巨人”企业；高新") == ["little_giant", "hightech"]
    assert v.industry_code("I6513") == "6513" and v.industry_code(6513.0) == "6513"
    assert v.floor("12层") == "12" and v.floor("12F") == "12" and v.floor("B1") == "-1"
    assert v.room("1203室") == "1203"
    assert v.phone("138-1234-5678") == "13812345678"
    with pytest.raises(v.Invalid, match="是 或 否"):
        v.flag("也许")
    with pytest.raises(v.Invalid, match="未识别：国家队"):
        v.qualifications("高新技术企业、国家队")


def test_a_money_column_is_parsed_as_each_cell_would_be():
    cells = [500.0, float("nan"), "500万元", None, 12.5, "100万美元", True, 0.1, "—"]
    values, problems = v.money_column(pd.Series(cells, dtype=object), unit=1e4)
    for cell, value, problem in zip(cells, values, problems, strict=True):
        if v.is_empty(cell):
            assert value is None and problem is None
            continue
        try:
            assert value == v.money(cell, unit=1e4) and problem is None
        except v.Invalid as exc:
            assert value is None and problem == str(exc)


def test_phones_already_plain_are_taken_as_phone_would_give_them():
    cells = ["13812345678", "１３８１２３４５６７８", "138 1234 5678", "+8613812345678", "12345",
             "0571-88888888", None, "无", 13812345678.0, "23812345678"]  # fmt: skip
    column = pd.Series(cells, dtype=object)
    fast = v.parse_column(column, v.phone, plain=v.PLAIN_MOBILE)
    slow = v.parse_column(column, v.phone)
    assert [list(a) for a in fast] == [list(a) for a in slow]
    assert fast[0][0] == "13812345678" and fast[0][1] == "13812345678"


def test_blank_cells_are_empty_not_errors():
    values, problems = v.parse_column(pd.Series(["", "—", "无", None, "35人"]), v.integer)
    assert list(values) == [None, None, None, None, 35]
    assert list(problems) == [None] * 5


def test_uscc_normalise_and_check():
    assert uscc.normalise(" ９１３３０１０６-ma2h0000-1e ".upper()) == U_YUNFAN
    assert uscc.problem(U_YUNFAN) is None
    assert "校验位" in (uscc.problem(typo(U_YUNFAN)) or "")
    assert "18位" in (uscc.problem("9133") or "")
    # A letter authority code in position 1 is valid (python-stdnum refuses it).
    assert uscc.is_valid(U_LETTER)


def test_look_alike_letters_are_repaired_only_when_that_gives_a_valid_code():
    assert uscc.repaired(U_YUNFAN.replace("0", "O")) == U_YUNFAN
    assert uscc.repaired(typo(U_YUNFAN)) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [("杭州云帆科技有限公司", "云帆（杭州）科技有限责任公司"),
     ("杭州云帆科技有限公司", " 杭州　云帆科技有限公司 "),
     ("云帆(杭州)科技有限公司", "云帆（杭州）科技有限公司"),
     ("杭州山东游戏开发有限公司", "山东（杭州）游戏开发有限公司")],
)  # fmt: skip
def test_name_variants_share_a_key(a, b):
    assert parse_name(a).key == parse_name(b).key


@pytest.mark.parametrize(
    ("a", "b"),
    [("杭州云帆科技有限公司", "浙江云帆科技有限公司"),
     ("杭州云帆科技有限公司", "杭州云帆科技有限公司西湖分公司"),
     ("杭州云帆科技有限公司西湖分公司", "杭州云帆科技有限公司古荡分公司"),
     ("杭州云帆投资管理有限公司", "杭州云帆投资管理合伙企业（有限合伙）")],
)  # fmt: skip
def test_different_firms_keep_different_keys(a, b):
    assert parse_name(a).key != parse_name(b).key


def test_a_roster_of_names_is_taken_apart_as_each_name_is():
    from benchmarks import roster

    names = [row[1] for row in roster.make_roster(3000, seed=5, mix="hard")[0]]
    names += ["上海阿拉网络科技有限公司杭州分公司", "云帆（中国）科技有限公司", "杭州", "a(b)"]
    shown = [display_name(n) for n in names]
    columns = parse_names(shown)
    for i, name in enumerate(shown):
        parts = parse_name(name)
        assert columns["key"][i] == parts.key and columns["core"][i] == parts.core, name
        assert columns["region_key"][i] == parts.region_key, name
        assert (columns["branch"][i], columns["form"][i]) == (parts.branch or "", parts.form)


def test_name_parts():
    parts = parse_name("上海阿拉网络科技有限公司杭州分公司")
    assert (parts.region, parts.core, parts.branch) == ("上海", "阿拉网络科技", "杭州分公司")
    assert split_name("杭州新生科技有限公司") == ("新生科技", "杭州", False)
    assert display_name(" 杭州　云帆 (杭州) 科技有限公司 ") == "杭州云帆（杭州）科技有限公司"


def test_header_synonyms():
    assert field_of("单位名称") == field_of("公司名称") == field_of("企业名称") == "name"
    assert field_of("社会信用代码") == field_of("信用代码") == "uscc"
    assert field_of("负责人") == field_of("法人") == "legal_rep"
    assert field_of("注册资金") == "registered_capital"
    assert field_of("法定代表人联系电话") == "contact_phone"
    assert clean_header("营业收入（万元）") == ("营业收入", 1e4)
    cols = map_columns(["单位名称", "联系电话", "手机号码", "说不清"])
    assert [c.field for c in cols] == ["name", "contact_phone", None, None]
