"""Funding products (找资金) on the street's side: validating, creating and changing them, with
their application window (opens, closes, 第N批) as policies have."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from policies.applications.questions import MAX_QUESTIONS
from policies.models import FundingProduct
from policies.offers import FUNDING_KINDS
from policies.schemas import PolicyError, offer_fields
from policies.services import amended_parts
from qifutong import events
from qifutong.extensions import db
from qifutong.inputs import Day, Input, InvalidInput, Money, Opt, chars, given, parse
from qifutong.web.i18n import translate

FundingKind = Literal["loan", "guarantee", "equity"]
assert set(get_args(FundingKind)) == set(FUNDING_KINDS)


class FundingFields(Input):
    """A funding product's writable fields, as its form sends them."""

    code: Opt[Annotated[str, chars(20)]] = None
    title: Annotated[str, chars(200, 1)]
    provider: Annotated[str, chars(120, 1)]
    kind: FundingKind = "loan"
    summary: Opt[Annotated[str, chars(20_000)]] = None
    amount_min: Opt[Money] = None
    amount_max: Opt[Money] = None
    rate_text: Opt[Annotated[str, chars(200)]] = None
    term_months: Opt[Annotated[int, Field(ge=1, le=600)]] = None
    opens_on: Opt[Day] = None  # the current batch's application window
    closes_on: Opt[Day] = None
    batch: Opt[Annotated[str, chars(40)]] = None  # 第N批
    criteria: Opt[Annotated[list[dict[str, Any]], Field(max_length=100)]] = None
    tags: Opt[Annotated[list[Annotated[str, chars(60, 1)]], Field(max_length=50)]] = None
    questions: Opt[Annotated[list[dict[str, Any]], Field(max_length=MAX_QUESTIONS)]] = None
    active: bool = True


_TEXT = ("summary", "rate_text")  # columns that hold "" rather than null


def load_funding(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a funding product's fields; PolicyError names the field at fault."""
    try:
        model = parse(FundingFields, data)
    except InvalidInput as exc:
        raise PolicyError(exc.field, exc.message) from exc
    out = given(model)
    for name in _TEXT:
        if name in out and out[name] is None:
            out[name] = ""
    for name in ("criteria", "tags", "questions"):
        out[name] = out.get(name) or []
    low, high = out.get("amount_min"), out.get("amount_max")
    if low is not None and high is not None and low > high:
        raise PolicyError("amount_max", translate("最高额度不能低于最低额度"))
    return offer_fields(out)


def create_funding(data: dict[str, Any]) -> FundingProduct:
    product = FundingProduct(**data)
    db.session.add(product)
    db.session.flush()
    if product.active:
        events.emit(events.OFFER_CHANGED, kind="funding", offer_id=product.id)
    return product


def update_funding(product: FundingProduct, data: dict[str, Any]) -> None:
    """Apply validated changes; an active product is matched again and the firms that follow
    it are told what was amended."""
    parts = amended_parts(product, data)
    was_active = product.active
    for name, value in data.items():
        setattr(product, name, value)
    db.session.flush()
    if product.active or was_active:
        events.emit(events.OFFER_CHANGED, kind="funding", offer_id=product.id)
    if product.active and parts:
        events.emit(events.OFFER_AMENDED, kind="funding", offer_id=product.id, parts=parts)
