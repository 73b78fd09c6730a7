"""One input layer for the API and the forms: typed fields with their ranges, declared once
(pydantic), and the message that names a bad field in words an official reads.

Money and areas are finite and within bounds, dates lie between 1900 and fifty years from
today, text fits its column on every backend, ids fit the database's integers, and a field
the model does not know is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from qifutong.errors import QifutongError
from qifutong.timeutil import street_today
from qifutong.web.i18n import N_, translate

ID_MAX = 2**31 - 1  # a PostgreSQL integer
FIRST_DAY = date(1900, 1, 1)
YEARS_AHEAD = 50
MONEY_MAX = 1e13  # yuan: ten trillion
AREA_MAX = 1e7  # m²: ten square kilometres
COUNT_MAX = 10_000_000
PAGE_MAX = 1_000_000

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _blank_to_none(value: Any) -> Any:
    """An empty form field or "" in JSON means: no value."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def day_window() -> tuple[date, date]:
    """The dates an input may name: from 1900 to fifty years after the street's today."""
    today = street_today()
    return FIRST_DAY, date(today.year + YEARS_AHEAD, 12, 31)


def _within_years(day: date) -> date:
    first, last = day_window()
    if not first <= day <= last:
        raise ValueError(
            translate("应在 {first} 与 {last} 之间", first=first.isoformat(), last=last.isoformat())
        )
    return day


Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Page = Annotated[int, Field(ge=1, le=PAGE_MAX)]
PerPage = Annotated[int, Field(ge=1, le=500)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
Money = Annotated[float, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False)]
Area = Annotated[float, Field(gt=0, le=AREA_MAX, allow_inf_nan=False)]
Day = Annotated[date, AfterValidator(_within_years)]


def chars(max_length: int, min_length: int = 0) -> StringConstraints:
    """Text of at most `max_length` characters (stripped, as every input's text is):
    `Annotated[str, chars(200)]`."""
    return StringConstraints(min_length=min_length, max_length=max_length)


# A value that may be left out, null or blank: `Opt[Money]`.
Opt = Annotated[T | None, BeforeValidator(_blank_to_none)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unless_sent() -> Any:
    """The default of a field that may be left out of a change but never set to null."""
    return Field(default=None, json_schema_extra=_no_default)


class Input(BaseModel):
    """A request's input: unknown fields are refused by name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Query(BaseModel):
    """A query string: parameters the endpoint does not read are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class Paging(Query):
    page: Page = 1
    per_page: PerPage = 50


class InvalidInput(QifutongError, ValueError):
    """Input that does not fit its model: the first bad field and every problem found."""

    status = 422
    code = "invalid_field"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        self.field, self.message = problems[0]
        super().__init__(f"{self.field}: {self.message}")

    def api_error(self) -> dict[str, Any]:
        return {**super().api_error(), "field": self.field}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


_MESSAGES = {
    "missing": N_("必填"),
    "extra_forbidden": N_("不是可写字段"),
    "string_type": N_("应为文本"),
    "string_too_long": N_("不能超过 {max_length} 个字符"),
    "string_too_short": N_("不能为空"),
    "int_type": N_("应为整数"),
    "int_parsing": N_("应为整数"),
    "int_from_float": N_("应为整数"),
    "int_parsing_size": N_("应为整数（数值过大）"),
    "float_type": N_("应为数字"),
    "float_parsing": N_("应为数字"),
    "finite_number": N_("应为有限的数字"),
    "greater_than": N_("应大于 {gt}"),
    "greater_than_equal": N_("应不小于 {ge}"),
    "less_than": N_("应小于 {lt}"),
    "less_than_equal": N_("应不大于 {le}"),
    "bool_type": N_("应为 true 或 false"),
    "bool_parsing": N_("应为 true 或 false"),
    "date_type": N_("应为日期 YYYY-MM-DD"),
    "date_parsing": N_("应为日期 YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("应为日期 YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("应为日期 YYYY-MM-DD"),
    "literal_error": N_("应为 {expected} 之一，收到 {input}"),
    "enum": N_("应为 {expected} 之一，收到 {input}"),
    "list_type": N_("应为列表"),
    "too_long": N_("最多 {max_length} 项"),
    "dict_type": N_("应为对象"),
    "model_type": N_("应为对象"),
}


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error["ctx"]["error"]) if error.get("ctx") else str(error["msg"])
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error["msg"])
    ctx = {
        k: (f"{v:g}" if isinstance(v, float) else str(v).replace(" or ", ", "))
        for k, v in (error.get("ctx") or {}).items()
    }
    ctx["input"] = repr(error.get("input"))[:40]
    try:
        return translate(template, **ctx)
    except (KeyError, ValueError):
        return str(error["msg"])


def problems_of(exc: ValidationError) -> list[tuple[str, str]]:
    return [(_where(e["loc"]), _message(e)) for e in exc.errors(include_url=False)]


def holds_nul(value: Any) -> bool:
    """Text with a NUL character anywhere in it (PostgreSQL can store none)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_nul(v) for v in value)
    return False


NUL_MESSAGE = N_("不能包含空字符（\\0）")


def parse(model: type[M], data: Any) -> M:
    """`data` as `model`, or InvalidInput naming each bad field."""
    if not isinstance(data, dict):
        raise InvalidInput([("body", translate("应为 JSON 对象"))])
    nul = translate(NUL_MESSAGE)
    bad = [(str(k), nul) for k, v in data.items() if holds_nul(k) or holds_nul(v)]
    if bad:
        raise InvalidInput(bad)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc)) from exc


def given(model: BaseModel) -> dict[str, Any]:
    """The fields the caller sent (for a partial update), with their parsed values."""
    return {name: getattr(model, name) for name in model.model_fields_set}


# --- Query-string and form values on pages (werkzeug's `type=`: ValueError → the default) ----


def db_id(raw: str) -> int:
    """A record id: a whole number the database's ids can hold."""
    value = int(raw)
    if not 1 <= value <= ID_MAX:
        raise ValueError(raw)
    return value


def page_number(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= PAGE_MAX:
        raise ValueError(raw)
    return value


def whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""

    def read(raw: str) -> int:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(raw)
        return value

    return read
