"""The demo street's firms come through the roster import."""

from __future__ import annotations

from sqlalchemy import func, select

from qifutong.enterprises.models import EconomicRecord, Enterprise, EnterpriseSourceRow
from qifutong.extensions import db
from qifutong.imports.models import ImportBatch


def _count(stmt) -> int:
    return int(db.session.scalar(stmt) or 0)


def test_demo_firms_have_lineage_codes_and_placement(demo_sqlite_app):
    batch = db.session.scalars(select(ImportBatch).where(ImportBatch.kind == "enterprises")).one()
    assert batch.file_name == "enterprise_roster.xlsx" and len(batch.sha256) == 64
    assert _count(select(func.count()).select_from(EnterpriseSourceRow)) == 7073
    firms = _count(select(func.count()).select_from(Enterprise))
    assert firms == 5005
    with_code = _count(
        select(func.count()).select_from(Enterprise).where(Enterprise.uscc.is_not(None))
    )
    assert with_code >= firms - 100
    placed = _count(
        select(func.count()).select_from(Enterprise).where(Enterprise.building_id.is_not(None))
    )
    assert placed > 4000
    with_records = _count(select(func.count(func.distinct(EconomicRecord.enterprise_id))))
    assert with_records > 4500
