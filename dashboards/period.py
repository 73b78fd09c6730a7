"""The cockpit's period and filters: pure date arithmetic, no database."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from qifutong.web.i18n import N_, Phrase, current_locale

PRESETS = {
    "ytd": N_("本年累计"),
    "last_month": N_("上月"),
    "last_12": N_("近12个月"),
    "last_year": N_("上年全年"),
    "custom": N_("自定义"),
}


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    """The first day of the month `n` months from d's month."""
    index = d.year * 12 + (d.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def months_between(start: date, end: date) -> list[date]:
    """First days of the months from start's to end's, inclusive."""
    out, m = [], month_start(start)
    while m <= end:
        out.append(m)
        m = add_months(m, 1)
    return out


def parse_month(text: str) -> date:
    """'2026-03' (or '2026-3', '2026/03', '2026年3月') → date(2026, 3, 1)."""
    t = text.strip().replace(N_("年"), "-").replace("月", "").replace("/", "-").replace(".", "-")
    parts = [p for p in t.split("-") if p]
    wrong = ValueError(Phrase("“{text}”不是月份，应写作 2026-03 这样的年-月", {"text": text}))
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        raise wrong
    year, month = int(parts[0]), int(parts[1])
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        raise wrong
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    """Whole months from `start` to `end` (first days, inclusive)."""

    start: date
    end: date
    preset: str = "custom"

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    def shifted(self, years: int) -> Period:
        return replace(
            self, start=add_months(self.start, 12 * years), end=add_months(self.end, 12 * years)
        )

    def last_day(self) -> date:
        return month_end(self.end)

    def days(self, today: date) -> tuple[date, date]:
        """The period's first and last day, the last day not after today."""
        return self.start, min(self.last_day(), today)

    def label(self) -> str:
        if current_locale() == "en":
            first, last = f"{self.start:%Y-%m}", f"{self.end:%Y-%m}"
            return first if first == last else f"{first} to {last}"
        if self.start == self.end:
            return f"{self.start.year}年{self.start.month}月"
        if self.start.year == self.end.year:
            return f"{self.start.year}年{self.start.month}–{self.end.month}月"
        return f"{self.start.year}年{self.start.month}月–{self.end.year}年{self.end.month}月"

    def param(self) -> dict[str, str]:
        if self.preset != "custom":
            return {"period": self.preset}
        return {
            "period": "custom",
            "from": self.start.strftime("%Y-%m"),
            "to": self.end.strftime("%Y-%m"),
        }


def preset_period(name: str, today: date) -> Period:
    this = month_start(today)
    if name == "last_month":
        m = add_months(this, -1)
        return Period(m, m, name)
    if name == "last_12":
        return Period(add_months(this, -12), add_months(this, -1), name)
    if name == "last_year":
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 1), name)
    return Period(date(today.year, 1, 1), this, "ytd")


def default_preset(today: date) -> str:
    """This year to date; in January, when this year has no month of figures yet, last year."""
    return "last_year" if today.month == 1 else "ytd"


def period_from_args(args: Mapping[str, str], today: date) -> Period:
    """The period asked for in a query string; by default this year to date (last year in
    January)."""
    name = args.get("period") or default_preset(today)
    if name == "custom" or (args.get("from") and name not in PRESETS):
        start = parse_month(args.get("from") or "")
        end = parse_month(args.get("to") or args.get("from") or "")
        if end < start:
            start, end = end, start
        return Period(start, min(end, month_start(today)), "custom")
    if name not in PRESETS:
        raise ValueError(
            Phrase(
                "统计期间“{name}”无法识别，应为：{known}",
                {"name": name, "known": ", ".join(PRESETS)},
            )
        )
    return preset_period(name, today)


@dataclass(frozen=True)
class Filters:
    building_id: int | None = None
    section: str | None = None  # GB/T 4754 section letter

    def param(self) -> dict[str, str]:
        out = {}
        if self.building_id:
            out["building"] = str(self.building_id)
        if self.section:
            out["industry"] = self.section
        return out


def filters_from_args(args: Mapping[str, str]) -> Filters:
    raw_b = (args.get("building") or "").strip()
    raw_s = (args.get("industry") or "").strip().upper()
    if raw_b and not (raw_b.isascii() and raw_b.isdigit() and 0 < int(raw_b) < 2**31):
        raise ValueError(f"building must be a building id, got {raw_b[:20]!r}")
    if raw_s and not (len(raw_s) == 1 and raw_s.isalpha()):
        raise ValueError(f"industry must be a GB/T 4754 section letter (A–T), got {raw_s[:20]!r}")
    return Filters(int(raw_b) if raw_b else None, raw_s or None)


def growth(current: float | None, previous: float | None) -> float | None:
    """Year-on-year change in percent; None where last year's figure is missing or zero."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / abs(previous) * 100.0
