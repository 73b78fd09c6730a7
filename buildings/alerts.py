"""Daily lease alerts: visit tasks for key firms in red, and each manager's digest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from buildings.queries import Warning, lease_warnings
from buildings.warnings import LEVEL_LABELS, LEVELS, Thresholds
from qifutong.auth.models import Role, User
from qifutong.extensions import db
from qifutong.inbox.mail import notify, send_email
from qifutong.inbox.models import Notification
from qifutong.models_base import utcnow
from qifutong.timeutil import to_utc
from qifutong.visits.tasks import open_visit_task

VISIT_REASON = "lease_red"
DIGEST_KIND = "lease_digest"
DIGEST_LIST_LIMIT = 20


def visit_source_key(lease_id: int) -> str:
    return f"{VISIT_REASON}:{lease_id}"


def open_red_visit_tasks(warnings: list[Warning]) -> int:
    """A key firm whose lease is red asks for a street visit; returns the tasks newly opened."""
    opened: set[str] = set()
    for w in warnings:
        if w.level != "red" or not w.key_firm or w.lease.enterprise_id is None:
            continue
        when = f"剩 {w.days_left} 天" if w.days_left >= 0 else f"已过期 {-w.days_left} 天"
        detail = (
            f"重点企业 {w.lease.tenant_name} 在{w.building.name} {w.unit.floor}层 {w.unit.room} "
            f"的租约 {w.lease.end_on} 到期（{when}），请安排走访了解续租意向"
        )
        key = visit_source_key(w.lease.id)
        task = open_visit_task(w.lease.enterprise_id, VISIT_REASON, detail, key)
        if task.id is None:  # made now, not found
            opened.add(key)
    db.session.flush()
    return len(opened)


def refresh_visit_tasks(today: date, thresholds: Thresholds) -> int:
    """Open the visit tasks the street's red warnings call for (idempotent)."""
    return open_red_visit_tasks(lease_warnings(None, today, thresholds))


@dataclass(frozen=True)
class Digest:
    title: str
    body: str
    counts: dict[str, int]


def _line(w: Warning) -> str:
    when = f"剩 {w.days_left} 天" if w.days_left >= 0 else f"已过期 {-w.days_left} 天"
    key = "【重点企业】" if w.key_firm else ""
    return (
        f"· {LEVEL_LABELS[w.level]} {w.lease.tenant_name}{key} — {w.building.name} "
        f"{w.unit.floor}层 {w.unit.room}，{w.lease.area:,.0f} ㎡，{w.lease.end_on} 到期（{when}）"
    )


def build_digest(warnings: list[Warning], today: date, thresholds: Thresholds) -> Digest | None:
    """The day's summary for one manager; None when there is nothing to say."""
    if not warnings:
        return None
    counts = Counter(w.level for w in warnings)
    areas: dict[str, float] = dict.fromkeys(LEVELS, 0.0)
    for w in warnings:
        areas[w.level] += w.lease.area
    crossing = {thresholds.red, thresholds.amber, thresholds.blue}
    new_today = [w for w in warnings if w.days_left in crossing]
    red = [w for w in warnings if w.level == "red"]
    title = f"租约到期预警日报 {today}：" + " / ".join(
        f"{LEVEL_LABELS[lv][:2]} {counts.get(lv, 0)}" for lv in LEVELS
    )
    lines = [
        f"截至 {today}，您负责的楼宇共有 {len(warnings)} 份租约在三个月内到期或已过期未处理：",
        *(
            f"  {LEVEL_LABELS[lv]}：{counts.get(lv, 0)} 份，{areas.get(lv, 0):,.0f} ㎡"
            for lv in LEVELS
        ),
    ]
    if new_today:
        lines += ["", "今日新进入预警："] + [_line(w) for w in new_today[:DIGEST_LIST_LIMIT]]
    if red:
        lines += ["", "红色预警（请尽快联系租户，登记意向或续签）："]
        lines += [_line(w) for w in red[:DIGEST_LIST_LIMIT]]
        if len(red) > DIGEST_LIST_LIMIT:
            lines.append(f"  …另有 {len(red) - DIGEST_LIST_LIMIT} 份，见到期预警页面")
    return Digest(title, "\n".join(lines), dict(counts))


def _day_start_utc(today: date, tz: str) -> datetime:
    return to_utc(datetime.combine(today, time.min), tz)


def managers() -> list[User]:
    """Active building and property users: the people who receive the digest."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.BUILDING, Role.PROPERTY)), User.active.is_(True))
            .order_by(User.id)
        )
    )


def send_lease_digests(
    today: date, thresholds: Thresholds, tz: str = "Asia/Shanghai"
) -> dict[str, int]:
    """One digest per manager per day, in the app and by e-mail; a second run sends nothing."""
    since = _day_start_utc(today, tz)
    sent = emailed = skipped = 0
    for user in managers():
        already = db.session.scalar(
            select(Notification.id).where(
                Notification.user_id == user.id,
                Notification.kind == DIGEST_KIND,
                Notification.created_at >= since,
            )
        )
        if already is not None:
            skipped += 1
            continue
        digest = build_digest(lease_warnings(user, today, thresholds), today, thresholds)
        if digest is None:
            continue
        link = "/property/" if user.role == Role.PROPERTY else "/building/"
        note = notify(user.id, DIGEST_KIND, digest.title, digest.body, link)
        sent += 1
        if user.email and send_email([user.email], digest.title, digest.body):
            note.emailed_at = utcnow()
            emailed += 1
    return {"digests": sent, "emailed": emailed, "already_sent": skipped}


def check_lease(lease_id: int, today: date, thresholds: Thresholds) -> int:
    """Open the visit task one lease calls for, if it is a key firm's and red (after an edit)."""
    return open_red_visit_tasks(lease_warnings(None, today, thresholds, lease_id=lease_id))
