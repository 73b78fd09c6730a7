"""Monthly economic records, building-tax calibration, size classes and qualifications."""

from __future__ import annotations

import math

import numpy as np
from _gen_common import SEED, calendar_month, rng_for
from _gen_firms import Firm
from _gen_industry import PROFILES, above_scale_threshold, size_class

MONTHS = np.arange(-24, 0)  # month offsets −24 … −1
LAST12 = MONTHS >= -12
BILLION_TAX = 1.0e8
NEAR_TARGETS = {"GD01": 0.93e8, "GD20": 0.86e8}
BUILDING_CAP = (0.45e8, 0.74e8)  # other buildings stay clearly below the 亿元楼 watch list

# Calendar seasonality (index 0 = January): revenue dips at Spring Festival and peaks in
# December; tax adds corporate-income-tax prepayments in Jan/Apr/Jul/Oct and the May settlement.
REVENUE_SEASON = np.array([0.95, 0.72, 1.0, 1.0, 1.02, 1.06, 0.98, 0.97, 1.03, 1.0, 1.05, 1.22])
TAX_SEASON = np.array([1.25, 0.80, 0.85, 1.15, 1.20, 0.90, 1.15, 0.85, 0.85, 1.15, 0.85, 1.00])

_TAX_RATE = {p.key: p.tax_rate for p in PROFILES}


def month_of_day(offset_days: int) -> int:
    """Approximate month offset holding a day offset (−1 … −30 days → month −1)."""
    return -(math.floor(-offset_days / 30.44) + 1)


def _growth(rng, firm: Firm) -> float:
    roll = rng.random()
    if firm.anchor:
        return rng.uniform(0.05, 0.18)
    if roll < 0.08 or (firm.age_years < 3 and roll < 0.25):
        return rng.uniform(0.30, 0.90)
    if roll < 0.14:
        return rng.uniform(-0.60, -0.30)
    if roll < 0.30:
        return rng.gauss(0.0, 0.12)
    return rng.gauss(0.06, 0.08)


def record_window(firm: Firm) -> tuple[int, int] | None:
    """First and last month offset with a record, or None (never operated here in the window)."""
    if firm.moved_in is None:
        return None
    start = max(-24, month_of_day(firm.moved_in))
    end = -1 if firm.moved_out is None else month_of_day(firm.moved_out)
    return (start, end) if end >= start else None


class Economy:
    """Monthly series per firm, kept as numpy arrays over month offsets −24 … −1."""

    def __init__(self, firms: list[Firm]) -> None:
        self.rng = rng_for("economy")
        self.np_rng = np.random.default_rng(SEED)
        self.firms = firms
        self.revenue: dict[str, np.ndarray] = {}
        self.tax: dict[str, np.ndarray] = {}
        self.local: dict[str, float] = {}
        self.heads: dict[str, np.ndarray] = {}
        self.window: dict[str, tuple[int, int]] = {}
        cal = np.array([calendar_month(int(m)) - 1 for m in MONTHS])
        self.rev_season, self.tax_season = REVENUE_SEASON[cal], TAX_SEASON[cal]

    def build(self) -> None:
        for f in self.firms:
            lo, hi = _TAX_RATE.get(f.profile, (0.03, 0.07))
            f.tax_rate = self.rng.uniform(lo, hi)
            f.local_share = self.rng.uniform(0.30, 0.45)
            f.growth = _growth(self.rng, f)
            self._series(f)
            win = record_window(f)
            if win is not None:
                self.window[f.key] = win

    def _series(self, f: Firm) -> None:
        t = (MONTHS + 6.5) / 12.0  # years from the middle of the last 12 months
        sigma = 0.06 if f.tier in ("large", "medium") else 0.18
        noise = self.np_rng.lognormal(0.0, sigma, MONTHS.size)
        trend = (1.0 + f.growth) ** t
        rev = f.base_revenue / 12.0 * trend * self.rev_season * noise
        rev = rev / rev[LAST12].sum() * f.base_revenue  # last 12 months = base revenue
        tax_noise = self.np_rng.lognormal(0.0, sigma * 0.8, MONTHS.size)
        tax = rev * f.tax_rate * self.tax_season * tax_noise
        head_trend = (1.0 + 0.4 * f.growth) ** ((MONTHS + 1) / 12.0)
        heads = f.headcount * head_trend * self.np_rng.normal(1.0, 0.015, MONTHS.size)
        heads[-1] = f.headcount
        self.revenue[f.key], self.tax[f.key] = rev, tax
        self.heads[f.key] = np.maximum(1, np.rint(heads))

    def scale(self, f: Firm, factor: float) -> None:
        self.revenue[f.key] = self.revenue[f.key] * factor
        self.tax[f.key] = self.tax[f.key] * factor

    def tax12(self, f: Firm) -> float:
        win = self.window.get(f.key)
        if win is None:
            return 0.0
        mask = LAST12 & (win[0] <= MONTHS) & (win[1] >= MONTHS)
        return float(self.tax[f.key][mask].sum())

    def calibrate_buildings(self, buildings: list[str]) -> None:
        """Three 亿元楼 through their anchors, two near it, every other building below a cap."""
        tenants: dict[str, list[Firm]] = {b: [] for b in buildings}
        for f in self.firms:
            if f.building_code and f.status == "active":
                tenants[f.building_code].append(f)
        for f in self.firms:
            if f.anchor == "mega":
                self.scale(f, f.anchor_tax / self.tax12(f))
        for code, firms in tenants.items():
            near = next((f for f in firms if f.anchor == "near"), None)
            cap = NEAR_TARGETS[code] * 0.45 if near else self.rng.uniform(*BUILDING_CAP)
            others = sorted((f for f in firms if not f.anchor), key=lambda f: -self.tax12(f))
            total = sum(self.tax12(f) for f in others)
            if any(f.anchor == "mega" for f in firms):
                continue
            while total > cap:
                top = others[0]
                excess = total - cap
                factor = max(0.35, 1 - excess / self.tax12(top))
                total -= self.tax12(top) * (1 - factor)
                self.scale(top, factor)
                others.sort(key=lambda f: -self.tax12(f))
            if near:
                self.scale(near, (NEAR_TARGETS[code] - total) / self.tax12(near))

    def finish(self) -> None:
        """Twelve-month figures, size class and above-scale flag of every firm."""
        for f in self.firms:
            win = self.window.get(f.key)
            if win is not None:
                mask = LAST12 & (win[0] <= MONTHS) & (win[1] >= MONTHS)
                n = int(mask.sum())
            else:
                n = 0
            if n:
                f.revenue12 = float(self.revenue[f.key][mask].sum()) * 12 / n
                f.tax12 = float(self.tax[f.key][mask].sum()) * 12 / n
            else:  # no records in the window: the register's own annual estimate
                f.revenue12 = float(self.revenue[f.key][LAST12].sum())
                f.tax12 = float(self.tax[f.key][LAST12].sum())
            f.size_class = size_class(f.industry_code, f.headcount, f.revenue12)
            threshold = above_scale_threshold(f.industry_code)
            f.above_scale = (
                threshold is not None
                and f.kind not in ("individual", "social", "institution", "other")
                and f.revenue12 >= max(threshold, 1.0)
            )

    def rows(self):
        """Rows of economic_records.csv.gz, ordered by firm key then month."""
        for f in self.firms:
            win = self.window.get(f.key)
            if win is None:
                continue
            rev, tax, heads = self.revenue[f.key], self.tax[f.key], self.heads[f.key]
            for i, m in enumerate(MONTHS):
                if win[0] <= m <= win[1]:
                    t = round(float(tax[i]))
                    yield [
                        f.uscc,
                        int(m),
                        round(float(rev[i])),
                        t,
                        round(t * f.local_share),
                        int(heads[i]),
                    ]


QUAL_RATES = [  # code, share of all firms
    ("hightech", 0.08),
    ("tech_sme", 0.12),
    ("specialised", 0.03),
    ("little_giant", 0.005),
    ("listed", 0.003),
    ("pre_ipo", 0.005),
    ("new_eagle", 0.02),
    ("rd_center", 0.01),
]
_TECH = {p.key: p.tech for p in PROFILES}
_SIZE_W = {"large": 6.0, "medium": 4.0, "small": 2.0, "micro": 0.6, "na": 0.5}


def assign_qualifications(firms: list[Firm]) -> None:
    """Exact shares per qualification, weighted toward tech industries and bigger firms."""
    rng = rng_for("qualifications")
    n = len(firms)
    eligible = [f for f in firms if f.kind in ("company", "branch") and f.status != "cancelled"]
    anchors = [f for f in firms if f.anchor == "mega"]
    anchors[0].qualifications += ["hightech", "listed", "rd_center"]
    anchors[1].qualifications += ["hightech", "rd_center"]
    anchors[2].qualifications += ["hightech", "pre_ipo"]
    # Little giants first: each of them is a specialised SME as well.
    for code, share in sorted(QUAL_RATES, key=lambda q: q[0] != "little_giant"):
        target = round(share * n) - sum(code in f.qualifications for f in firms)
        pool = [f for f in eligible if _qual_ok(code, f)]
        weights = [_qual_weight(code, f) for f in pool]
        for f in _weighted_sample(rng, pool, weights, target):
            f.qualifications.append(code)
            if code == "little_giant":
                f.qualifications.append("specialised")
    for f in firms:
        order = [c for c, _ in QUAL_RATES]
        f.qualifications.sort(key=order.index)
        if "listed" in f.qualifications:
            f.company_type = "股份有限公司（上市、自然人投资或控股）"


def _qual_ok(code: str, f: Firm) -> bool:
    if code in f.qualifications or (f.kind == "branch" and code in ("listed", "pre_ipo")):
        return False
    if code == "listed":
        return f.legal_form == "股份有限公司" and f.size_class in ("large", "medium")
    if code == "pre_ipo":
        return f.size_class in ("large", "medium") and "listed" not in f.qualifications
    if code == "tech_sme":
        return f.headcount <= 500 and f.revenue12 <= 2e8
    if code == "new_eagle":
        return f.age_years <= 6
    if code == "hightech":
        return f.age_years >= 1
    if code == "little_giant":
        return f.size_class in ("medium", "small")
    if code == "specialised":
        return f.size_class in ("medium", "small", "micro") and f.age_years >= 2
    return True


def _qual_weight(code: str, f: Firm) -> float:
    tech = _TECH.get(f.profile, 0.05) + 0.02
    size = _SIZE_W.get(f.size_class, 0.5)
    if code in ("listed", "pre_ipo", "rd_center"):
        return size**2 * (0.3 + tech)
    if code == "tech_sme":
        return tech * (1.5 if f.size_class in ("small", "medium") else 1.0)
    if code == "new_eagle":
        return tech * (2.0 if f.growth > 0.25 else 1.0)
    return tech * size


def _weighted_sample(rng, pool: list[Firm], weights: list[float], k: int) -> list[Firm]:
    """k distinct items, each drawn with probability proportional to its weight."""
    keyed = sorted(
        ((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True
    )
    return [pool[i] for _, i in keyed[: max(0, k)]]


def _draw(rng, mean: float) -> int:
    return 0 if mean <= 0 else int(rng.expovariate(1 / mean))


def finish_profiles(firms: list[Firm]) -> None:
    """IP counts, stage and growing firms' area needs."""
    rng = rng_for("profiles")
    for f in firms:
        tech = _TECH.get(f.profile, 0.05)
        boost = 1 + 4 * ("hightech" in f.qualifications) + 2 * ("specialised" in f.qualifications)
        scale = {"large": 8, "medium": 4, "small": 2}.get(f.size_class, 1)
        f.ip = (
            _draw(rng, tech * boost * scale * 1.5 * (rng.random() < 0.35 + 0.5 * tech)),
            _draw(rng, tech * boost * scale * 3 * (rng.random() < 0.3 + 0.6 * tech)),
            _draw(
                rng, scale * (1.5 if f.section in ("F", "R", "H") else 0.8) * (rng.random() < 0.55)
            ),
        )
        if f.age_years < 3:
            f.stage = "startup"
        elif f.growth >= 0.15 or f.age_years < 8:
            f.stage = "growth"
        else:
            f.stage = "mature"
    growing = [f for f in firms if f.operates_here and f.status == "active" and not f.anchor]
    growing.sort(key=lambda f: (-f.growth, f.key))
    target = round(0.08 * len(firms))
    picks = growing[: int(target * 0.75)]
    rest = growing[int(target * 0.75) :]
    picks += rng.sample(rest, target - len(picks))
    for f in picks:
        f.area_need = int(round(min(1500, max(100, f.headcount * rng.uniform(6, 14))), -1))
