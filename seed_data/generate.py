#!/usr/bin/env python
"""Generate the demo street (古荡街道) as data files; deterministic, see README.md.

python seed_data/generate.py [--out DIR] [--reference DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep seed_data/ free of __pycache__

from _gen_buildings import (  # noqa: E402
    BUILDING_HEADER,
    UNIT_HEADER,
    building_rows,
    make_buildings,
    unit_rows,
)
from _gen_common import write_csv, write_csv_gz  # noqa: E402
from _gen_economy import Economy, assign_qualifications, finish_profiles  # noqa: E402
from _gen_firms import Firm, Registry, assign_addresses, assign_codes_and_flags, make_firms  # noqa: E402
from _gen_industry import load_sections  # noqa: E402
from _gen_leases import LEASE_HEADER, lease_rows, make_leases  # noqa: E402
from _gen_offers import (  # noqa: E402
    ACTIVITY_HEADER,
    FUNDING_HEADER,
    PROVIDER_HEADER,
    activity_rows,
    funding_rows,
    provider_rows,
)
from _gen_placement import place_firms  # noqa: E402
from _gen_policies import make_policies  # noqa: E402
from _gen_roster import roster_plan, write_gbk_sample, write_roster  # noqa: E402
from _gen_service import (  # noqa: E402
    DEMAND_HEADER,
    MACRO_HEADER,
    VISIT_HEADER,
    demand_rows,
    macro_rows,
    visit_rows,
)

ENTERPRISE_HEADER = [
    "firm_key",
    "uscc",
    "name",
    "region",
    "legal_rep",
    "registered_capital",
    "founded_on",
    "company_type",
    "status",
    "registered_address",
    "business_scope",
    "industry_code",
    "size_class",
    "headcount",
    "qualifications",
    "ip_patents",
    "ip_software",
    "ip_trademarks",
    "registered_here",
    "operates_here",
    "tax_here",
    "above_scale",
    "building_code",
    "floor",
    "room",
    "moved_in_offset_days",
    "moved_out_offset_days",
    "contact_name",
    "contact_phone",
    "email",
    "area_need",
    "stage",
]
ECONOMIC_HEADER = ["uscc", "month_offset", "revenue", "tax_total", "tax_local", "headcount"]


def enterprise_rows(firms: list[Firm]):
    for f in firms:
        yield [
            f.key,
            f.uscc,
            f.name,
            f.region,
            f.legal_rep,
            f.registered_capital,
            f.founded_on.isoformat(),
            f.company_type,
            f.status,
            f.registered_address,
            f.business_scope,
            f.industry_code,
            f.size_class,
            f.headcount,
            ";".join(f.qualifications),
            *f.ip,
            f.registered_here,
            f.operates_here,
            f.tax_here,
            f.above_scale,
            f.building_code,
            f.floor,
            f.room,
            f.moved_in,
            f.moved_out,
            f.contact_name,
            f.contact_phone,
            f.email,
            f.area_need,
            f.stage,
        ]


def hard_negative_rows(reg: Registry):
    for a, b, how in reg.hard_negatives:
        yield [a, b, how]
    for f in reg.firms:
        if f.parent_key:
            yield [f.parent_key, f.key, "branch"]


def build(out: Path, reference: Path) -> dict[str, int]:
    """Run every step and write every file; returns row counts per file."""
    with open(reference / "gbt4754_2017.csv", encoding="utf-8") as fh:
        load_sections(list(csv.DictReader(fh)))
    buildings = make_buildings(reference / "gudang_buildings.csv")
    reg = make_firms()
    firms = reg.firms
    assign_codes_and_flags(reg)
    place_firms(firms, buildings)
    assign_addresses(firms, buildings)
    economy = Economy(firms)
    economy.build()
    economy.calibrate_buildings([b.code for b in buildings])
    economy.finish()
    assign_qualifications(firms)
    finish_profiles(firms)
    leases = make_leases(firms, buildings)
    names = {b.code: b.name for b in buildings}

    counts = {
        "buildings.csv": write_csv(
            out / "buildings.csv", BUILDING_HEADER, building_rows(buildings)
        ),
        "units.csv": write_csv(out / "units.csv", UNIT_HEADER, unit_rows(buildings)),
        "enterprises.csv": write_csv(
            out / "enterprises.csv", ENTERPRISE_HEADER, enterprise_rows(firms)
        ),
        "enterprise_hard_negatives.csv": write_csv(
            out / "enterprise_hard_negatives.csv",
            ["firm_key_a", "firm_key_b", "kind"],
            hard_negative_rows(reg),
        ),
        "economic_records.csv.gz": write_csv_gz(
            out / "economic_records.csv.gz", ECONOMIC_HEADER, economy.rows()
        ),
        "leases.csv": write_csv(out / "leases.csv", LEASE_HEADER, lease_rows(leases)),
    }
    plan = roster_plan(firms)
    mess = write_roster(
        out / "enterprise_roster.xlsx", out / "enterprise_roster_truth.csv", plan, names, firms
    )
    counts["enterprise_roster.xlsx"] = len(plan)
    counts["enterprise_roster_sample_gbk.csv"] = write_gbk_sample(
        out / "enterprise_roster_sample_gbk.csv",
        out / "enterprise_roster_sample_gbk_truth.csv",
        firms,
        names,
    )
    policies = make_policies()
    (out / "policies.json").write_text(
        json.dumps(policies, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    counts["policies.json"] = len(policies)
    counts["funding_products.csv"] = write_csv(
        out / "funding_products.csv", FUNDING_HEADER, funding_rows()
    )
    counts["service_providers.csv"] = write_csv(
        out / "service_providers.csv", PROVIDER_HEADER, provider_rows(buildings)
    )
    counts["activities.csv"] = write_csv(
        out / "activities.csv", ACTIVITY_HEADER, activity_rows(buildings)
    )
    counts["demands.csv"] = write_csv(out / "demands.csv", DEMAND_HEADER, demand_rows(firms))
    red_key = sorted(
        {
            le.tenant.key: le.tenant for le in leases if le.status == "active" and 0 <= le.end <= 30
        }.values(),
        key=lambda f: (-f.tax12, f.key),
    )[:6]
    counts["visits.csv"] = write_csv(out / "visits.csv", VISIT_HEADER, visit_rows(firms, red_key))
    counts["macro_statistics.csv"] = write_csv(
        out / "macro_statistics.csv", MACRO_HEADER, macro_rows()
    )
    counts["_roster_mess"] = dict(sorted(mess.items()))  # type: ignore[assignment]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: here)")
    parser.add_argument(
        "--reference",
        type=Path,
        default=HERE / "reference",
        help="folder with gudang_buildings.csv and gbt4754_2017.csv",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = build(args.out, args.reference)
    mess = counts.pop("_roster_mess")
    for name, n in counts.items():
        print(f"{name:40s} {n:>8}")
    print("roster mess (xlsx rows):", json.dumps(mess, ensure_ascii=False))
    print(f"done in {time.perf_counter() - started:.1f}s → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
