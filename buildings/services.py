"""Writes: editing buildings, units and leases; tenant intents, renewals and closures.

Services take explicit arguments, add to the session and leave the commit to the caller.
Every lease change writes a LeaseEvent, so a lease's history is kept; a unit that falls
vacant, or whose tenant intends to leave, is announced with UNIT_VACATED."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from buildings.fields import (
    FieldError,
    folded,
    parse_choice,
    parse_date,
    parse_int,
    parse_number,
    text,
)
from buildings.models import INTENTS, LEASE_STATUSES, Building, Lease, LeaseEvent, Unit
from buildings.queries import open_lease_on
from qifutong import events
from qifutong.auth.models import User
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.roster.messages import uscc_phrase
from qifutong.extensions import db
from qifutong.inputs import AREA_MAX
from qifutong.models_base import utcnow
from qifutong.names import normalise_name
from qifutong.uscc import normalise as normalise_uscc
from qifutong.uscc import problem as uscc_problem
from qifutong.web.i18n import Phrase

SPACE = "space"  # the offer kind of a unit in the matching engine


def can_edit_building(user: User | None, building_id: int | None) -> bool:
    """Street and admin edit every building; building and property users their own."""
    if user is None or building_id is None:
        return False
    if user.sees_all:
        return True
    return user.role in ("building", "property") and building_id in user.building_ids


def _uid(user: User | None) -> int | None:
    return user.id if user is not None else None


def add_event(lease: Lease, kind: str, detail: str, user: User | None) -> LeaseEvent:
    if lease.id is None:
        db.session.flush()
    event = LeaseEvent(lease_id=lease.id, kind=kind, detail=detail, user_id=_uid(user))
    db.session.add(event)
    return event


# --- buildings and units ----------------------------------------------------------------------

BUILDING_TEXT = ("name", "address", "type", "grade")
BUILDING_NUMBERS = ("gross_area", "leasable_area", "lat", "lon")
BUILDING_INTS = ("floors_above", "floors_below", "built_year")


def building_values(form: dict[str, Any]) -> dict[str, Any]:
    """Typed building fields from a form; raises FieldError."""
    values: dict[str, Any] = {f: text(form.get(f)) for f in BUILDING_TEXT if f in form}
    if "name" in values and not values["name"]:
        raise FieldError("name", Phrase("楼宇名称不能为空"))
    for f in BUILDING_NUMBERS:
        if f in form:
            values[f] = parse_number(f, form.get(f), required=False, minimum=None)
    for f in BUILDING_INTS:
        if f in form:
            values[f] = parse_int(f, form.get(f))
    for f in ("gross_area", "leasable_area"):
        if values.get(f) is not None and values[f] < 0:
            raise FieldError(f, Phrase("面积不能为负"))
    if values.get("lat") is not None and not -90 <= values["lat"] <= 90:
        raise FieldError("lat", Phrase("纬度应在 −90 与 90 之间"))
    if values.get("lon") is not None and not -180 <= values["lon"] <= 180:
        raise FieldError("lon", Phrase("经度应在 −180 与 180 之间"))
    values["grade"] = values.get("grade") or None
    return values


def create_building(code: str, form: dict[str, Any]) -> Building:
    code = text(code)
    if not code:
        raise FieldError("code", Phrase("楼宇编码不能为空"))
    if db.session.scalar(select(Building.id).where(Building.code == code)):
        raise FieldError("code", Phrase("楼宇编码 {code} 已存在", {"code": code}))
    building = Building(code=code, **building_values({"name": "", **form}))
    db.session.add(building)
    db.session.flush()
    return building


def update_building(building: Building, form: dict[str, Any]) -> Building:
    for key, value in building_values(form).items():
        setattr(building, key, value)
    return building


def save_unit(building: Building, unit: Unit | None, form: dict[str, Any]) -> Unit:
    """Create (unit None) or change a unit; floor and room are unique within the building."""
    floor, room = folded(form.get("floor")), folded(form.get("room"))
    if not floor:
        raise FieldError("floor", Phrase("楼层不能为空"))
    if not room:
        raise FieldError("room", Phrase("房号不能为空"))
    area = parse_number("area", form.get("area"), positive=True, maximum=AREA_MAX)
    rent = parse_number("rent_per_m2_day", form.get("rent_per_m2_day"), required=False, minimum=0)
    clash = db.session.scalar(
        select(Unit.id).where(
            Unit.building_id == building.id, Unit.floor == floor, Unit.room == room
        )
    )
    if clash is not None and (unit is None or clash != unit.id):
        raise FieldError("room", Phrase("{floor} 层 {room} 已存在", {"floor": floor, "room": room}))
    if unit is None:
        unit = Unit(building_id=building.id, floor=floor, room=room, area=area)
        db.session.add(unit)
    unit.floor, unit.room, unit.area, unit.rent_per_m2_day = floor, room, float(area or 0), rent
    db.session.flush()
    return unit


# --- leases -----------------------------------------------------------------------------------


def find_tenant(uscc: str, name: str, building_id: int | None = None) -> int | None:
    """The firm a lease's tenant is: by USCC, else by its normalised name when unambiguous;
    with `building_id`, only a firm already of that building (a building or property user
    never links a lease to a firm outside its buildings, nor learns of one)."""
    firms = select(Enterprise.id)
    if building_id is not None:
        firms = firms.where(Enterprise.building_id == building_id)
    if uscc:
        eid = db.session.scalar(firms.where(Enterprise.uscc == uscc))
        if eid is not None:
            return eid
    core = normalise_name(name)
    if not core:
        return None
    ids = list(db.session.scalars(firms.where(Enterprise.name_norm == core).limit(2)))
    return ids[0] if len(ids) == 1 else None


def _tenant_scope(user: User | None, building_id: int) -> int | None:
    """The building a user's leases may find their tenants in (None: anywhere, the street)."""
    return None if user is None or user.sees_all else building_id


def lease_values(form: dict[str, Any]) -> dict[str, Any]:
    """Typed lease fields from a form; raises FieldError on the first bad field."""
    tenant = text(form.get("tenant_name"))
    if not tenant:
        raise FieldError("tenant_name", Phrase("租户名称不能为空"))
    uscc = normalise_uscc(form.get("tenant_uscc"))
    if uscc and (reason := uscc_problem(uscc)):
        raise FieldError("tenant_uscc", uscc_phrase(reason))
    start = parse_date("start_on", form.get("start_on"))
    end = parse_date("end_on", form.get("end_on"))
    assert start is not None and end is not None
    if end < start:
        raise FieldError(
            "end_on", Phrase("到期日 {end} 早于起租日 {start}", {"end": end, "start": start})
        )
    return {
        "tenant_name": tenant,
        "tenant_uscc": uscc,
        "start_on": start,
        "end_on": end,
        "area": parse_number("area", form.get("area"), positive=True, maximum=AREA_MAX),
        "rent_per_m2_day": parse_number(
            "rent_per_m2_day", form.get("rent_per_m2_day"), required=False, minimum=0
        ),
        "code": text(form.get("code")) or None,
    }


def check_overlap(unit_id: int, start: date, end: date, exclude: int | None = None) -> None:
    """An open lease may not overlap another open lease of the same unit."""
    stmt = select(Lease).where(
        Lease.unit_id == unit_id,
        Lease.is_open,
        Lease.start_on <= end,
        Lease.end_on >= start,
    )
    if exclude is not None:
        stmt = stmt.where(Lease.id != exclude)
    other = db.session.scalar(stmt.limit(1))
    if other is not None:
        raise FieldError(
            "start_on",
            Phrase(
                "与该单元在租租约（{tenant}，{start}～{end}）时间重叠",
                {"tenant": other.tenant_name, "start": other.start_on, "end": other.end_on},
            ),
        )


def create_lease(unit: Unit, form: dict[str, Any], user: User | None) -> Lease:
    values = lease_values(form)
    check_overlap(unit.id, values["start_on"], values["end_on"])
    if values["code"] and db.session.scalar(select(Lease.id).where(Lease.code == values["code"])):
        raise FieldError("code", Phrase("合同编号 {code} 已存在", {"code": values["code"]}))
    was_vacant = open_lease_on(unit.id) is None
    uscc = values.pop("tenant_uscc")
    lease = Lease(
        unit_id=unit.id,
        enterprise_id=find_tenant(
            uscc, values["tenant_name"], _tenant_scope(user, unit.building_id)
        ),
        status="active",
        intent="unknown",
        **values,
    )
    db.session.add(lease)
    db.session.flush()
    add_event(lease, "create", f"登记租约 {lease.start_on}～{lease.end_on}", user)
    if was_vacant:
        events.emit(events.OFFER_CHANGED, kind=SPACE, offer_id=unit.id)
    return lease


def update_lease(lease: Lease, form: dict[str, Any], user: User | None) -> list[str]:
    """Change a lease's terms; returns the changes written to its history."""
    values = lease_values(form)
    if lease.is_open:
        check_overlap(lease.unit_id, values["start_on"], values["end_on"], exclude=lease.id)
    code = values["code"]
    if (
        code
        and code != lease.code
        and db.session.scalar(select(Lease.id).where(Lease.code == code))
    ):
        raise FieldError("code", Phrase("合同编号 {code} 已存在", {"code": values["code"]}))
    uscc = values.pop("tenant_uscc")
    if uscc or values["tenant_name"] != lease.tenant_name:
        scope = _tenant_scope(user, lease.unit.building_id)
        values["enterprise_id"] = find_tenant(uscc, values["tenant_name"], scope) or (
            lease.enterprise_id if values["tenant_name"] == lease.tenant_name else None
        )
    changes = []
    for key, value in values.items():
        old = getattr(lease, key)
        if old != value:
            changes.append(f"{key}: {old} → {value}")
            setattr(lease, key, value)
    if changes:
        add_event(lease, "edit", "；".join(changes), user)
    return changes


def record_intent(lease: Lease, intent: str, note: str, user: User | None) -> LeaseEvent:
    """The tenant's intent (renew/expand/shrink/leave/unknown) with a note, kept in history."""
    intent = parse_choice("intent", intent, INTENTS, "unknown")
    if not lease.is_open:
        raise FieldError("intent", Phrase("该租约已续签或已结束，不能再登记意向"))
    before = lease.intent
    lease.intent = intent
    lease.intent_note = text(note) or None
    lease.intent_at = utcnow()
    lease.intent_by = _uid(user)
    detail = f"{INTENTS[intent]}" + (f"：{lease.intent_note}" if lease.intent_note else "")
    event = add_event(lease, "intent", detail, user)
    if intent == "leave" and before != "leave":
        events.emit(events.UNIT_VACATED, unit_id=lease.unit_id)
    elif before == "leave" and intent != "leave":
        events.emit(events.OFFER_CHANGED, kind=SPACE, offer_id=lease.unit_id)
    return event


def renew_lease(
    lease: Lease,
    new_end: date,
    user: User | None,
    start_on: date | None = None,
    rent: float | None = None,
    area: float | None = None,
    note: str = "",
) -> Lease:
    """A renewal: the lease becomes `renewed` and a successor lease runs to `new_end`."""
    if not lease.is_open:
        raise FieldError("end_on", Phrase("该租约已续签或已结束"))
    start = start_on or lease.end_on + timedelta(days=1)
    if new_end <= lease.end_on:
        raise FieldError("end_on", Phrase("新的到期日应晚于原到期日 {end}", {"end": lease.end_on}))
    if new_end < start:
        raise FieldError(
            "end_on",
            Phrase("新的到期日 {end} 早于新起租日 {start}", {"end": new_end, "start": start}),
        )
    if area is not None and area <= 0:
        raise FieldError("area", Phrase("面积应大于 0"))
    successor = Lease(
        unit_id=lease.unit_id,
        enterprise_id=lease.enterprise_id,
        tenant_name=lease.tenant_name,
        start_on=start,
        end_on=new_end,
        rent_per_m2_day=rent if rent is not None else lease.rent_per_m2_day,
        area=area if area is not None else lease.area,
        status="active",
        intent="unknown",
        renewed_from_id=lease.id,
    )
    was_leaving = lease.intent == "leave"
    lease.status = "renewed"
    lease.intent = "renew"
    lease.intent_at = utcnow()
    lease.intent_by = _uid(user)
    db.session.add(successor)
    db.session.flush()
    suffix = f"；{text(note)}" if text(note) else ""
    add_event(lease, "renewal", f"续签至 {new_end}（新租约 #{successor.id}）{suffix}", user)
    add_event(successor, "renewal", f"续签自租约 #{lease.id}，{start}～{new_end}{suffix}", user)
    if was_leaving:  # the tenant stays after all: the space is no longer on offer
        events.emit(events.OFFER_CHANGED, kind=SPACE, offer_id=lease.unit_id)
    return successor


def close_lease(
    lease: Lease,
    user: User | None,
    closed_on: date,
    status: str = "ended",
    note: str = "",
) -> Lease:
    """The tenant has left (ended) or the contract was cancelled (closed): no more warning."""
    if status not in ("ended", "closed"):
        raise FieldError(
            "status", Phrase("结束状态应为 ended（到期退租）或 closed（提前解约/关闭）")
        )
    if not lease.is_open:
        raise FieldError("status", Phrase("该租约已续签或已结束"))
    lease.status = status
    lease.closed_on = closed_on
    suffix = f"：{text(note)}" if text(note) else ""
    add_event(lease, "close", f"{LEASE_STATUSES[status]}（{closed_on}）{suffix}", user)
    if open_lease_on(lease.unit_id, exclude=lease.id) is None:
        events.emit(events.UNIT_VACATED, unit_id=lease.unit_id)
    return lease
