"""Buildings (the 38 of the reference list) and their lettable units."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from _gen_common import rng_for

PROPERTY_COMPANIES = [
    "杭州古荡华庭物业管理有限公司",
    "浙江钱塘恒信物业管理有限公司",
    "杭州文三楼宇物业管理有限公司",
    "杭州万塘物业管理有限公司",
    "浙江澄湖物业管理有限公司",
    "杭州星洲物业管理有限公司",
    "杭州嘉禾园区物业管理有限公司",
    "浙江天堂软件园物业管理有限公司",
    "杭州莲花商务物业管理有限公司",
    "浙江华星科创物业管理有限公司",
    "杭州西城物业管理有限公司",
    "杭州翠苑楼宇物业管理有限公司",
]

# Per reference building (same order as gudang_buildings.csv): clean name, clean address,
# type, grade, gross area m², floors above/below, built year, property company index.
# Areas, floors, years, grades and managers are plausible demo values, not facts.
SPECS = [
    ("浙商财富中心", "杭州市西湖区古墩路83号", "写字楼", "甲", 110000, 28, 3, 2011, 0),
    ("莲花商务中心", "杭州市西湖区莲花街333号", "写字楼", "乙", 52000, 22, 2, 2008, 8),
    ("联合大厦", "杭州市西湖区紫荆花路2号", "写字楼", "乙", 46000, 20, 2, 2004, 8),
    ("天目里", "杭州市西湖区天目山路398号", "办公园区", "甲", 90000, 8, 2, 2020, 4),
    ("蚂蚁A空间", "杭州市西湖区西溪路543-569号", "总部园区", "产业园", 140000, 10, 3, 2017, 4),
    ("蚂蚁Z空间", "杭州市西湖区西溪路556号", "总部园区", "产业园", 120000, 12, 3, 2019, 4),
    (
        "浙江大学国家大学科技园",
        "杭州市西湖区西溪路525号",
        "科技园",
        "产业园",
        85000,
        12,
        2,
        2005,
        6,
    ),
    ("天堂软件园", "杭州市西湖区西斗门路3号", "软件园", "产业园", 130000, 9, 1, 2003, 7),
    ("福地创业园", "杭州市西湖区西斗门路9号", "创业园", "产业园", 70000, 7, 1, 2009, 6),
    ("蓝海时代国际大厦", "杭州市西湖区益乐路39号", "写字楼", "甲", 75000, 25, 3, 2013, 1),
    ("元茂大厦", "杭州市西湖区文二西路1号", "写字楼", "乙", 42000, 22, 2, 2006, 10),
    ("古荡综合商务大楼", "杭州市西湖区古墩路莲花街口", "写字楼", "丙", 22000, 12, 1, 1999, 0),
    ("西城广场", "杭州市西湖区文二西路551号", "商业综合体", "乙", 95000, 24, 3, 2010, 10),
    ("杭州数字娱乐产业园", "杭州市西湖区文一西路75号", "产业园", "产业园", 100000, 8, 1, 2007, 6),
    ("数娱大厦", "杭州市西湖区文一西路98号", "写字楼", "乙", 48000, 20, 2, 2012, 6),
    (
        "西溪天堂",
        "杭州市西湖区紫金港路西溪天堂国际旅游综合体",
        "商业综合体",
        "甲",
        120000,
        15,
        3,
        2011,
        1,
    ),
    ("浙江科技产业大厦", "杭州市西湖区古翠路80号", "写字楼", "乙", 38000, 21, 2, 2002, 9),
    ("华星现代产业园", "杭州市西湖区塘苗路18号", "产业园", "产业园", 115000, 12, 2, 2009, 9),
    ("天苑大厦", "杭州市西湖区文三路508号", "写字楼", "丙", 26000, 16, 1, 1998, 2),
    ("西湖国际科技大厦", "杭州市西湖区文二路391号", "写字楼", "乙", 60000, 23, 2, 2001, 2),
    ("华星世纪大楼", "杭州市西湖区万塘路317号", "写字楼", "乙", 45000, 22, 2, 2005, 9),
    ("华星时代广场", "杭州市西湖区文三路478号", "写字楼", "甲", 80000, 26, 3, 2008, 9),
    ("华星科技大厦", "杭州市西湖区文三路477号", "写字楼", "乙", 36000, 18, 2, 2000, 9),
    ("莱茵达大厦", "杭州市西湖区文三路535号", "写字楼", "乙", 40000, 20, 2, 2003, 2),
    ("计量大厦", "杭州市西湖区万塘路252号", "写字楼", "丙", 24000, 15, 1, 1997, 3),
    ("万塘汇", "杭州市西湖区万塘路262号", "商务综合体", "甲", 85000, 22, 3, 2016, 3),
    ("黄龙万科中心", "杭州市西湖区学院路77号", "写字楼", "甲", 150000, 20, 3, 2012, 5),
    ("黄龙时代广场", "杭州市西湖区万塘路18号", "写字楼", "甲", 90000, 26, 3, 2009, 3),
    ("创业大厦", "杭州市西湖区华星路99号", "写字楼", "乙", 35000, 18, 2, 2001, 11),
    ("互联网金融大厦", "杭州市西湖区华星路96号", "写字楼", "乙", 55000, 23, 2, 2015, 11),
    ("怡泰大厦", "杭州市西湖区华星路", "写字楼", "丙", 21000, 12, 1, 1999, 11),
    ("浙江省电力设计院", "杭州市西湖区华星路", "企业办公楼", "乙", 30000, 16, 2, 2004, 2),
    ("颐高数码大厦", "杭州市西湖区文三路369号", "商业综合体", "丙", 50000, 18, 2, 2002, 2),
    ("昌地火炬大厦", "杭州市西湖区文三路259号", "写字楼", "乙", 40000, 21, 2, 2006, 5),
    ("东信大厦", "杭州市西湖区文三路398号", "写字楼", "乙", 48000, 24, 2, 1998, 5),
    ("德力西大厦", "杭州市西湖区学院路28号", "写字楼", "乙", 52000, 22, 2, 2003, 3),
    ("欧美中心", "杭州市西湖区教工路18号", "写字楼", "甲", 145000, 30, 3, 2010, 5),
    ("西湖数源软件园", "杭州市西湖区教工路1号", "软件园", "产业园", 95000, 10, 2, 2008, 7),
]

RENT_RANGE = {"甲": (5.0, 8.0), "乙": (3.4, 5.4), "丙": (2.5, 3.8), "产业园": (2.8, 5.0)}
MEAN_UNIT_AREA = {"甲": 330.0, "乙": 230.0, "丙": 150.0, "产业园": 420.0}

M_PER_DEG_LAT = 111_320.0


@dataclass
class Unit:
    building_code: str
    floor: int
    room: str
    area: float
    rent: float


@dataclass
class Building:
    code: str
    name: str
    address: str
    lat: float
    lon: float
    type: str
    grade: str
    gross_area: int
    leasable_area: int
    floors_above: int
    floors_below: int
    property_company: str
    built_year: int
    units: list[Unit] = field(default_factory=list)


def _jitter(rng, lat: float, lon: float) -> tuple[float, float]:
    """Move a point 30–80 m in a random direction (GCJ-02 degrees)."""
    dist = rng.uniform(30, 80)
    angle = rng.uniform(0, 2 * math.pi)
    dlat = dist * math.cos(angle) / M_PER_DEG_LAT
    dlon = dist * math.sin(angle) / (M_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _split_floor(rng, floor_area: float, mean: float) -> list[float]:
    """Cut one floor into units of 50–2,000 m² that add up exactly (to 0.01 m²)."""
    k = max(1, min(60, round(floor_area / mean * rng.uniform(0.85, 1.15))))
    for _ in range(200):
        weights = [rng.lognormvariate(0, 0.55) for _ in range(k)]
        total = sum(weights)
        areas = [round(floor_area * w / total, 2) for w in weights]
        areas[-1] = round(floor_area - sum(areas[:-1]), 2)
        if max(areas) > 2000:
            k += 1
        elif min(areas) < 50 and k > 1:
            k = max(1, k - (1 if rng.random() < 0.5 else 0))
        else:
            return areas
    raise RuntimeError("could not split a floor")


def make_buildings(reference_csv: Path) -> list[Building]:
    rng = rng_for("buildings")
    with open(reference_csv, encoding="utf-8") as fh:
        ref = list(csv.DictReader(fh))
    assert len(ref) == len(SPECS) == 38
    seen: dict[tuple[str, str], int] = {}
    buildings = []
    for i, (row, spec) in enumerate(zip(ref, SPECS, strict=True), start=1):
        name, address, btype, grade, gross, above, below, year, pc = spec
        assert row["name"].startswith(name[:2]), (row["name"], name)
        lat, lon = float(row["lat_gcj02"]), float(row["lon_gcj02"])
        key = (row["lat_gcj02"], row["lon_gcj02"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # shares its point with an earlier building
            lat, lon = _jitter(rng, lat, lon)
        ratio = rng.uniform(0.74, 0.84) if grade != "产业园" else rng.uniform(0.76, 0.85)
        buildings.append(
            Building(
                code=f"GD{i:02d}",
                name=name,
                address=address,
                lat=round(lat, 6),
                lon=round(lon, 6),
                type=btype,
                grade=grade,
                gross_area=gross,
                leasable_area=round(gross * ratio),
                floors_above=above,
                floors_below=below,
                property_company=PROPERTY_COMPANIES[pc],
                built_year=year,
            )
        )
    for b in buildings:
        b.units = _make_units(rng, b)
    return buildings


def _make_units(rng, b: Building) -> list[Unit]:
    base_lo, base_hi = RENT_RANGE[b.grade]
    base = rng.uniform(base_lo, base_lo + (base_hi - base_lo) * 0.6)
    per_floor = b.leasable_area / b.floors_above
    floor_areas = [round(per_floor, 2)] * b.floors_above
    floor_areas[-1] = round(b.leasable_area - sum(floor_areas[:-1]), 2)
    units = []
    for floor, floor_area in enumerate(floor_areas, start=1):
        areas = _split_floor(rng, floor_area, MEAN_UNIT_AREA[b.grade])
        lift = (base_hi - base) * (floor - 1) / max(1, b.floors_above - 1) * 0.5
        for idx, area in enumerate(areas, start=1):
            rent = min(base_hi, max(base_lo, base + lift + rng.uniform(-0.3, 0.3)))
            units.append(Unit(b.code, floor, f"{floor}{idx:02d}", area, round(rent, 2)))
    return units


BUILDING_HEADER = [
    "code",
    "name",
    "address",
    "lat",
    "lon",
    "type",
    "grade",
    "gross_area",
    "leasable_area",
    "floors_above",
    "floors_below",
    "property_company",
    "built_year",
]
UNIT_HEADER = ["building_code", "floor", "room", "area", "rent_per_m2_day"]


def building_rows(buildings: list[Building]):
    for b in buildings:
        yield [
            b.code,
            b.name,
            b.address,
            f"{b.lat:.6f}",
            f"{b.lon:.6f}",
            b.type,
            b.grade,
            b.gross_area,
            b.leasable_area,
            b.floors_above,
            b.floors_below,
            b.property_company,
            b.built_year,
        ]


def unit_rows(buildings: list[Building]):
    for b in buildings:
        for u in b.units:
            yield [u.building_code, u.floor, u.room, f"{u.area:.2f}", f"{u.rent:.2f}"]
