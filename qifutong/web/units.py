"""Amounts and their units in the current locale: Chinese officials read money in 万元 and
亿元; English readers get yuan in thousands (k) and millions (M), and units as words."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from qifutong.web.i18n import current_locale, translate

# A unit shown beside a number the page has already scaled (a column in 万元, an axis in 亿元).
UNITS = {
    "元": "yuan",
    "万元": "10k yuan",
    "亿元": "100M yuan",
    "人": "people",
    "家": "firms",
    "栋": "buildings",
    "个月": "months",
    "年": "years",
    "天": "days",
    "个": "",
    "件": "",
    "份": "",
    "条": "",
    "项": "items",
    "次": "times",
    "户": "firms",
    "套": "units",
    "间": "units",
    "㎡": "m²",
    "平方米": "m²",
    "万㎡": "10k m²",
    "元/㎡·天": "yuan/m²/day",
    "元/㎡/天": "yuan/m²/day",
    "元/平方米/天": "yuan/m²/day",
    "%": "%",
}


def unit(text: str) -> str:
    """A unit alone, in the current locale ("万元" → "10k yuan")."""
    if current_locale() != "en":
        return text
    found = UNITS.get(text)  # "个" and the like have no English word: the number says it
    return found if found is not None else translate(text)


def with_unit(number: str, text: str) -> str:
    """A number followed by its unit ("32 人" / "32 people"; "12.5%" stays as it is)."""
    word = unit(text)
    if not word:
        return number
    if word == "%":
        return f"{number}%"
    return f"{number} {word}"


def english_money(value: float) -> str:
    v = float(value)
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.2f}M yuan"
    if abs(v) >= 1e4:
        return f"{v / 1e3:,.1f}k yuan"
    return f"{v:,.0f} yuan"


def money(value: float | None) -> str:
    """Yuan shown in 万元 or 亿元 as officials read them (in English: k and M yuan)."""
    if value is None:
        return "—"
    v = float(value)
    if current_locale() == "en":
        return english_money(v)
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f} 亿元"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.1f} 万元"
    return f"{v:,.0f} 元"


@dataclass(frozen=True)
class MoneyUnit:
    """The one unit a column of amounts or a chart axis shows yuan in."""

    name: str  # 元, 万元 or 亿元
    factor: float  # yuan per unit
    digits: int

    def scale(self, yuan: float | None) -> float | None:
        """An amount in yuan as a number of this unit."""
        if yuan is None or math.isnan(float(yuan)):
            return None
        return float(yuan) / self.factor

    def number(self, yuan: float | None) -> str:
        """The amount in this unit, without the unit ("15,000.00"); "—" when unknown."""
        v = self.scale(yuan)
        return "—" if v is None else f"{v:,.{self.digits}f}"

    def label(self) -> str:
        """The unit in the current locale ("万元" / "10k yuan")."""
        return unit(self.name)

    def header(self, label: str) -> str:
        """A column heading with its unit: 本期税收（万元） / Tax (10k yuan)."""
        if current_locale() == "en":
            return f"{label} ({self.label()})"
        return f"{label}（{self.name}）"


YUAN = MoneyUnit("元", 1.0, 0)
WAN = MoneyUnit("万元", 1e4, 2)
YI = MoneyUnit("亿元", 1e8, 2)


def money_unit(amounts: Iterable[float | None]) -> MoneyUnit:
    """The unit for a whole column or axis of yuan amounts, from its values: 亿元 when the
    typical (median) amount reaches 1 亿, 万元 when the largest reaches 1 万, else 元."""
    known = sorted(
        abs(float(v)) for v in amounts if v is not None and not math.isnan(float(v)) and v != 0
    )
    if not known:
        return WAN
    median = known[len(known) // 2]
    if median >= YI.factor:
        return YI
    if known[-1] >= WAN.factor:
        return WAN
    return YUAN
