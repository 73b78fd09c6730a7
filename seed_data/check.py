#!/usr/bin/env python
"""Sanity report on the generated seed files: counts, keys, codes, leases, tax, roster mess.

python seed_data/check.py [--dir DIR]      (exit 1 when a hard check fails)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep seed_data/ free of __pycache__

from _gen_common import is_valid_uscc  # noqa: E402
from _gen_industry import load_sections, size_class  # noqa: E402

CRITERIA_FIELDS = {
    "industry_code",
    "size_class",
    "headcount",
    "revenue",
    "tax",
    "registered_capital",
    "years_since_founding",
    "qualifications",
    "registered_here",
    "operates_here",
    "tax_here",
    "tags",
}
OPS = {"eq", "in", "not_in", "gte", "lte", "between", "has", "has_any"}
THEMES = {
    "rd",
    "talent",
    "finance",
    "rent",
    "export",
    "digital",
    "tax_relief",
    "manufacturing",
    "culture",
    "listing",
    "ip",
    "hq",
    "employment",
    "startup",
}
QUALS = {
    "hightech",
    "tech_sme",
    "specialised",
    "little_giant",
    "listed",
    "pre_ipo",
    "new_eagle",
    "rd_center",
}

failures: list[str] = []


def expect(ok: bool, message: str) -> None:
    if not ok:
        failures.append(message)


def rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode(encoding))))


def level(end: int) -> str:
    if end < 0:
        return "expired"
    return "red" if end <= 30 else "amber" if end <= 60 else "blue" if end <= 90 else "later"


def check_criteria(criteria: list[dict], where: str) -> None:
    for c in criteria:
        expect(c["field"] in CRITERIA_FIELDS, f"{where}: field {c['field']}")
        expect(c["op"] in OPS, f"{where}: op {c['op']}")
        expect(c["kind"] in ("must", "bonus"), f"{where}: kind {c['kind']}")
        if c["field"] == "qualifications":
            vals = c["value"] if isinstance(c["value"], list) else [c["value"]]
            expect(set(vals) <= QUALS, f"{where}: qualification {vals}")
        if c["field"] == "tags":
            expect(set(c["value"]) <= THEMES, f"{where}: tags {c['value']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=HERE)
    d = parser.parse_args(argv).dir
    with open(HERE / "reference" / "gbt4754_2017.csv", encoding="utf-8") as fh:
        load_sections(list(csv.DictReader(fh)))
    today = date.today()

    buildings = rows(d / "buildings.csv")
    units = rows(d / "units.csv")
    firms = rows(d / "enterprises.csv")
    econ = rows(d / "economic_records.csv.gz")
    leases = rows(d / "leases.csv")
    print("== counts")
    for name in (
        "buildings.csv",
        "units.csv",
        "enterprises.csv",
        "economic_records.csv.gz",
        "leases.csv",
        "funding_products.csv",
        "service_providers.csv",
        "activities.csv",
        "demands.csv",
        "visits.csv",
        "macro_statistics.csv",
        "enterprise_roster_truth.csv",
        "enterprise_roster_sample_gbk_truth.csv",
        "enterprise_hard_negatives.csv",
    ):
        print(f"  {name:40s} {len(rows(d / name)):>7}")
    policies = json.loads((d / "policies.json").read_text(encoding="utf-8"))
    print(f"  {'policies.json':40s} {len(policies):>7}")

    print("== keys and codes")
    usccs = [f["uscc"] for f in firms]
    expect(len(set(usccs)) == len(usccs), "duplicate USCC")
    expect(len({f["firm_key"] for f in firms}) == len(firms), "duplicate firm_key")
    expect(len({f["name"] for f in firms}) == len(firms), "duplicate firm name")
    bad = [u for u in usccs if not is_valid_uscc(u)]
    expect(not bad, f"invalid USCC {bad[:3]}")
    print(f"  {len(usccs)} USCCs, unique, all valid (USCC + GB 11714 check): {not bad}")
    print(
        "  prefixes:",
        dict(Counter(u[:2] for u in usccs).most_common()),
        " 91330106:",
        sum(u.startswith("91330106") for u in usccs),
    )
    try:
        from stdnum.cn import uscc as stdnum_uscc

        rejected = [u for u in usccs if not stdnum_uscc.is_valid(u)]
        print(f"  python-stdnum rejects {len(rejected)} (letter authority codes): {rejected[:3]}")
    except ImportError:
        pass

    print("== firms")
    print("  status:", dict(Counter(f["status"] for f in firms)))
    print("  size_class:", dict(Counter(f["size_class"] for f in firms).most_common()))
    print("  sections:", dict(Counter(f["industry_code"][:2] for f in firms).most_common(8)))
    op = [f for f in firms if f["status"] == "active" and f["operates_here"] == "1"]
    print(
        f"  operating {len(op)}; registered here {sum(f['registered_here'] == '1' for f in op)}"
        f"; tax here {sum(f['tax_here'] == '1' for f in op)}; win-back "
        f"{sum(1 for f in firms if f['status'] == 'active' and f['operates_here'] == '0')}"
    )
    recent = sum(1 for f in firms if int(f["moved_in_offset_days"] or -9999) >= -365)
    print(
        f"  above_scale {sum(f['above_scale'] == '1' for f in firms)}; area_need "
        f"{sum(bool(f['area_need']) for f in firms)}; moved in within a year {recent}"
    )
    quals = Counter(q for f in firms for q in f["qualifications"].split(";") if q)
    print("  qualifications:", dict(quals.most_common()))

    print("== economic records and size classes")
    by_uscc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in econ:
        by_uscc[r["uscc"]].append(r)
    mismatch = 0
    tax12: dict[str, float] = {}
    for f in firms:
        recs = [r for r in by_uscc.get(f["uscc"], []) if int(r["month_offset"]) >= -12]
        tax12[f["uscc"]] = sum(float(r["tax_total"]) for r in recs)
        if recs:
            revenue = sum(float(r["revenue"]) for r in recs) * 12 / len(recs)
            if size_class(f["industry_code"], int(f["headcount"]), revenue) != f["size_class"]:
                mismatch += 1
    expect(mismatch == 0, f"{mismatch} size classes differ from the records")
    print(
        f"  firms with records {len(by_uscc)}; size class reproducible from records: "
        f"{mismatch == 0} ({mismatch} differ)"
    )
    bands = Counter()
    for v in tax12.values():
        bands[
            ">=1亿"
            if v >= 1e8
            else ">=1000万"
            if v >= 1e7
            else ">=100万"
            if v >= 1e6
            else ">=10万"
            if v >= 1e5
            else "<10万"
        ] += 1
    print("  tax bands (last 12 months):", dict(bands))

    print("== buildings: occupancy and tenant tax (last 12 months)")
    unit_keys = {(u["building_code"], u["floor"], u["room"]): float(u["area"]) for u in units}
    leasable = {b["code"]: float(b["leasable_area"]) for b in buildings}
    unit_sum = Counter()
    for (code, _, _), a in unit_keys.items():
        unit_sum[code] += a
    for code, area in leasable.items():
        expect(abs(unit_sum[code] - area) <= 0.01 * area, f"{code} unit areas off")
    leased = Counter()
    missing = 0
    active_per_unit = Counter()
    for le in leases:
        k = (le["building_code"], le["floor"], le["room"])
        if k not in unit_keys:
            missing += 1
        if le["status"] == "active":
            leased[le["building_code"]] += float(le["area"])
            active_per_unit[k] += 1
    expect(missing == 0, f"{missing} leases point to missing units")
    expect(max(active_per_unit.values()) == 1, "a unit has two active leases")
    tax_all, tax_here = Counter(), Counter()
    for f in firms:
        if f["building_code"] and f["status"] == "active":
            tax_all[f["building_code"]] += tax12[f["uscc"]]
            if f["tax_here"] == "1":
                tax_here[f["building_code"]] += tax12[f["uscc"]]
    names = {b["code"]: b["name"] for b in buildings}
    for code in sorted(leasable, key=lambda c: -tax_all[c]):
        occ = leased[code] / leasable[code]
        expect(0.70 <= occ <= 0.95, f"{code} occupancy {occ:.2f}")
        print(
            f"  {code} {names[code]:12s} occupancy {occ:5.1%}  tax {tax_all[code] / 1e4:9.0f}万"
            f"  (tax-here firms {tax_here[code] / 1e4:9.0f}万)"
        )
    print(
        f"  亿元楼 {sum(v >= 1e8 for v in tax_all.values())}; 0.8–1亿 "
        f"{sum(0.8e8 <= v < 1e8 for v in tax_all.values())}; street total "
        f"{sum(tax_all.values()) / 1e8:.2f}亿"
    )

    print(f"== leases (levels as of today {today}, offsets relative to the load day)")
    print("  status:", dict(Counter(le["status"] for le in leases)))
    active = [le for le in leases if le["status"] == "active"]
    print("  active by level:", dict(Counter(level(int(le["end_offset_days"])) for le in active)))
    print("  intents:", dict(Counter(le["intent"] for le in active if le["intent"])))
    for le in leases:
        expect(int(le["start_offset_days"]) <= int(le["end_offset_days"]), "lease ends first")

    print("== roster")
    check_roster(d, firms)

    print("== policies and offers")
    expect(len(policies) == 50, "policies != 50")
    for p in policies:
        check_criteria(p["criteria"], p["code"])
        expect(set(p["tags"]) <= THEMES, f"{p['code']} tags")
        expect(p["payout_mode"] in ("auto", "fast", "apply"), f"{p['code']} payout")
        expect(not p["source_url"] or ".gov.cn" in p["source_url"], f"{p['code']} url")
    for name in ("funding_products.csv", "service_providers.csv", "activities.csv"):
        for r in rows(d / name):
            check_criteria(json.loads(r["criteria_json"]), f"{name}:{r['code']}")
            expect(set(filter(None, r["tags"].split(";"))) <= THEMES, f"{name}:{r['code']} tags")
    print(
        "  policies by level:",
        dict(Counter(p["issuer_level"] for p in policies)),
        "payout:",
        dict(Counter(p["payout_mode"] for p in policies)),
    )

    size = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    print(f"== size of generated files: {size / 1e6:.1f} MB")
    if failures:
        print("FAILED:", *failures, sep="\n  ")
        return 1
    print("all hard checks passed")
    return 0


def check_roster(d: Path, firms: list[dict[str, str]]) -> None:
    from openpyxl import load_workbook

    by_key = {f["firm_key"]: f for f in firms}
    truth = {int(r["sheet_row"]): r["firm_key"] for r in rows(d / "enterprise_roster_truth.csv")}
    ws = load_workbook(d / "enterprise_roster.xlsx", read_only=True).active
    sheet = list(ws.iter_rows(values_only=True))
    header = list(sheet[2])
    col = {h: i for i, h in enumerate(header)}
    data_rows = [
        i + 1
        for i, r in enumerate(sheet[3:], start=3)
        if any(v not in (None, "") for v in r) and r[0] != "合计"
    ]
    expect(len(data_rows) == 7073 == len(truth), f"roster rows {len(data_rows)}/{len(truth)}")
    expect(set(data_rows) == set(truth), "truth rows differ from the sheet's data rows")
    expect(sheet[-1][0] == "合计", "no 合计 row")
    present = Counter(truth.values())
    must = {f["firm_key"] for f in firms if f["status"] in ("active", "moved_out")}
    expect(must <= set(present), "an active/moved-out firm is missing from the roster")
    print(
        f"  {len(truth)} data rows for {len(present)} firms; firms on 2–4 rows: "
        f"{sum(1 for n in present.values() if n > 1)} (max {max(present.values())}); "
        f"cancelled firms: {sum(by_key[k]['status'] == 'cancelled' for k in present)}"
    )
    mess = Counter()
    for row_no, key in truth.items():
        r, f = sheet[row_no - 1], by_key[key]
        u = r[col["信用代码"]] or ""
        if not u:
            mess["uscc missing"] += 1
        elif u != f["uscc"]:
            plain = unicodedata.normalize("NFKC", u).replace(" ", "").replace("-", "").upper()
            kind = (
                "uscc typo (check fails)"
                if plain != f["uscc"]
                else "uscc lower-case"
                if u.upper() == f["uscc"]
                else "uscc full-width"
                if unicodedata.normalize("NFKC", u) == f["uscc"]
                else "uscc separators"
            )
            mess[kind] += 1
        if (r[col["单位名称"]] or "") != f["name"]:
            mess["name variant"] += 1
        rep = r[col["法人"]] or ""
        if rep != f["legal_rep"]:
            mess["legal rep other person" if rep else "legal rep missing"] += 1
        cap = r[col["注册资金"]]
        text = str(cap or "")
        mess[
            "capital "
            + (
                "number"
                if isinstance(cap, int)
                else "万人民币"
                if "万人民币" in text
                else "万元"
                if "万元" in text
                else "元"
                if text
                else "blank"
            )
        ] += 1
        day = r[col["成立时间"]]
        mess[
            "date "
            + (
                "excel"
                if isinstance(day, datetime)
                else "blank"
                if not day
                else "年月日"
                if "年" in day
                else "slash"
                if "/" in day
                else "iso"
            )
        ] += 1
        head = r[col["从业人数"]]
        mess[
            "headcount "
            + ("blank" if head in (None, "") else "text" if isinstance(head, str) else "number")
        ] += 1
    for k, v in sorted(mess.items()):
        print(f"  {k:28s} {v:5d}  {v / len(truth):6.1%}")
    sample = (d / "enterprise_roster_sample_gbk.csv").read_bytes().decode("gbk")
    n = len(rows(d / "enterprise_roster_sample_gbk_truth.csv"))
    expect(len(sample.splitlines()) == n + 1, "GBK sample lines != truth + header")
    print(f"  GBK sample: {n} rows, decodes as GBK")


if __name__ == "__main__":
    raise SystemExit(main())
