"""What an indicator's computation returns, and the context it reads its data from.

The context loads each DataFrame once (lazily) and shares it among all indicators of one
cockpit computation; the per-indicator functions in calc_*.py are pandas over those frames."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboards.period import Filters, Period, add_months, month_end


@dataclass(frozen=True)
class Item:
    """One bar, slice or point of a chart; `segment` narrows the records when clicked."""

    label: str
    value: float | None
    segment: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Value:
    """An indicator's figure for one period, filters and scope."""

    value: float | None
    as_of: date | None
    reason: str | None = None  # why there is no value (or a caveat on it)
    items: list[Item] = field(default_factory=list)
    series: dict[str, list[Any]] | None = None  # monthly trend: months, current, previous
    growth: float | None = None  # y/y in percent, where the indicator has one
    source: str | None = None  # the data's own source (imported statistics)
    extra: dict[str, float | None] = field(default_factory=dict)  # secondary figures


@dataclass(frozen=True)
class Settings:
    tax_swing: float = 0.30  # |y/y| share that raises a tax swing alert
    swing_min_base: float = 500_000.0  # last year's tax (yuan) below which no alert is raised
    billion_tax: float = 1.0e8  # 亿元楼: a building's twelve-month tax at or above this
    billion_watch: float = 0.8  # near-threshold watch list from this share of it
    red: int = 30
    amber: int = 60
    blue: int = 90


def settings_from(config: Mapping[str, Any]) -> Settings:
    return Settings(
        tax_swing=float(config.get("QIFUTONG_TAX_SWING", 0.30)),
        swing_min_base=float(config.get("QIFUTONG_TAX_SWING_MIN_BASE", 500_000.0)),
        billion_tax=float(config.get("QIFUTONG_BILLION_TAX", 1.0e8)),
        billion_watch=float(config.get("QIFUTONG_BILLION_WATCH", 0.8)),
        red=int(config.get("QIFUTONG_LEASE_RED_DAYS", 30)),
        amber=int(config.get("QIFUTONG_LEASE_AMBER_DAYS", 60)),
        blue=int(config.get("QIFUTONG_LEASE_BLUE_DAYS", 90)),
    )


Loader = Callable[["Context"], Any]


class Context:
    """Period, filters, scope and today's date, plus the frames loaded so far."""

    def __init__(
        self,
        period: Period,
        filters: Filters,
        scope: frozenset[int] | None,
        today: date,
        settings: Settings,
        loaders: Mapping[str, Loader] | None = None,
        frames: Mapping[str, Any] | None = None,
        finance: bool = True,
    ) -> None:
        self.finance = finance  # may read firms' tax and revenue (street and admin)
        self.period = period
        self.filters = filters
        self.scope = scope
        self.today = today
        self.settings = settings
        self._loaders = dict(loaders or {})
        self._frames: dict[str, Any] = dict(frames or {})
        self._memo: dict[Any, Any] = {}
        self._pending: dict[str, Future[Any]] = {}

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value worked out once per computation (masks and subsets shared by indicators)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def has_frame(self, name: str) -> bool:
        return name in self._frames or name in self._pending

    def put_pending(self, name: str, future: Future[Any]) -> None:
        """A frame being read elsewhere; frame(name) waits for it."""
        self._pending[name] = future

    def frame(self, name: str) -> Any:
        if name not in self._frames:
            pending = self._pending.pop(name, None)
            self._frames[name] = pending.result() if pending else self._loaders[name](self)
        return self._frames[name]

    @property
    def econ_end(self) -> date | None:
        """The last month of the period with economic records (None: no data in the period)."""
        latest = self.frame("latest_month")
        if latest is None:
            return None
        end = min(self.period.end, latest)
        return end if end >= self.period.start else None

    @property
    def econ_as_of(self) -> date | None:
        end = self.econ_end
        return month_end(end) if end else None

    @property
    def days(self) -> tuple[date, date]:
        return self.period.days(self.today)

    @property
    def prev_days(self) -> tuple[date, date]:
        first, last = self.days
        return first.replace(year=first.year - 1), _minus_year(last)

    def econ_months(self) -> tuple[list[date], list[date]]:
        """The period's months with data, and the same months a year earlier."""
        end = self.econ_end
        if end is None:
            return [], []
        cur, m = [], self.period.start
        while m <= end:
            cur.append(m)
            m = add_months(m, 1)
        return cur, [add_months(x, -12) for x in cur]


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def in_days(col: pd.Series, first: date, last: date) -> pd.Series:
    """Dates (datetime64) from first to last inclusive."""
    return (col >= pd.Timestamp(first)) & (col <= pd.Timestamp(last))


def share(part: float, whole: float) -> float | None:
    return part / whole * 100.0 if whole else None
