"""Demo street loaders for firms (through the roster import) and their monthly economic
records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import insert, select, update

from qifutong import places
from qifutong.enterprises.models import EconomicRecord, Enterprise, PendingChange
from qifutong.enterprises.services import refresh_twelve_month_figures, update_enterprise
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.names import name_key
from qifutong.seeding import SeedContext, integer, number
from qifutong.uscc import is_valid as is_valid_uscc
from qifutong.uscc import normalise as normalise_uscc

ROSTER = "enterprise_roster.xlsx"


def building_ids_by_code() -> dict[str, int]:
    return places.ids_by_code()


def enterprise_ids_by_uscc() -> dict[str, int]:
    rows = db.session.execute(
        select(Enterprise.uscc, Enterprise.id).where(Enterprise.uscc.is_not(None))
    )
    return {u: i for u, i in rows if u}


def load_enterprises(ctx: SeedContext) -> dict[str, int]:
    """The firm register as the street would load it: the messy roster through the import
    (resolution, lineage, report), codes the roster lacks completed from the lease register,
    and the few attributes the roster does not carry taken from enterprises.csv."""
    from flask import current_app

    from qifutong.enterprises.roster.services import Upload, import_enterprises, import_settings

    roster = ctx.path(ROSTER)
    upload_dir, report_dir = import_settings(current_app.config)
    result = import_enterprises(
        [Upload(roster, roster.name)],
        upload_dir=upload_dir,
        report_dir=report_dir,
        commit=False,
        announce=False,
    )
    codes = complete_codes(
        ((r["tenant_name"], r["tenant_uscc"]) for r in ctx.rows("leases.csv")), "seed:leases.csv"
    )
    enriched = enrich_from_register(ctx)
    return {
        "roster_rows": result.summary.get("rows", 0),
        "enterprises": result.summary.get("created", 0),
        "review": result.summary.get("review", 0),
        "codes_from_leases": codes,
        "enriched": enriched,
    }


def complete_codes(pairs: Iterable[tuple[str, str]], source: str) -> int:
    """Give firms that have no valid USCC (none, or one kept as read that fails its check) the
    code another register names them with: only when the name (up to noise) has exactly one
    valid code there that no firm holds yet."""
    known: dict[str, set[str]] = defaultdict(set)
    for name, code in pairs:
        code = normalise_uscc(code)
        if name and code and is_valid_uscc(code):
            known[name_key(name)].add(code)
    taken = set(db.session.scalars(select(Enterprise.uscc).where(Enterprise.uscc.is_not(None))))
    filled = 0
    lacking = (Enterprise.uscc.is_(None)) | (Enterprise.uscc_problem.is_not(None))
    for ent in db.session.scalars(select(Enterprise).where(lacking)):
        found = known.get(name_key(ent.name), set())
        if len(found) != 1:
            continue
        (code,) = found
        if code in taken:
            continue
        update_enterprise(ent, {"uscc": code}, source)
        if ent.uscc_problem:
            # The code kept as read is settled by the other register's valid one.
            ent.uscc_problem = None
            db.session.execute(
                update(PendingChange)
                .where(
                    PendingChange.enterprise_id == ent.id,
                    PendingChange.field == "uscc",
                    PendingChange.status == "pending",
                )
                .values(status="taken", decided_at=utcnow())
            )
        taken.add(code)
        filled += 1
    return filled


# Firm attributes the roster has no column for (DESIGN §4), taken from the generator's list.
REGISTER_ONLY = ("moved_in_on", "moved_out_on", "area_need", "stage")


def enrich_from_register(ctx: SeedContext) -> int:
    """Fill only the attributes the roster does not carry, matching firms by USCC, else by
    registered name; never overwrites a value."""
    rows = list(ctx.rows("enterprises.csv"))
    by_code = {r["uscc"]: r for r in rows if r["uscc"]}
    by_name = {r["name"]: r for r in rows}
    changes = []
    for ent in db.session.scalars(select(Enterprise)):
        row = by_code.get(ent.uscc or "") or by_name.get(ent.name)
        if row is None:
            continue
        values = {
            "moved_in_on": ctx.day(row["moved_in_offset_days"]),
            "moved_out_on": ctx.day(row["moved_out_offset_days"]),
            "area_need": number(row["area_need"]),
            "stage": row["stage"] or None,
        }
        fill = {k: v for k, v in values.items() if v is not None and getattr(ent, k) is None}
        if fill:
            changes.append(
                {"id": ent.id, **{k: fill.get(k, getattr(ent, k)) for k in REGISTER_ONLY}}
            )
    if changes:
        db.session.execute(update(Enterprise), changes)
    return len(changes)


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
