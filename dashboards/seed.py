"""Demo street loader for the district's monthly macro statistics."""

from __future__ import annotations

from sqlalchemy import insert, select

from dashboards.models import MacroStatistic
from qifutong.extensions import db
from qifutong.seeding import SeedContext


def load_macro(ctx: SeedContext) -> dict[str, int]:
    have = set(db.session.execute(select(MacroStatistic.key, MacroStatistic.period)))
    new = []
    for r in ctx.rows("macro_statistics.csv"):
        period = ctx.month(r["month_offset"])
        if (r["key"], period) in have:
            continue
        new.append(
            {
                "key": r["key"],
                "period": period,
                "value": float(r["value"]),
                "unit": r["unit"],
                "source": r["source"],
            }
        )
    if new:
        db.session.execute(insert(MacroStatistic), new)
    return {"macro_statistics": len(new)}
