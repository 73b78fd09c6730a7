"""Running the engine against the database: full match, one offer, some firms; event handlers."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from flask import current_app
from sqlalchemy import Table, delete, insert, select

from qifutong import events, places
from qifutong.enterprises.models import Enterprise, EnterpriseTag
from qifutong.enterprises.reports import pending_values
from qifutong.extensions import db
from qifutong.matching import registry
from qifutong.matching.columns import FRAME_COLUMNS, FirmColumns
from qifutong.matching.criteria import CriteriaError, evaluate_offer, firm_record
from qifutong.matching.engine import (
    Codes,
    CompiledOffer,
    Extracted,
    OfferBits,
    codes_at,
    compile_offer,
    match_all,
    offer_bits,
    offer_codes,
)
from qifutong.matching.models import MatchResult, NearFloor, OfferReach
from qifutong.matching.store import (
    NearKeeper,
    floor_levels,
    near_key,
    near_level,
    store_floor_levels,
    summary_missed,
    write_codes,
)
from qifutong.matching.tagging import tag_firms
from qifutong.matching.vocabulary import industry_tags
from qifutong.matching.wording import Labels
from qifutong.models_base import utcnow
from qifutong.timeutil import street_today

log = logging.getLogger(__name__)
CHUNK = 5_000
# Enterprise columns behind the canonical names the engine uses.
_SOURCE = {"revenue": "revenue_12m", "tax": "tax_12m"}


@dataclass
class MatchSummary:
    firms: int = 0
    offers: int = 0
    eligible: int = 0
    near_miss: int = 0
    pushed: int = 0
    skipped: list[str] = field(default_factory=list)  # offers whose criteria do not parse

    def as_dict(self) -> dict[str, Any]:
        return {
            "firms": self.firms,
            "offers": self.offers,
            "eligible": self.eligible,
            "near_miss": self.near_miss,
            "pushed": self.pushed,
        }


# --- reading firms -------------------------------------------------------------------------


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_frame(ids: Collection[int] | None = None) -> pd.DataFrame:
    """The active firms (all, or these ids) as a frame of the engine's columns."""
    cols = [
        getattr(Enterprise, _SOURCE.get(name, name)).label(name)
        for name in FRAME_COLUMNS
        if name != "tags"
    ]
    base = select(*cols).where(Enterprise.is_active)
    tag_stmt = select(EnterpriseTag.enterprise_id, EnterpriseTag.tag_code)
    if ids is None:
        rows = db.session.execute(base).all()
        tag_rows = db.session.execute(tag_stmt).all()
    else:
        rows, tag_rows = [], []
        for chunk in _chunks(sorted(set(ids))):
            rows.extend(db.session.execute(base.where(Enterprise.id.in_(chunk))).all())
            tag_rows.extend(
                db.session.execute(tag_stmt.where(EnterpriseTag.enterprise_id.in_(chunk))).all()
            )
    frame = pd.DataFrame(rows, columns=[c for c in FRAME_COLUMNS if c != "tags"])
    tags: dict[int, list[str]] = {}
    for eid, code in tag_rows:
        tags.setdefault(eid, []).append(code)
    frame["tags"] = [sorted(tags.get(int(i), [])) for i in frame["id"]] if len(frame) else []
    frame["qualifications"] = [list(q or []) for q in frame["qualifications"]]
    _overlay_reported(frame, ids)
    return frame.sort_values("id").reset_index(drop=True)


def _reported(values: dict[str, Any], reported: dict[str, Any]) -> dict[str, Any]:
    """A firm's values with what it reported itself, and the tags those values carry."""
    out = {**values, **reported}
    tags = set(values.get("tags") or [])
    if "qualifications" in reported:
        tags = {t for t in tags if not t.startswith("qual:")}
        tags |= {f"qual:{q}" for q in reported["qualifications"] or []}
    if "industry_code" in reported:
        tags = {t for t in tags if not t.startswith("ind:")} | set(
            industry_tags(reported["industry_code"])
        )
    out["tags"] = sorted(tags)
    return out


def _overlay_reported(frame: pd.DataFrame, ids: Collection[int] | None) -> None:
    """Recommendations count what firms reported themselves before it is verified (企业自报)."""
    pending = pending_values(ids)
    if not pending or not len(frame):
        return
    position = {int(i): p for p, i in enumerate(frame["id"].tolist())}
    for eid, reported in pending.items():
        p = position.get(eid)
        if p is None:
            continue
        row = _reported({c: frame.at[p, c] for c in ("tags", *reported)}, reported)
        for col, value in row.items():
            frame.at[p, col] = value


def load_columns(ids: Collection[int] | None, today: date) -> FirmColumns:
    return FirmColumns.from_frame(load_frame(ids), today)


def firm_values(ent: Enterprise, today: date, self_reported: bool = True) -> dict[str, Any]:
    """One firm's canonical field values, as the one-firm evaluator reads them: with what the
    firm reported itself (recommendations), or only what is verified (decisions)."""
    values = {
        name: getattr(ent, _SOURCE.get(name, name)) for name in FRAME_COLUMNS if name != "tags"
    }
    values["tags"] = sorted(
        db.session.scalars(
            select(EnterpriseTag.tag_code).where(EnterpriseTag.enterprise_id == ent.id)
        )
    )
    if self_reported:
        reported = pending_values([ent.id]).get(ent.id)
        if reported:
            values = _reported(values, reported)
    return firm_record(values, today)


RANK = {"eligible": 2, "near_miss": 1}


def flag_unverified(
    today: date, ids: Collection[int] | None = None, offer: tuple[str, int] | None = None
) -> int:
    """Mark the stored results a firm reaches only thanks to values it reported itself that
    wait for verification; returns how many."""
    pending = pending_values(ids)
    if not pending:
        return 0
    stmt = select(MatchResult).where(MatchResult.enterprise_id.in_(list(pending)))
    if offer is not None:
        stmt = stmt.where(MatchResult.offer_kind == offer[0], MatchResult.offer_id == offer[1])
    results = list(db.session.scalars(stmt))
    verified = {
        e.id: firm_values(e, today, self_reported=False)
        for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(list(pending))))
    }
    compiled: dict[tuple[str, int], CompiledOffer | None] = {}
    names = labels()
    flagged = 0
    for r in results:
        key = (r.offer_kind, r.offer_id)
        if key not in compiled:
            found = registry.load_offer(*key)
            compiled[key] = compile_offers([found])[0] if found is not None else None
        co = compiled[key]
        if co is None or r.enterprise_id not in verified:
            continue
        ev = evaluate_offer(co.conditions, co.tags, verified[r.enterprise_id], names)
        r.unverified = RANK.get(r.status, 0) > RANK.get(ev.status or "", 0)
        flagged += int(r.unverified)
    db.session.flush()
    return flagged


def labels() -> Labels:
    return Labels(buildings=places.names())


# --- offers --------------------------------------------------------------------------------


def compile_offers(
    offers: Iterable[registry.Offer], summary: MatchSummary | None = None
) -> list[CompiledOffer]:
    """Parse each offer's criteria; an offer whose criteria do not parse is left out and logged."""
    out = []
    for offer in offers:
        try:
            out.append(compile_offer(offer.kind, offer.id, offer.criteria, offer.tags))
        except CriteriaError as exc:
            log.warning("offer %s %s not matched: %s", offer.kind, offer.id, exc)
            if summary is not None:
                summary.skipped.append(f"{offer.kind}:{offer.id}: {exc}")
    return out


# --- writing results -----------------------------------------------------------------------


def near_miss_keep() -> int:
    return int(current_app.config.get("QIFUTONG_NEAR_MISS_KEEP", 20))


def _reach(cols: FirmColumns, offer: CompiledOffer, found: Codes, now: datetime) -> dict[str, Any]:
    near = found.take(~found.eligible)
    missed, only_data = summary_missed(cols, offer, near)
    return {
        "offer_kind": offer.kind,
        "offer_id": offer.id,
        "eligible": int(found.eligible.sum()),
        "near_miss": int(near.positions.shape[0]),
        "near_miss_unknown": only_data,
        "missed": missed,
        "computed_at": now,
    }


def _write_reach(rows: list[dict[str, Any]]) -> None:
    if rows:
        db.session.execute(insert(cast(Table, OfferReach.__table__)), rows)


def _match_into_db(
    cols: FirmColumns, offers: list[CompiledOffer], summary: MatchSummary, all_firms: bool
) -> None:
    """Every offer against these firms: store each eligible result, each firm's best N
    near-misses and its floor, and each offer's reach (the counts behind it)."""
    now = utcnow()
    keeper = NearKeeper(cols.n, near_miss_keep())
    reach: list[dict[str, Any]] = []
    for index, ob in enumerate(match_all(cols, offers)):
        found = codes_at(cols, ob)
        eligible = found.take(found.eligible)
        near = found.take(~found.eligible)
        summary.eligible += int(eligible.positions.shape[0])
        summary.near_miss += int(near.positions.shape[0])
        write_codes(ob.offer, cols.ids, eligible, now)
        keeper.add(near.positions, near_key(near, ob.offer.id), index)
        if all_firms:
            reach.append(_reach(cols, ob.offer, found, now))
    for index, positions in keeper.kept().items():
        offer = offers[index]
        kept = offer_codes(cols, offer, Extracted(positions, np.zeros(positions.shape[0], bool)))
        write_codes(offer, cols.ids, kept, now)
    store_floor_levels(cols.ids, keeper.floor_levels(), all_firms)
    _write_reach(reach)


def full_match(today: date | None = None) -> MatchSummary:
    """Re-evaluate every offer against every active firm and replace all stored results."""
    today = today or street_today()
    summary = MatchSummary()
    cols = load_columns(None, today)
    offers = compile_offers(registry.load_offers(), summary)
    summary.firms, summary.offers = cols.n, len(offers)
    db.session.execute(delete(MatchResult))
    db.session.execute(delete(OfferReach))
    db.session.execute(delete(NearFloor))
    _match_into_db(cols, offers, summary, all_firms=True)
    flag_unverified(today)
    return summary


def store_offer(cols: FirmColumns, ob: OfferBits, replace: bool) -> tuple[int, int]:
    """Store one offer's results against all firms: every eligible firm, and the near-misses
    that beat the firm's floor; `replace` first removes what changed of the stored ones.
    Returns (eligible, near-miss) counts of all firms."""
    now = utcnow()
    found = codes_at(cols, ob)
    near = found.take(~found.eligible)
    above = near_level(near) >= floor_levels(cols.ids)[near.positions]
    kept = found.take(found.eligible | _mark(found.positions, near.positions[above]))
    kind, offer_id = ob.offer.kind, ob.offer.id
    if replace:
        kept = _changed_only(kind, offer_id, cols.ids, kept)
    write_codes(ob.offer, cols.ids, kept, now)
    db.session.execute(
        delete(OfferReach).where(OfferReach.offer_kind == kind, OfferReach.offer_id == offer_id)
    )
    _write_reach([_reach(cols, ob.offer, found, now)])
    return int(found.eligible.sum()), int(near.positions.shape[0])


def _mark(positions: npt.NDArray[np.int64], chosen: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    return np.isin(positions, chosen, assume_unique=True)


def _changed_only(kind: str, offer_id: int, ids: npt.NDArray[np.int64], codes: Codes) -> Codes:
    """Delete the offer's stored results that are gone or differ; return the rows to add."""
    where = (MatchResult.offer_kind == kind, MatchResult.offer_id == offer_id)
    stmt = select(
        MatchResult.enterprise_id, MatchResult.status, MatchResult.score, MatchResult.met
    ).where(*where)
    stored = {
        int(e): (s == "eligible", float(sc), int(m)) for e, s, sc, m in db.session.execute(stmt)
    }
    if not stored:
        return codes
    new = dict(
        zip(
            ids[codes.positions].tolist(),
            zip(codes.eligible.tolist(), codes.score.tolist(), codes.met.tolist(), strict=True),
            strict=True,
        )
    )
    gone = [e for e, row in stored.items() if new.get(e) != row]
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        db.session.execute(delete(MatchResult).where(*where, MatchResult.enterprise_id.in_(chunk)))
    same = np.asarray([stored.get(e) == row for e, row in new.items()], dtype=bool)
    return codes.take(~same) if same.shape[0] else codes


def rematch_offer(
    kind: str, offer_id: int, today: date | None = None, push: bool = True
) -> MatchSummary:
    """Re-evaluate one offer against all firms (others untouched); push it to new eligible
    firms within their daily caps."""
    from qifutong.inbox.pushes import deliver_offer

    today = today or street_today()
    summary = MatchSummary()
    offer = registry.load_offer(kind, offer_id)
    offers = compile_offers([offer], summary) if offer is not None else []
    if not offers:  # no longer offerable (draft, expired, let) or unreadable: nothing fits
        db.session.execute(
            delete(MatchResult).where(
                MatchResult.offer_kind == kind, MatchResult.offer_id == offer_id
            )
        )
        db.session.execute(
            delete(OfferReach).where(OfferReach.offer_kind == kind, OfferReach.offer_id == offer_id)
        )
        return summary
    cols = load_columns(None, today)
    summary.firms, summary.offers = cols.n, 1
    summary.eligible, summary.near_miss = store_offer(
        cols, offer_bits(cols, offers[0]), replace=True
    )
    flag_unverified(today, offer=(kind, offer_id))
    if push:
        summary.pushed = deliver_offer(kind, offer_id, today)
    return summary


def rematch_firms(
    ids: Collection[int], today: date | None = None, push: bool = True
) -> MatchSummary:
    """Re-tag and re-evaluate these firms against every offer; push what newly fits them."""
    from qifutong.inbox.pushes import deliver

    today = today or street_today()
    summary = MatchSummary()
    id_list = sorted(set(ids))
    if not id_list:
        return summary
    tag_firms(id_list, today)
    for chunk in _chunks(id_list):
        db.session.execute(delete(MatchResult).where(MatchResult.enterprise_id.in_(chunk)))
    cols = load_columns(id_list, today)
    offers = compile_offers(registry.load_offers(), summary)
    summary.firms, summary.offers = cols.n, len(offers)
    if cols.n:
        _match_into_db(cols, offers, summary, all_firms=False)
        flag_unverified(today, id_list)
    if push and cols.n:
        summary.pushed = deliver(today, firm_ids=id_list)
    return summary


# --- events --------------------------------------------------------------------------------


def on_enterprises_changed(ids: list[int], **_: Any) -> None:
    rematch_firms(ids)


def on_offer_changed(kind: str, offer_id: int, **_: Any) -> None:
    rematch_offer(kind, offer_id)


def on_unit_vacated(unit_id: int, **_: Any) -> None:
    rematch_offer("space", unit_id)


def on_figures_changed(ids: list[int] | None = None, **_: Any) -> None:
    """Revenue and tax feed the criteria: match the firms whose figures changed again."""
    if ids is None:
        full_match()
    else:
        rematch_firms(ids)


def subscribe_events() -> None:
    events.subscribe(events.ENTERPRISES_CHANGED, on_enterprises_changed)
    events.subscribe(events.OFFER_CHANGED, on_offer_changed)
    events.subscribe(events.UNIT_VACATED, on_unit_vacated)
    events.subscribe(events.FIGURES_CHANGED, on_figures_changed)
