"""Reading typed values from what people type or spreadsheets hold: pure functions.

Each parser returns the value or raises FieldError with the reason in Chinese."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from qifutong.errors import QifutongError
from qifutong.inputs import MONEY_MAX, day_window
from qifutong.spreadsheets.sheets import cell_text
from qifutong.web.i18n import Message, Phrase


class FieldError(QifutongError, ValueError):
    """A value that does not fit its field; `field` names it, the message says what was expected."""

    status = 422
    code = "invalid_field"

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXCEL_EPOCH = date(1899, 12, 30)


def text(value: object) -> str:
    """Stripped text as written (names and notes keep their full-width punctuation)."""
    return cell_text(value)


def folded(value: object) -> str:
    """Stripped text with full-width forms folded: for codes, floors, rooms, numbers, dates."""
    return unicodedata.normalize("NFKC", text(value)).strip()


def parse_date(field: str, value: object, required: bool = True) -> date | None:
    """2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630, an Excel date or serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day number (1954–2119)
            return EXCEL_EPOCH + timedelta(days=int(value))
        value = text(value)
    raw = folded(value)
    if re.fullmatch(r"\d{5}", raw):  # an Excel serial day read as text
        return parse_date(field, int(raw), required)
    if not raw:
        if required:
            raise FieldError(field, Phrase("不能为空，应为日期（如 2025-06-30）"))
        return None
    raw = raw.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", raw) else raw
    m = _DATE.match(raw) or _COMPACT.match(raw)
    if m:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
        else:
            first, last = day_window()
            if not first <= day <= last:
                raise FieldError(
                    field,
                    Phrase(
                        "“{value}”应在 {first} 与 {last} 之间",
                        {"value": raw, "first": first, "last": last},
                    ),
                )
            return day
    raise FieldError(
        field, Phrase("“{value}”不是有效日期，应为 年-月-日（如 2025-06-30）", {"value": raw})
    )


def parse_number(
    field: str,
    value: object,
    required: bool = True,
    positive: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | None:
    """A number; thousands separators, ㎡ and 元 are tolerated."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raw = folded(value).replace(",", "")  # NFKC has turned ㎡ and m² into m2
        raw = re.sub(r"(m2|平方米|平米|元)$", "", raw.strip()).strip()
        if not raw:
            if required:
                raise FieldError(field, Phrase("不能为空，应为数字"))
            return None
        try:
            number = float(raw)
        except ValueError:
            raise FieldError(field, Phrase("“{value}”不是数字", {"value": text(value)})) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise FieldError(field, Phrase("应为有限的数字"))
    if abs(number) > (maximum if maximum is not None else MONEY_MAX):
        raise FieldError(field, Phrase("数值过大（{number}）", {"number": format(number, "g")}))
    if positive and number <= 0:
        raise FieldError(field, Phrase("应大于 0，实为 {number}", {"number": format(number, "g")}))
    if minimum is not None and number < minimum:
        raise FieldError(
            field,
            Phrase(
                "应不小于 {minimum}，实为 {number}",
                {"minimum": format(minimum, "g"), "number": format(number, "g")},
            ),
        )
    return number


def parse_int(field: str, value: object, required: bool = False) -> int | None:
    number = parse_number(field, value, required=required)
    if number is None:
        return None
    if not float(number).is_integer():
        raise FieldError(field, Phrase("应为整数，实为 {number}", {"number": format(number, "g")}))
    return int(number)


def parse_choice(field: str, value: object, choices: dict[str, str], default: str) -> str:
    """A code from `choices` (code → Chinese label); either the code or the label is accepted."""
    raw = text(value)
    if not raw:
        return default
    if raw.lower() in choices:
        return raw.lower()
    for code, label in choices.items():
        if raw == label:
            return code
    allowed = [Phrase(label) for label in choices.values()]
    raise FieldError(
        field, Phrase("“{value}”不是可选值，应为：{allowed}", {"value": raw, "allowed": allowed})
    )
