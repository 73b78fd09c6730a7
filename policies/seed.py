"""Demo street loaders for policies, funding products, service providers and activities."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from policies.models import Activity, FundingProduct, Policy, ServiceProvider
from qifutong import places
from qifutong.extensions import db
from qifutong.matching.vocabulary import normalise_tag
from qifutong.models_base import utcnow
from qifutong.seeding import SeedContext, integer, number


def _new(model: Any, rows: list[dict[str, Any]]) -> int:
    known = set(db.session.scalars(select(model.code)))
    fresh = [r for r in rows if r["code"] not in known]
    if fresh:
        db.session.execute(insert(model), fresh)
    return len(fresh)


def _list(text: str) -> list[str]:
    return _tags(t for t in text.split(";") if t)


def _tags(values: Any) -> list[str]:
    """Theme codes ("rd") as the tag vocabulary's codes ("theme:rd"); unknown ones kept as given."""
    return [normalise_tag(t) or t for t in values]


def load_policies(ctx: SeedContext) -> dict[str, int]:
    data = json.loads(ctx.path("policies.json").read_text(encoding="utf-8"))
    now = utcnow()
    rows = []
    for p in data:
        rows.append(
            {
                "code": p["code"],
                "title": p["title"],
                "issuer_level": p["issuer_level"],
                "issuer_department": p.get("issuer_department") or "",
                "doc_number": p.get("doc_number") or None,
                "category": p.get("category") or "",
                "summary": p.get("summary") or "",
                "full_text": p.get("full_text") or "",
                "source_url": p.get("source_url") or None,
                "valid_from": date.fromisoformat(p["valid_from"]) if p.get("valid_from") else None,
                "valid_to": date.fromisoformat(p["valid_to"]) if p.get("valid_to") else None,
                "opens_on": ctx.day(p.get("opens_offset_days")),
                "closes_on": ctx.day(p.get("closes_offset_days")),
                "batch": p.get("batch") or None,
                "payout_mode": p.get("payout_mode") or "apply",
                "max_amount": p.get("max_amount"),
                "amount_text": p.get("amount_text") or "",
                "criteria": p.get("criteria") or [],
                "tags": _tags(p.get("tags") or []),
                "status": "published",
                "published_at": now,
            }
        )
    return {"policies": _new(Policy, rows)}


def load_funding(ctx: SeedContext) -> dict[str, int]:
    rows = [
        {
            "code": r["code"],
            "provider": r["provider"],
            "kind": r["kind"],
            "title": r["title"],
            "summary": r["summary"],
            "amount_min": number(r["amount_min"]),
            "amount_max": number(r["amount_max"]),
            "rate_text": r["rate_text"],
            "term_months": integer(r["term_months"]),
            "criteria": json.loads(r["criteria_json"] or "[]"),
            "tags": _list(r["tags"]),
        }
        for r in ctx.rows("funding_products.csv")
    ]
    return {"funding_products": _new(FundingProduct, rows)}


def load_services(ctx: SeedContext) -> dict[str, int]:
    buildings = places.ids_by_code()
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "category": r["category"],
            "summary": r["summary"],
            "contact_name": r["contact_name"] or None,
            "phone": r["phone"] or None,
            "address": r["address"] or None,
            "building_id": buildings.get(r["building_code"]),
            "tags": _list(r["tags"]),
            "criteria": json.loads(r["criteria_json"] or "[]"),
        }
        for r in ctx.rows("service_providers.csv")
    ]
    return {"service_providers": _new(ServiceProvider, rows)}


def load_activities(ctx: SeedContext) -> dict[str, int]:
    rows = []
    for r in ctx.rows("activities.csv"):
        day = ctx.day(r["start_offset_days"])
        assert day is not None
        starts = datetime.combine(day, time(14, 0))
        rows.append(
            {
                "code": r["code"],
                "title": r["title"],
                "kind": r["kind"],
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=float(r["duration_hours"] or 2)),
                "place": r["place"],
                "capacity": integer(r["capacity"]),
                "summary": r["summary"],
                "organizer": r["organizer"],
                "criteria": json.loads(r["criteria_json"] or "[]"),
                "tags": _list(r["tags"]),
                "status": "published",
            }
        )
    return {"activities": _new(Activity, rows)}
