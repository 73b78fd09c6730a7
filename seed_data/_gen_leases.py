"""Leases: one active lease per occupied unit, expiry buckets for the warnings, and history."""

from __future__ import annotations

from dataclasses import dataclass

from _gen_buildings import Building, Unit
from _gen_common import rng_for
from _gen_firms import Firm

# Active leases per warning level on the load day (end offset, today = 0).
BUCKETS = (
    ("expired", -40, -1, 25),
    ("red", 0, 30, 60),
    ("amber", 31, 60, 70),
    ("blue", 61, 90, 80),
)
KEY_FIRMS_IN_RED = 6
TERMS = (365, 730, 1095, 1461, 1826)
INTENT_SHARE = 0.2
INTENT_NOTES = {
    "renew": [
        "已口头确认续租，拟按原条件续签三年",
        "企业表示续租意愿明确，正在走合同审批流程",
        "拟续签两年，希望租金维持不变",
        "已提交续租申请，等待物业报价",
    ],
    "expand": [
        "业务扩张，计划在本楼增租一层",
        "团队扩招，需增加约300平方米办公面积",
        "希望同层相邻单元一并承租",
        "拟续租并扩租，需协调同楼空置单元",
    ],
    "shrink": [
        "部分团队转远程办公，拟缩减一半面积续租",
        "业务调整，计划退租一个单元",
        "希望换到本楼面积较小的单元",
        "成本压力较大，拟缩租并申请租金优惠",
    ],
    "leave": [
        "已在滨江区购置办公楼，到期后搬离",
        "总部整合，到期后迁往未来科技城",
        "拟迁往租金更低的园区，需街道协助挽留",
        "企业经营困难，到期后不再续租",
    ],
}


@dataclass
class Lease:
    building_code: str
    floor: int
    room: str
    tenant: Firm
    start: int
    end: int
    rent: float
    area: float
    status: str
    intent: str = ""
    note: str = ""
    key: str = ""


def _term_for(rng, end: int) -> int:
    """A standard lease length that makes the lease start at least a month ago."""
    options = [t for t in TERMS if t >= end + 30]
    return rng.choices(options, weights=[4, 3, 2, 1, 1][-len(options) :])[0]


def make_leases(firms: list[Firm], buildings: list[Building]) -> list[Lease]:
    rng = rng_for("leases")
    holders = [f for f in firms if f.units]
    pairs = [(f, u) for f in holders for u in sorted(f.units, key=lambda u: (u.floor, u.room))]
    ends: dict[int, int] = {}
    # Expiry buckets, first the key firms (high tax) in red.
    eligible = [
        i
        for i, (f, _) in enumerate(pairs)
        if not f.anchor and len(f.units) <= 3 and (f.moved_in or 0) <= -200
    ]
    key_firms = sorted((f for f in holders if not f.anchor), key=lambda f: (-f.tax12, f.key))[:60]
    used_firms: set[str] = set()
    for f in rng.sample(key_firms, KEY_FIRMS_IN_RED):
        i = next(i for i, (g, _) in enumerate(pairs) if g is f)
        ends[i] = rng.randint(0, 30)
        used_firms.add(f.key)
    pool = rng.sample(eligible, len(eligible))
    for _, lo, hi, count in BUCKETS:
        if lo == 0:
            count -= KEY_FIRMS_IN_RED
        while count:
            i = pool.pop()
            f = pairs[i][0]
            if f.key in used_firms:
                continue
            used_firms.add(f.key)
            ends[i] = rng.randint(lo, hi)
            count -= 1
    firm_end = {f.key: 91 + int(rng.betavariate(1.3, 2.2) * 1734) for f in holders}
    leases: list[Lease] = []
    for i, (f, u) in enumerate(pairs):
        end = ends.get(
            i,
            firm_end[f.key]
            if len(f.units) > 1 and rng.random() < 0.8
            else 91 + int(rng.betavariate(1.3, 2.2) * 1734),
        )
        start = max(end - _term_for(rng, end), f.moved_in if f.moved_in is not None else -3650)
        rent = round(u.rent * rng.uniform(0.92, 1.05), 2)
        lease = Lease(u.building_code, u.floor, u.room, f, start, end, rent, u.area, "active")
        leases.append(lease)
        leases += _renewed_history(rng, lease)
    _intents(
        rng,
        [le for le in leases if le.status == "active" and le.end <= 90],
        key_firms=used_firms & {f.key for f in key_firms},
    )
    leases += _ended_history(rng, firms, buildings, leases)
    leases.sort(key=lambda le: (le.building_code, le.floor, le.room, le.start))
    for n, le in enumerate(leases, start=1):
        le.key = f"L{n:06d}"
    return leases


def _renewed_history(rng, lease: Lease) -> list[Lease]:
    """Earlier contracts of the same tenant on the same unit, now status renewed."""
    out = []
    start, moved_in = lease.start, lease.tenant.moved_in
    while moved_in is not None and start - moved_in >= 180 and rng.random() < 0.5 and len(out) < 2:
        end = start - 1
        begin = max(moved_in, end - rng.choice((365, 730, 1095)) + 1)
        out.append(
            Lease(
                lease.building_code,
                lease.floor,
                lease.room,
                lease.tenant,
                begin,
                end,
                round(lease.rent * rng.uniform(0.88, 0.97), 2),
                lease.area,
                "renewed",
            )
        )
        start = begin
    return out


def _intents(rng, expiring: list[Lease], key_firms: set[str]) -> None:
    candidates = [le for le in expiring if le.tenant.key not in key_firms]
    for le in rng.sample(candidates, round(INTENT_SHARE * len(expiring))):
        le.intent = rng.choices(list(INTENT_NOTES), weights=[45, 15, 15, 25])[0]
        le.note = rng.choice(INTENT_NOTES[le.intent])


def _ended_history(
    rng, firms: list[Firm], buildings: list[Building], leases: list[Lease]
) -> list[Lease]:
    """Past contracts: firms that left the street, and space that current tenants gave up."""
    first_start: dict[tuple[str, int, str], int] = {}
    for le in leases:
        k = (le.building_code, le.floor, le.room)
        first_start[k] = min(first_start.get(k, 0), le.start)
    units: list[Unit] = [u for b in buildings for u in b.units]
    out: list[Lease] = []
    taken: set[tuple[str, int, str]] = set()

    def free_before(u: Unit, day: int) -> bool:
        k = (u.building_code, u.floor, u.room)
        return k not in taken and first_start.get(k, 10**6) > day

    departed = [f for f in firms if f.status != "active" and f.moved_in is not None]
    for f in departed:
        assert f.moved_out is not None
        for _ in range(rng.choice((1, 1, 1, 2))):
            for _ in range(50):
                u = rng.choice(units)
                if free_before(u, f.moved_out + 15):
                    break
            else:
                continue
            taken.add((u.building_code, u.floor, u.room))
            start = max(f.moved_in, f.moved_out - rng.choice((365, 730, 1095)))
            out.append(
                Lease(
                    u.building_code,
                    u.floor,
                    u.room,
                    f,
                    start,
                    f.moved_out,
                    round(u.rent * rng.uniform(0.9, 1.0), 2),
                    u.area,
                    "ended",
                )
            )
    # Vacant units given up by a current tenant of the same building.
    by_building: dict[str, list[Firm]] = {}
    for f in firms:
        if f.units and not f.anchor:
            by_building.setdefault(f.building_code, []).append(f)
    for u in units:
        k = (u.building_code, u.floor, u.room)
        if k in first_start or k in taken or rng.random() > 0.6:
            continue
        tenants = [f for f in by_building.get(u.building_code, []) if (f.moved_in or 0) <= -400]
        if not tenants:
            continue
        f = rng.choice(tenants)
        end = -rng.randint(20, min(700, -f.moved_in - 200))
        start = max(f.moved_in, end - rng.choice((365, 730, 1095)))
        out.append(
            Lease(
                u.building_code,
                u.floor,
                u.room,
                f,
                start,
                end,
                round(u.rent * rng.uniform(0.9, 1.0), 2),
                u.area,
                "ended",
            )
        )
    return out


LEASE_HEADER = [
    "lease_key",
    "building_code",
    "floor",
    "room",
    "tenant_uscc",
    "tenant_name",
    "start_offset_days",
    "end_offset_days",
    "rent_per_m2_day",
    "area",
    "status",
    "intent",
    "intent_note",
]


def lease_rows(leases: list[Lease]):
    for le in leases:
        yield [
            le.key,
            le.building_code,
            le.floor,
            le.room,
            le.tenant.uscc,
            le.tenant.name,
            le.start,
            le.end,
            f"{le.rent:.2f}",
            f"{le.area:.2f}",
            le.status,
            le.intent,
            le.note,
        ]
