"""Amounts and their units in the current locale: Chinese officials read money in 万元 and
亿元; English readers get yuan in thousands (k) and millions (M), and units as words."""

from __future__ import annotations

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
    return UNITS.get(text, translate(text))


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
