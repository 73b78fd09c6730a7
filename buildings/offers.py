"""Vacant units, and units whose tenant is leaving, as space offers (找场地) for the matching
engine: a unit fits a firm whose area need is near the unit's area; growing firms rank first."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select

from buildings.models import Building, Lease, Unit
from qifutong.extensions import db
from qifutong.matching.registry import Offer, OfferSource, register_offer_source
from qifutong.web.i18n import N_, Phrase

KIND = "space"
# A firm's need fits a unit of 70 %–140 % of it: the unit is offered to needs in this band.
NEED_LOW, NEED_HIGH = 0.7, 1.4
SIZE_BANDS = (
    (100, N_("100 ㎡以下")),
    (300, N_("100–300 ㎡")),
    (1000, N_("300–1000 ㎡")),
    (None, N_("1000 ㎡以上")),
)


def size_band(area: float) -> str:
    for limit, label in SIZE_BANDS:
        if limit is None or area < limit:
            return label
    return SIZE_BANDS[-1][1]


def space_criteria(area: float) -> list[dict[str, object]]:
    return [
        {
            "field": "area_need",
            "op": "between",
            "value": [round(area / NEED_HIGH), round(area / NEED_LOW)],
            "kind": "must",
        },
        {"field": "stage", "op": "in", "value": ["startup", "growth"], "kind": "bonus"},
    ]


def _offer(unit: Unit, building: Building, leaving_on: date | None) -> Offer:
    status = N_("即将空出") if leaving_on else "空置"
    rent = (
        Phrase("租金约 {rent} 元/㎡·天", {"rent": format(unit.rent_per_m2_day, ".1f")})
        if unit.rent_per_m2_day
        else Phrase("租金面议")
    )
    when = (
        Phrase("，预计 {day} 起可租", {"day": leaving_on.isoformat()})
        if leaving_on
        else Phrase("，现可入驻")
    )
    summary = Phrase(
        "{status}办公空间，{rent}{when}。地址：{address}",
        {"status": Phrase(status), "rent": rent, "when": when, "address": building.address},
    )
    title = Phrase(
        "{building} {floor}层 {room}（{area} ㎡）",
        {
            "building": building.name,
            "floor": unit.floor,
            "room": unit.room,
            "area": format(unit.area, ",.0f"),
        },
    )
    return Offer(
        kind=KIND,
        id=unit.id,
        title=title.zh(),
        criteria=list(space_criteria(unit.area)),
        tags=["rent"],
        summary=summary.zh(),
        provider=building.name,
        category=status,
        facets={"楼宇": building.name, "面积": size_band(unit.area), "状态": status},
        amount=None,
        search_text=f"{building.address} {building.type}",
        wording={"title": title, "summary": summary},
    )


def space_offers(ids: Collection[int] | None) -> list[Offer]:
    """Units without an open lease, and units whose open lease's tenant intends to leave."""
    open_lease = select(Lease.unit_id).where(Lease.is_open)
    vacant = select(Unit, Building).join(Building, Building.id == Unit.building_id)
    vacant = vacant.where(Unit.id.not_in(open_lease))
    leaving = (
        select(Unit, Building, Lease.end_on)
        .join(Building, Building.id == Unit.building_id)
        .join(Lease, Lease.unit_id == Unit.id)
        .where(Lease.is_open, Lease.intent == "leave")
    )
    if ids is not None:
        wanted = list(ids) or [-1]
        vacant = vacant.where(Unit.id.in_(wanted))
        leaving = leaving.where(Unit.id.in_(wanted))
    out = [_offer(u, b, None) for u, b in db.session.execute(vacant.order_by(Unit.id))]
    seen = {o.id for o in out}
    for u, b, end_on in db.session.execute(leaving.order_by(Unit.id)):
        if u.id not in seen:
            seen.add(u.id)
            out.append(_offer(u, b, end_on))
    return out


register_offer_source(OfferSource(KIND, N_("场地"), space_offers, N_("我有意向"), N_("找场地"), 30))
