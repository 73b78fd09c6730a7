"""The visit plan (走访计划) and visit coverage per building: reads only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from qifutong import places
from qifutong.enterprises.models import Enterprise
from qifutong.extensions import db
from qifutong.visits.models import Visit, VisitTask
from qifutong.visits.tasks import TASK_REASONS, answered_from, red_leases
from qifutong.web.i18n import current_locale, translate
from qifutong.web.units import english_money

REASON_ORDER = {"lease_red": 0, "tax_swing": 1, "not_visited": 2}
GRADE_ORDER = {"A": 0, "B": 1, "C": 2}


# Stored task details, as keyfirms.open_swing_tasks and buildings.alerts write them.
_SWING = re.compile(r"^近12个月月均税收同比 ([+-]\d+)%（此前12个月 ([\d,.]+) 万元）$")
_RED_LEASE = re.compile(
    r"^重点企业 (?P<tenant>.+?) 在(?P<building>.+) (?P<floor>\S+)层 (?P<room>\S+) "
    r"的租约 (?P<end>[\d-]+) 到期（(?P<sign>剩|已过期) (?P<n>\d+) 天），请安排走访了解续租意向$"
)


def task_detail(detail: str) -> str:
    """A stored task's detail in the current locale (the platform wrote it in Chinese)."""
    if current_locale() != "en":
        return detail
    found = _SWING.match(detail)
    if found is not None:
        prior = english_money(float(found.group(2).replace(",", "")) * 1e4)
        return translate(
            "近12个月月均税收同比 {change}%（此前12个月 {prior}）",
            change=found.group(1),
            prior=prior,
        )
    lease = _RED_LEASE.match(detail)
    if lease is not None:
        parts = lease.groupdict()
        left = "剩 {n} 天" if parts.pop("sign") == "剩" else "已过期 {n} 天"
        return translate(
            "重点企业 {tenant} 在{building} {floor}层 {room} 的租约 {end} 到期（{when}），"
            "请安排走访了解续租意向",
            when=translate(left, n=parts.pop("n")),
            **parts,
        )
    return detail


@dataclass
class PlanReason:
    reason: str
    detail: str
    task_id: int | None = None

    @property
    def label(self) -> str:
        return TASK_REASONS.get(self.reason, self.reason)


@dataclass
class PlanEntry:
    enterprise_id: int
    name: str
    grade: str | None
    building_id: int | None
    last_visit: date | None
    reasons: list[PlanReason] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, int, str]:
        first = min(REASON_ORDER.get(r.reason, 9) for r in self.reasons)
        return (first, GRADE_ORDER.get(self.grade or "", 3), self.name)


def last_visits() -> dict[int, date]:
    rows = db.session.execute(
        select(Visit.enterprise_id, func.max(Visit.visited_on))
        .where(Visit.enterprise_id.is_not(None))
        .group_by(Visit.enterprise_id)
    )
    return {int(eid): day for eid, day in rows if eid is not None}


def _active_firms(
    ids: set[int], building_ids: set[int] | None
) -> dict[int, tuple[str, str | None, int | None]]:
    """Name, grade and building of the active firms among ids (within the buildings given)."""
    out: dict[int, tuple[str, str | None, int | None]] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), 5000):
        stmt = select(
            Enterprise.id, Enterprise.name, Enterprise.grade, Enterprise.building_id
        ).where(Enterprise.id.in_(ordered[i : i + 5000]), Enterprise.is_active)
        if building_ids is not None:
            stmt = stmt.where(Enterprise.building_id.in_(building_ids))
        for eid, name, grade, bid in db.session.execute(stmt):
            out[eid] = (name, grade, bid)
    return out


def visit_plan(
    today: date, gap_days: int, red_days: int, building_ids: set[int] | None = None
) -> list[PlanEntry]:
    """Firms to visit and why: red lease warnings, tax swings, key firms not visited lately."""
    seen = last_visits()
    wanted: list[tuple[int, PlanReason]] = []
    for task in db.session.scalars(
        select(VisitTask)
        .where(VisitTask.status == "open", VisitTask.enterprise_id.is_not(None))
        .order_by(VisitTask.created_at)
    ):
        assert task.enterprise_id is not None
        last = seen.get(task.enterprise_id)
        if last is not None and last >= answered_from(task, red_days):
            continue  # visited since the task asked for it
        wanted.append(
            (task.enterprise_id, PlanReason(task.reason, task_detail(task.detail), task.id))
        )
    for lease in red_leases(today, red_days):
        eid = lease["enterprise_id"]
        last = seen.get(eid)
        if last is not None and last >= lease["red_from"]:
            continue  # visited since the warning turned red
        left = (lease["end_on"] - today).days
        when = translate("剩 {n} 天", n=left) if left >= 0 else translate("已过期 {n} 天", n=-left)
        detail = translate(
            "{floor}层 {room} 租约 {end} 到期（{when}）",
            floor=lease["floor"],
            room=lease["room"],
            end=lease["end_on"],
            when=when,
        )
        wanted.append((eid, PlanReason("lease_red", detail)))
    cutoff = today - timedelta(days=gap_days)
    key_firms = db.session.scalars(
        select(Enterprise.id).where(Enterprise.is_key_firm, Enterprise.is_active)
    )
    for eid in key_firms:
        last = seen.get(eid)
        if last is None:
            wanted.append((eid, PlanReason("not_visited", translate("重点企业，尚无走访记录"))))
        elif last < cutoff:
            days = (today - last).days
            wanted.append((eid, PlanReason("not_visited", translate("已 {n} 天未走访", n=days))))
    firms = _active_firms({eid for eid, _ in wanted}, building_ids)
    entries: dict[int, PlanEntry] = {}
    for eid, reason in wanted:
        row = firms.get(eid)
        if row is None:
            continue
        entry = entries.get(eid)
        if entry is None:
            entry = entries[eid] = PlanEntry(eid, row[0], row[1], row[2], seen.get(eid))
        if not any(r.reason == reason.reason for r in entry.reasons):
            entry.reasons.append(reason)
    return sorted(entries.values(), key=lambda e: e.sort_key)


@dataclass(frozen=True)
class Coverage:
    building_id: int
    building: str
    firms: int
    visited: int
    key_firms: int
    key_visited: int
    visits: int
    last_visit: date | None

    @property
    def rate(self) -> float | None:
        return self.visited / self.firms if self.firms else None

    @property
    def key_rate(self) -> float | None:
        return self.key_visited / self.key_firms if self.key_firms else None


def coverage(today: date, days: int, building_ids: set[int] | None = None) -> list[Coverage]:
    """Per building: firms operating there and how many were visited in the last `days`."""
    since = today - timedelta(days=days)
    active = (Enterprise.is_active) & Enterprise.operates_here.is_(True)
    recent = (
        select(Visit.enterprise_id)
        .where(Visit.visited_on >= since, Visit.enterprise_id.is_not(None))
        .distinct()
        .subquery()
    )
    firm_rows = db.session.execute(
        select(
            Enterprise.building_id,
            func.count(Enterprise.id),
            func.count(recent.c.enterprise_id),
            func.sum(case((Enterprise.is_key_firm, 1), else_=0)),
            func.sum(
                case(
                    (Enterprise.is_key_firm & recent.c.enterprise_id.is_not(None), 1),
                    else_=0,
                )
            ),
        )
        .outerjoin(recent, recent.c.enterprise_id == Enterprise.id)
        .where(active, Enterprise.building_id.is_not(None))
        .group_by(Enterprise.building_id)
    ).all()
    per_firm = {r[0]: r[1:] for r in firm_rows}
    # A visit counts for the building it was made in, whether to a firm or the building.
    visit_rows = db.session.execute(
        select(Visit.building_id, func.count(Visit.id), func.max(Visit.visited_on))
        .where(Visit.building_id.is_not(None))
        .where(Visit.visited_on >= since)
        .group_by(Visit.building_id)
    ).all()
    last_rows = db.session.execute(
        select(Visit.building_id, func.max(Visit.visited_on))
        .where(Visit.building_id.is_not(None))
        .group_by(Visit.building_id)
    ).all()
    visits = {r[0]: int(r[1]) for r in visit_rows}
    last = {r[0]: r[1] for r in last_rows}
    out = []
    for bid, name in places.names(building_ids).items():
        firms, visited, key, key_visited = per_firm.get(bid, (0, 0, 0, 0))
        out.append(
            Coverage(
                bid,
                name,
                int(firms or 0),
                int(visited or 0),
                int(key or 0),
                int(key_visited or 0),
                visits.get(bid, 0),
                last.get(bid),
            )
        )
    return out
