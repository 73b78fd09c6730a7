"""One page of a listing and how many rows the listing holds, for every list page and API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from qifutong.changes import VersionedCache, table_versions
from qifutong.extensions import db

# Counting a listing scans every row that matches (a name search reads the whole firm table),
# where the page itself often stops after its rows: the count is kept while the tables it read
# are unchanged, so paging through a listing, or asking for it again, costs only the page.
_counts = VersionedCache(size=512)


def paginate(stmt: Select[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    """Rows `per_page` at a time (page 1 first) and the number of rows in the whole listing."""
    counting = select(func.count()).select_from(stmt.order_by(None).subquery())
    compiled = counting.compile(db.session.get_bind())
    key = ("count", str(compiled), repr(sorted(compiled.params.items())))
    total = _counts.get_or_compute(
        table_versions(db.session), key, lambda: int(db.session.scalar(counting) or 0)
    )
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return items, total
