"""Putting the operating firms into units: 70–95 % occupancy per building, shared small units."""

from __future__ import annotations

from _gen_buildings import Building, Unit
from _gen_common import rng_for
from _gen_firms import Firm

# Where which industries cluster (building code → section or class prefix → weight factor).
AFFINITY: dict[str, dict[str, float]] = {
    "GD08": {"I": 2.5},
    "GD38": {"I": 2.5},
    "GD14": {"R": 3.0, "6572": 3.0, "6422": 3.0},
    "GD15": {"R": 2.5, "6572": 2.0},
    "GD16": {"H": 4.0, "52": 2.0, "R": 1.5},
    "GD13": {"H": 3.0, "52": 2.5},
    "GD33": {"F": 3.0, "81": 3.0},
    "GD07": {"M": 2.5, "I": 1.5},
    "GD09": {"M": 2.0, "I": 1.5},
    "GD18": {"M": 1.8, "I": 1.5, "C": 3.0},
    "GD30": {"J": 5.0},
    "GD01": {"J": 2.0, "L": 1.5},
    "GD10": {"J": 2.0, "L": 1.5},
    "GD32": {"M": 2.0},
    "GD05": {"*": 0.25},
    "GD06": {"*": 0.25},
    "GD04": {"R": 1.5, "M": 1.3},
}
BIG_FIRM_AREA = 600.0
MIN_UNIT_NEED = 110.0
SHARE_SMALL = 0.4  # firms of ≤3 people that sit in another firm's unit (co-working)


def _affinity(code: str, firm: Firm) -> float:
    table = AFFINITY.get(code, {})
    factor = table.get("*", 1.0)
    for key in (firm.industry_code, firm.industry_code[:2], firm.section):
        if key in table:
            return factor * table[key]
    return factor


def place_firms(firms: list[Firm], buildings: list[Building]) -> dict[str, float]:
    """Assign building, floor, room and held units; returns the target occupancy per building."""
    rng = rng_for("placement")
    occupancy = {b.code: rng.uniform(0.72, 0.93) for b in buildings}
    capacity = {b.code: occupancy[b.code] * b.leasable_area for b in buildings}
    operating = [f for f in firms if f.status == "active" and f.operates_here]
    raw = {f.key: f.headcount * rng.uniform(7.0, 12.0) for f in operating}
    need = _effective_need(raw, 0.97 * sum(capacity.values()))
    remaining = dict(capacity)
    tenants: dict[str, list[Firm]] = {b.code: [] for b in buildings}
    for f in operating:
        if f.anchor:
            tenants[f.anchor_building].append(f)
            remaining[f.anchor_building] -= need[f.key]
    codes = [b.code for b in buildings]
    for f in sorted((f for f in operating if not f.anchor), key=lambda f: (-need[f.key], f.key)):
        weights = [
            max(0.0, remaining[c] - need[f.key]) * _affinity(c, f)
            if need[f.key] <= 0.35 * capacity[c]
            else 0.0
            for c in codes
        ]
        if sum(weights) <= 0:
            weights = [max(1.0, remaining[c]) for c in codes]
        code = rng.choices(codes, weights=weights)[0]
        tenants[code].append(f)
        remaining[code] -= need[f.key]
    for b in buildings:
        _allocate(rng, b, tenants[b.code], need, occupancy[b.code])
    for f in operating:
        assert f.building_code and f.floor is not None, f.key
    return occupancy


def _effective_need(raw: dict[str, float], total: float) -> dict[str, float]:
    """Scale head-count areas so they fill the target, with a floor of one small unit."""
    lo, hi = 0.05, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(max(MIN_UNIT_NEED, v * mid) for v in raw.values()) > total:
            hi = mid
        else:
            lo = mid
    return {k: max(MIN_UNIT_NEED, v * lo) for k, v in raw.items()}


def _allocate(rng, b: Building, tenants: list[Firm], need: dict[str, float], occ: float) -> None:
    """Give each tenant units on one or more floors, or a share of a small tenant's unit."""
    free: list[Unit] = list(b.units)
    target, ceiling = occ * b.leasable_area, 0.95 * b.leasable_area
    allocated = 0.0
    holders: list[tuple[Unit, Firm]] = []

    def take(u: Unit, f: Firm) -> None:
        nonlocal allocated
        free.remove(u)
        f.units.append(u)
        holders.append((u, f))
        allocated += u.area

    for f in sorted(tenants, key=lambda f: (-need[f.key], f.key)):
        want = need[f.key]
        if want >= BIG_FIRM_AREA and allocated + 0.8 * want <= ceiling and free:
            got = 0.0
            floors = sorted(
                {u.floor for u in free},
                key=lambda fl: (-sum(u.area for u in free if u.floor == fl), fl),
            )
            start = rng.randrange(len(floors))
            for fl in floors[start:] + floors[:start]:
                for u in [u for u in free if u.floor == fl]:
                    if got >= 0.9 * want or allocated + u.area > ceiling:
                        break
                    take(u, f)
                    got += u.area
                if got >= 0.9 * want:
                    break
        elif f.headcount <= 3 and holders and rng.random() < SHARE_SMALL:
            pass
        elif free and allocated < target:
            pool = rng.sample(free, min(25, len(free)))
            u = min(pool, key=lambda u: (abs(u.area - want), u.room))
            if allocated + u.area <= ceiling:
                take(u, f)
        if not f.units:  # shares the unit of a small tenant (no lease of its own)
            hosts = [(u, h) for u, h in holders if not h.anchor and len(h.units) <= 3]
            u, _ = rng.choice(hosts) if hosts else rng.choice(holders)
            f.building_code, f.floor, f.room = b.code, u.floor, u.room
    # Top up to at least ~72 % with extra units for the largest tenants.
    leaders = sorted((f for f in tenants if f.units), key=lambda f: (-need[f.key], f.key))
    i = 0
    while allocated < 0.72 * b.leasable_area and free and leaders:
        f = leaders[i % min(5, len(leaders))]
        near = [u for u in free if u.floor in {x.floor for x in f.units}] or free
        take(near[0], f)
        i += 1
    for f in tenants:
        if f.units:
            first = min(f.units, key=lambda u: (u.floor, u.room))
            f.building_code, f.floor, f.room = b.code, first.floor, first.room
