"""Cell values as streets type them → clean values (pure). Each parser returns the value or
raises Invalid with what was expected, in Chinese, for the report."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from qifutong.errors import QifutongError
from qifutong.industry import industry_names, section_of
from qifutong.matching.vocabulary import QUALIFICATION_LABELS, QUALIFICATION_NAMES
from qifutong.web.i18n import N_, join, term, translate

EMPTY = frozenset(
    {"", "-", "--", "—", "——", "/", "\\", "无", "null", "none", "nan", "n/a", "na", "暂无", "不详"}
)
QUALIFICATIONS = QUALIFICATION_NAMES
_QUAL_LOOKUP = {
    re.sub(r"[\s“”\"'‘’]", "", n): code for code, names in QUALIFICATIONS.items() for n in names
}
SIZES = {
    "大型": "large",
    "大": "large",
    N_("大型企业"): "large",
    "中型": "medium",
    "中": "medium",
    N_("中型企业"): "medium",
    "小型": "small",
    "小": "small",
    N_("小型企业"): "small",
    "微型": "micro",
    "微": "micro",
    N_("微型企业"): "micro",
    "小微": "micro",
    "未划型": "na",
    "large": "large",
    "medium": "medium",
    "small": "small",
    "micro": "micro",
}
STATUSES = {
    "存续": "active",
    "在业": "active",
    "开业": "active",
    "在营": "active",
    "正常": "active",
    "营业": "active",
    "存续(在营、开业、在册)": "active",
    "迁出": "moved_out",
    N_("已迁出"): "moved_out",
    "迁移": "moved_out",
    "注销": "cancelled",
    N_("已注销"): "cancelled",
    "吊销": "cancelled",
    "吊销,未注销": "cancelled",
    "撤销": "cancelled",
    "active": "active",
    "moved_out": "moved_out",
    "cancelled": "cancelled",
}
STAGES = {N_("初创期"): "startup", "初创": "startup", N_("成长期"): "growth", "成长": "growth"}
STAGES |= {N_("成熟期"): "mature", "成熟": "mature", "startup": "startup", "growth": "growth"}
STAGES |= {"mature": "mature"}
TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对", "t"})
FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "f", "不是"})

_MONEY = re.compile(
    r"^(?P<num>[-+]?\d+(?:\.\d*)?)(?P<unit>亿|万|千|百)?(?P<cur>元|人民币|rmb|cny|美元|usd"
    r"|港元|港币|hkd|欧元|eur|日元|jpy)?(?:人民币|元)?$"
)
_DATE_TEXT = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?)?"
    r"\s*(?:月)?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_INT = re.compile(r"^(?P<num>\d+(?:\.0+)?)(?:人|个|件|项|名|位)?$")
_FLOOR = re.compile(r"^(?P<neg>负|-|b|地下)?(?P<num>\d{1,3})(?:层|楼|f|l)?$")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_EXCEL_EPOCH = date(1899, 12, 30)
_LIST_SEP = re.compile(r"[、,，;；/|\n]+|\s{2,}")
_QUOTES = re.compile(r"[\s“”\"'‘’]")
_ROOM_SUFFIX = re.compile(r"(室|房|号房|号)$")
_PHONE_NOISE = re.compile(r"[-()（）\s]")
_MOBILE = re.compile(r"(\+?86)?1[3-9]\d{9}")
PLAIN_MOBILE = re.compile("1[3-9][0-9]{9}")  # a mobile number as phone() gives it
_LANDLINE = re.compile(r"0\d{9,11}(\d{1,4})?|\d{7,8}")


class Invalid(QifutongError, ValueError):
    """A value that does not fit; the message says what was expected."""

    status = 422
    code = "invalid_value"


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return len(value) <= 12 and "".join(value.split()).lower() in EMPTY
    if isinstance(value, float):
        return value != value  # NaN
    return False


def nfkc(value: Any) -> str:
    """A cell as text: NFKC (full-width → half-width), spaces collapsed, trimmed."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat()
    else:
        text = str(value)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def text(value: Any) -> str:
    return nfkc(value)


def compact(value: Any) -> str:
    """Text with no spaces at all (codes, rooms, names of people)."""
    return "".join(nfkc(value).split())


def money(value: Any, unit: float = 1.0) -> float:
    """Yuan from 500万元, 5,000,000元, 500万人民币, 1.2亿 or a number in the column's unit."""
    if isinstance(value, bool):
        raise Invalid(translate("金额，如 500万元 或 5000000"))
    if isinstance(value, int | float):
        return float(value) * unit
    raw = compact(value).lower().replace(",", "").replace("，", "")
    m = _MONEY.match(raw)
    if not m:
        raise Invalid(translate("金额，如 500万元、5,000,000元 或 500万人民币"))
    amount = float(m.group("num"))
    scale = {"亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}.get(m.group("unit") or "", 0.0)
    cur = m.group("cur") or ""
    if cur not in ("", "元", "人民币", "rmb", "cny"):
        raise Invalid(translate("人民币金额（外币金额请折算为人民币）"))
    if scale:
        return amount * scale
    # "500元" is yuan; a bare number follows the column's unit (万元 headers).
    return amount if cur else amount * unit


def money_column(values: pd.Series, unit: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A money column parsed as money() parses each cell (numbers all at once)."""
    return parse_column(values, partial(money, unit=unit), numbers=lambda x: x * unit)


def excel_serial(value: float) -> date:
    if not 1 <= value < 2958466:
        raise Invalid(translate("日期，如 2019-03-01、2019/3/1 或 2019年3月1日"))
    return _EXCEL_EPOCH + timedelta(days=int(value))


def a_date(value: Any) -> date:
    """A date from an Excel date, an Excel serial number or text (2019-03-01, 2019/3/1,
    2019年3月1日, 2019.3.1, 20190301)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231:
            value = str(int(value))
        else:
            if 10000 <= value < 80000:
                return excel_serial(float(value))
            raise Invalid(translate("日期，如 2019-03-01、2019/3/1 或 2019年3月1日"))
    raw = nfkc(value)
    m = _DATE_TEXT.match(raw) or _DATE_COMPACT.match(raw)
    if not m:
        raise Invalid(translate("日期，如 2019-03-01、2019/3/1 或 2019年3月1日"))
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d") or 1))
    except ValueError as exc:
        raise Invalid(translate("存在的日期，如 2019-03-01")) from exc


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid(translate("整数，如 25"))
    if isinstance(value, int | float):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise Invalid(translate("不小于 0 的整数，如 25"))
    m = _INT.match(compact(value).replace(",", ""))
    if not m:
        raise Invalid(translate("不小于 0 的整数，如 25 或 25人"))
    return int(float(m.group("num")))


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise Invalid(translate("是 或 否"))
    raw = compact(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise Invalid(translate("是 或 否"))


def size_class(value: Any) -> str:
    raw = compact(value).lower()
    if raw in SIZES:
        return SIZES[raw]
    raise Invalid(translate("企业规模：大型、中型、小型或微型"))


def status(value: Any) -> str:
    raw = compact(value).replace("（", "(").replace("）", ")").replace("，", ",")
    if raw.lower() in STATUSES:
        return STATUSES[raw.lower()]
    for word, code in STATUSES.items():
        if len(word) >= 2 and raw.startswith(word):
            return code
    raise Invalid(translate("登记状态：存续（在业）、迁出或注销"))


def stage(value: Any) -> str:
    raw = compact(value).lower()
    if raw in STAGES:
        return STAGES[raw]
    raise Invalid(translate("发展阶段：初创期、成长期或成熟期"))


def qualifications(value: Any) -> list[str]:
    """Codes of the qualifications named in a cell (高新技术企业、科技型中小企业 …)."""
    parts = [p for p in _LIST_SEP.split(nfkc(value)) if p.strip()]
    codes: list[str] = []
    unknown = []
    for part in parts:
        key = _QUOTES.sub("", part)
        code = _QUAL_LOOKUP.get(key)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise Invalid(
            translate(
                "资质名称（{names}），未识别：{unknown}",
                names=join([term(n) for n in QUALIFICATION_LABELS.values()]),
                unknown=join(unknown),
            )
        )
    return codes


def industry_code(value: Any) -> str:
    """A GB/T 4754-2017 code: section letter, 2-digit division, 3-digit group or 4-digit class;
    a class written with its section letter (I6513) is taken as the class."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = compact(value).upper()
    if len(raw) > 1 and raw[0].isalpha() and raw[1:].isdigit():
        raw = raw[1:] if section_of(raw[1:]) == raw[0] else "?"
    if raw.isdigit() and len(raw) in (2, 3, 4) and section_of(raw):
        return raw
    if len(raw) == 1 and raw in industry_names():
        return raw
    raise Invalid(translate("国民经济行业代码（GB/T 4754-2017），如 6513 或 I"))


def industry_by_name(value: Any) -> str:
    raw = compact(value)
    for code, name in industry_names().items():
        if name == raw:
            return code
    raise Invalid(
        translate("国民经济行业门类或大类名称（GB/T 4754-2017），如 软件和信息技术服务业")
    )


def floor(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return str(int(value))
        raise Invalid(translate("楼层，如 12、12层 或 B1"))
    raw = compact(value).lower()
    m = _FLOOR.match(raw)
    if not m:
        raise Invalid(translate("楼层，如 12、12层 或 B1"))
    return ("-" if m.group("neg") else "") + str(int(m.group("num")))


def room(value: Any) -> str:
    raw = compact(value)
    raw = _ROOM_SUFFIX.sub("", raw)
    if not raw or len(raw) > 32:
        raise Invalid(translate("房号，如 1203 或 1203室"))
    return raw.upper()


def phone(value: Any) -> str:
    raw = compact(value)
    digits = _PHONE_NOISE.sub("", raw)
    if _MOBILE.fullmatch(digits):
        return digits[-11:]
    if _LANDLINE.fullmatch(digits):
        return raw
    raise Invalid(translate("电话号码，如 13812345678 或 0571-88888888"))


def email(value: Any) -> str:
    raw = compact(value).lower()
    if _EMAIL.match(raw):
        return raw
    raise Invalid(translate("电子邮箱，如 name@example.com"))


def parse_column(
    values: pd.Series,
    parser: Callable[[Any], Any],
    numbers: Callable[[np.ndarray], np.ndarray] | None = None,
    plain: re.Pattern[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column once per distinct value: (values, problems), both object arrays with
    None where the cell was empty (value) or fine (problem). With `numbers`, the cells that
    are floats are parsed by it all at once (it must give what `parser` gives for each);
    texts that fully match `plain` are already as `parser` would give them."""
    n = len(values)
    out = np.full(n, None, dtype=object)
    problems = np.full(n, None, dtype=object)
    cells = values.to_numpy(dtype=object)
    if numbers is not None:
        is_float = np.fromiter((type(x) is float for x in cells.tolist()), dtype=bool, count=n)
        if is_float.any():
            at = np.flatnonzero(is_float)
            x = cells[at].astype(np.float64)
            known = ~np.isnan(x)  # NaN is an empty cell
            out[at[known]] = numbers(x[known]).astype(object)
            cells = np.where(is_float, None, cells)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    if len(uniques) == 0:
        return out, problems
    parsed: list[Any] = []
    issues: list[str | None] = []
    as_given = plain.fullmatch if plain is not None else None
    for raw in uniques.tolist():
        if as_given is not None and type(raw) is str and as_given(raw):
            parsed.append(raw)
            issues.append(None)
            continue
        if is_empty(raw):
            parsed.append(None)
            issues.append(None)
            continue
        try:
            parsed.append(parser(raw))
            issues.append(None)
        except Invalid as exc:
            parsed.append(None)
            issues.append(str(exc))
    ok = codes >= 0
    # fromiter: a parsed value that is a list stays one object.
    out[ok] = np.fromiter(parsed, dtype=object, count=len(parsed))[codes[ok]]
    problems[ok] = np.fromiter(issues, dtype=object, count=len(issues))[codes[ok]]
    return out, problems
