"""The street's data catalogue (数据资源目录): every data set it holds, who owns it, where it
comes from, how it is updated, when it was last updated and by whom, how many rows, how many
firms it covers, and whether it is overdue. Each package registers its data sets in init_app;
the figures are computed from the database when asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from qifutong.extensions import db
from qifutong.web.i18n import N_


@dataclass(frozen=True)
class Coverage:
    covered: int
    of: int
    text: str  # as an official reads it: "上月（2026年11月）有数据的企业 3,801 / 4,540 家"

    @property
    def share(self) -> float | None:
        return None if not self.of else round(self.covered / self.of * 100, 1)


@dataclass(frozen=True)
class DataSet:
    """A data set as its package declares it; the figures come from the functions."""

    key: str
    name: str
    owner: str  # the department that keeps it
    source: str  # where it comes from
    updated_by: str  # how it is updated: which import, page or API
    rows: Callable[[], int]
    last_update: Callable[[], datetime | None]
    cadence_days: int | None = None  # expected at least this often; None: as things happen
    batch_kinds: tuple[str, ...] = ()  # the imports that feed it (their last user)
    coverage: Callable[[date], Coverage | None] | None = None
    overdue: Callable[[date], bool] | None = None  # else: last update older than the cadence


@dataclass(frozen=True)
class DataSetState:
    """A data set with its figures now."""

    dataset: DataSet
    rows: int | None  # None where only freshness was asked for
    last_update: datetime | None
    last_update_by: str | None
    coverage: Coverage | None
    overdue: bool

    def as_json(self) -> dict[str, Any]:
        d = self.dataset
        cov = self.coverage
        return {
            "key": d.key,
            "name": d.name,
            "owner": d.owner,
            "source": d.source,
            "updated_by": d.updated_by,
            "cadence_days": d.cadence_days,
            "last_update": self.last_update.isoformat() + "Z" if self.last_update else None,
            "last_update_by": self.last_update_by,
            "rows": self.rows,
            "coverage": None
            if cov is None
            else {"covered": cov.covered, "of": cov.of, "share": cov.share, "text": cov.text},
            "overdue": self.overdue,
        }


_DATASETS: dict[str, DataSet] = {}


def register_dataset(dataset: DataSet) -> None:
    _DATASETS[dataset.key] = dataset


def datasets() -> list[DataSet]:
    return list(_DATASETS.values())


# --- helpers packages use to declare their data sets --------------------------------------


def count_rows(model: Any, *where: Any) -> Callable[[], int]:
    """Rows of a model's table (matching `where`)."""

    def rows() -> int:
        return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return rows


def latest(*columns: Any) -> Callable[[], datetime | None]:
    """The latest of some time columns (dates count as their midnight)."""

    def last() -> datetime | None:
        found = []
        for col in columns:
            value = db.session.scalar(select(func.max(col)))
            if isinstance(value, datetime):
                found.append(value)
            elif isinstance(value, date):
                found.append(datetime(value.year, value.month, value.day))
        return max(found) if found else None

    return last


def active_firms() -> Any:
    """A select of the ids of the street's active firms."""
    from qifutong.enterprises.models import Enterprise

    return select(Enterprise.id).where(Enterprise.is_active)


def share_of_active_firms(
    label: Callable[[date], str], firms: Callable[[date], Any]
) -> Callable[[date], Coverage]:
    """Coverage as the share of active firms among `firms(today)` (a select of firm ids)."""

    def coverage(today: date) -> Coverage:
        active = active_firms()
        of = int(db.session.scalar(select(func.count()).select_from(active.subquery())) or 0)
        found = firms(today)
        ids = found.where(found.selected_columns[0].in_(active)).distinct().subquery()
        covered = int(db.session.scalar(select(func.count()).select_from(ids)) or 0)
        return Coverage(covered, of, f"{label(today)} {covered:,} / {of:,} 家")

    return coverage


# --- the catalogue now --------------------------------------------------------------------


def _last_batch(kinds: Sequence[str]) -> tuple[datetime | None, str | None]:
    from qifutong.auth.models import User
    from qifutong.imports.models import ImportBatch

    if not kinds:
        return None, None
    row = db.session.execute(
        select(ImportBatch.created_at, User.display_name, User.username)
        .outerjoin(User, User.id == ImportBatch.user_id)
        .where(ImportBatch.kind.in_(kinds), ImportBatch.status == "done")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return row[0], row[1] or row[2] or N_("命令行导入")


def state(dataset: DataSet, today: date, counts: bool = True) -> DataSetState:
    """One data set's figures now; without `counts`, only when it was last updated and
    whether it is overdue (what a cockpit tile shows: rows and coverage count whole tables)."""
    last = dataset.last_update()
    batch_at, batch_by = _last_batch(dataset.batch_kinds)
    by = None
    if batch_at is not None and (last is None or batch_at >= last - timedelta(minutes=5)):
        last, by = max(batch_at, last or batch_at), batch_by
    if dataset.overdue is not None:
        overdue = dataset.overdue(today)
    elif dataset.cadence_days is not None:
        overdue = last is None or (today - last.date()).days > dataset.cadence_days
    else:
        overdue = False
    return DataSetState(
        dataset,
        rows=dataset.rows() if counts else None,
        last_update=last,
        last_update_by=by,
        coverage=dataset.coverage(today) if dataset.coverage and counts else None,
        overdue=overdue,
    )


def catalogue(
    today: date, keys: Sequence[str] | None = None, counts: bool = True
) -> list[DataSetState]:
    """Every registered data set (or these), with its figures now (see state)."""
    wanted = datasets() if keys is None else [_DATASETS[k] for k in keys if k in _DATASETS]
    return [state(d, today, counts) for d in wanted]
