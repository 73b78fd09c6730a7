"""Demo street loaders for firms and their monthly economic records."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import insert, select

from qifutong.enterprises.models import EconomicRecord, Enterprise
from qifutong.enterprises.services import refresh_twelve_month_figures
from qifutong.extensions import db
from qifutong.industry import section_of
from qifutong.names import split_name
from qifutong.seeding import SeedContext, flag, integer, number


def building_ids_by_code() -> dict[str, int]:
    table = db.metadata.tables["building"]
    return {code: bid for bid, code in db.session.execute(select(table.c.id, table.c.code))}


def enterprise_ids_by_uscc() -> dict[str, int]:
    rows = db.session.execute(
        select(Enterprise.uscc, Enterprise.id).where(Enterprise.uscc.is_not(None))
    )
    return {u: i for u, i in rows if u}


def firm_record(row: dict[str, str], ctx: SeedContext, buildings: dict[str, int]) -> dict[str, Any]:
    """One clean firm row of enterprises.csv as Enterprise column values."""
    core, region, branch = split_name(row["name"])
    return {
        "uscc": row["uscc"] or None,
        "name": row["name"],
        "name_norm": core,
        "region": region,
        "is_branch": branch,
        "legal_rep": row["legal_rep"] or None,
        "registered_capital": number(row["registered_capital"]),
        "founded_on": date.fromisoformat(row["founded_on"]) if row["founded_on"] else None,
        "company_type": row["company_type"] or None,
        "status": row["status"] or "active",
        "registered_address": row["registered_address"] or None,
        "business_scope": row["business_scope"] or None,
        "industry_code": row["industry_code"] or None,
        "industry_section": section_of(row["industry_code"]),
        "size_class": row["size_class"] or None,
        "headcount": integer(row["headcount"]),
        "qualifications": [q for q in row["qualifications"].split(";") if q],
        "ip_patents": integer(row["ip_patents"]),
        "ip_software": integer(row["ip_software"]),
        "ip_trademarks": integer(row["ip_trademarks"]),
        "registered_here": flag(row["registered_here"]),
        "operates_here": flag(row["operates_here"]),
        "tax_here": flag(row["tax_here"]),
        "above_scale": bool(flag(row["above_scale"])),
        "building_id": buildings.get(row["building_code"]),
        "floor": row["floor"] or None,
        "room": row["room"] or None,
        "moved_in_on": ctx.day(row["moved_in_offset_days"]),
        "moved_out_on": ctx.day(row["moved_out_offset_days"]),
        "contact_name": row["contact_name"] or None,
        "contact_phone": row["contact_phone"] or None,
        "email": row["email"] or None,
        "area_need": number(row["area_need"]),
        "stage": row["stage"] or None,
    }


def load_enterprises(ctx: SeedContext) -> dict[str, int]:
    """The firm register from the generator's resolved list (until the roster import lands)."""
    buildings = building_ids_by_code()
    known = enterprise_ids_by_uscc()
    new = [
        firm_record(r, ctx, buildings)
        for r in ctx.rows("enterprises.csv")
        if r["uscc"] not in known
    ]
    if new:
        db.session.execute(insert(Enterprise), new)
    return {"enterprises": len(new)}


def load_economic_records(ctx: SeedContext) -> dict[str, int]:
    """24 months of revenue, tax and headcount per firm, months shifted to the load day."""
    ids = enterprise_ids_by_uscc()
    existing = set(
        db.session.execute(select(EconomicRecord.enterprise_id, EconomicRecord.period)).all()
    )
    frame = ctx.frame("economic_records.csv.gz")
    months = {m: ctx.month(m) for m in frame["month_offset"].unique()}
    new = []
    for uscc, off, rev, tax, local, head in frame[
        ["uscc", "month_offset", "revenue", "tax_total", "tax_local", "headcount"]
    ].itertuples(index=False):
        eid = ids.get(uscc)
        period = months[off]
        if eid is None or (eid, period) in existing:
            continue
        new.append(
            {
                "enterprise_id": eid,
                "period": period,
                "revenue": number(rev),
                "tax_total": number(tax),
                "tax_local": number(local),
                "headcount": integer(head),
            }
        )
    if new:
        db.session.execute(insert(EconomicRecord), new)
        refresh_twelve_month_figures(ctx.today)
    return {"economic_records": len(new)}
