"""Running the engine against the database: full match, one offer, some firms; event handlers."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import pandas as pd
from sqlalchemy import Table, delete, insert, select

from qifutong import events
from qifutong.enterprises.models import Enterprise, EnterpriseTag
from qifutong.enterprises.reports import pending_values
from qifutong.extensions import db
from qifutong.matching import registry
from qifutong.matching.columns import FRAME_COLUMNS, FirmColumns
from qifutong.matching.criteria import CriteriaError, Labels, evaluate_offer, firm_record
from qifutong.matching.engine import CompiledOffer, compile_offer, iter_result_rows, match_all
from qifutong.matching.models import MatchResult
from qifutong.matching.tagging import tag_firms
from qifutong.matching.vocabulary import industry_tags
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
    base = select(*cols).where(Enterprise.status == "active")
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
    table = db.metadata.tables["building"]
    return Labels(buildings=dict(db.session.execute(select(table.c.id, table.c.name)).all()))


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


def write_results(rows: list[dict[str, Any]]) -> None:
    """Bulk insert through the table (executemany), not the ORM's per-row bookkeeping."""
    table = cast(Table, MatchResult.__table__)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start : start + CHUNK])


def _evaluate_into_db(
    cols: FirmColumns, offers: list[CompiledOffer], summary: MatchSummary
) -> None:
    names = labels()
    now = utcnow()
    buffer: list[dict[str, Any]] = []
    for ob in match_all(cols, offers):
        for rows in iter_result_rows(cols, ob, names, now, chunk=CHUNK):
            eligible = sum(1 for r in rows if r["status"] == "eligible")
            summary.eligible += eligible
            summary.near_miss += len(rows) - eligible
            buffer.extend(rows)
            if len(buffer) >= CHUNK:
                write_results(buffer)
                buffer = []
    write_results(buffer)


def full_match(today: date | None = None) -> MatchSummary:
    """Re-evaluate every offer against every active firm and replace all stored results."""
    today = today or street_today()
    summary = MatchSummary()
    cols = load_columns(None, today)
    offers = compile_offers(registry.load_offers(), summary)
    summary.firms, summary.offers = cols.n, len(offers)
    db.session.execute(delete(MatchResult))
    _evaluate_into_db(cols, offers, summary)
    flag_unverified(today)
    return summary


def rematch_offer(
    kind: str, offer_id: int, today: date | None = None, push: bool = True
) -> MatchSummary:
    """Re-evaluate one offer against all firms (others untouched); push it to new eligible firms."""
    from qifutong.matching.push import deliver

    today = today or street_today()
    summary = MatchSummary()
    db.session.execute(
        delete(MatchResult).where(MatchResult.offer_kind == kind, MatchResult.offer_id == offer_id)
    )
    offer = registry.load_offer(kind, offer_id)
    if offer is None:  # no longer offerable (draft, expired, let): nothing to match
        return summary
    offers = compile_offers([offer], summary)
    if not offers:
        return summary
    cols = load_columns(None, today)
    summary.firms, summary.offers = cols.n, 1
    _evaluate_into_db(cols, offers, summary)
    flag_unverified(today, offer=(kind, offer_id))
    if push:
        summary.pushed = deliver(today, offer=(kind, offer_id), statuses=("eligible",))
    return summary


def rematch_firms(
    ids: Collection[int], today: date | None = None, push: bool = True
) -> MatchSummary:
    """Re-tag and re-evaluate these firms against every offer; push what newly fits them."""
    from qifutong.matching.push import deliver

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
        _evaluate_into_db(cols, offers, summary)
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


def subscribe_events() -> None:
    events.subscribe(events.ENTERPRISES_CHANGED, on_enterprises_changed)
    events.subscribe(events.OFFER_CHANGED, on_offer_changed)
    events.subscribe(events.UNIT_VACATED, on_unit_vacated)
