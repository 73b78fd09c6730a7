"""Tags on firms from their data (industry, size, qualifications, stage, themes), in bulk."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import delete, insert, select

from qifutong.enterprises.models import Enterprise, EnterpriseTag, Tag
from qifutong.extensions import db
from qifutong.industry import industry_names, section_of, size_class
from qifutong.matching.vocabulary import QUALIFICATIONS, STAGES, vocabulary

TECH_QUALS = {"hightech", "tech_sme", "rd_center", "specialised", "little_giant", "new_eagle"}
DIGITAL_DIVISIONS = {"63", "64", "65"}
CULTURE_DIVISIONS = {"86", "87", "88", "89", "90"}
CHUNK = 20_000


def ensure_vocabulary() -> int:
    """Insert the vocabulary's tags that the database lacks; returns how many were added."""
    known = set(db.session.scalars(select(Tag.code)))
    rows = [
        {
            "code": t.code,
            "kind": t.kind,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "parent": t.parent,
        }
        for t in vocabulary()
        if t.code not in known
    ]
    if rows:
        db.session.execute(insert(Tag), rows)
    return len(rows)


def _frame(ids: Collection[int] | None) -> pd.DataFrame:
    cols = (
        Enterprise.id,
        Enterprise.industry_code,
        Enterprise.size_class,
        Enterprise.headcount,
        Enterprise.revenue_12m,
        Enterprise.founded_on,
        Enterprise.qualifications,
        Enterprise.stage,
        Enterprise.area_need,
        Enterprise.ip_patents,
        Enterprise.ip_software,
        Enterprise.ip_trademarks,
    )
    stmt = select(*cols)
    if ids is not None:
        stmt = stmt.where(Enterprise.id.in_(list(ids)))
    rows = db.session.execute(stmt).all()
    return pd.DataFrame(rows, columns=[c.key for c in cols])


def data_tags(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """(enterprise_id, tag_code) pairs the firms' data supports (pure: frame in, pairs out)."""
    if frame.empty:
        return pd.DataFrame({"enterprise_id": [], "tag_code": []})
    ids = frame["id"].to_numpy()
    code = frame["industry_code"].fillna("").astype(str)
    section = code.map(lambda c: section_of(c) or "")
    division = code.map(lambda c: c[:2] if c[:2].isdigit() and c[:2] in industry_names() else "")
    quals = frame["qualifications"].map(lambda q: set(q or ()))
    head = pd.to_numeric(frame["headcount"], errors="coerce")
    revenue = pd.to_numeric(frame["revenue_12m"], errors="coerce")
    size = frame["size_class"].astype(object)
    missing_size = size.isna() | (size == "")
    if missing_size.any():
        size = size.copy()
        size[missing_size] = [
            size_class(c or None, None if pd.isna(h) else h, None if pd.isna(r) else r)
            for c, h, r in zip(
                code[missing_size], head[missing_size], revenue[missing_size], strict=True
            )
        ]
    founded = frame["founded_on"].map(
        lambda d: np.nan if d is None or pd.isna(d) else (today - d).days / 365.25
    )
    years = pd.to_numeric(founded, errors="coerce")
    stored = frame["stage"].astype(object)
    stored = stored.where(stored.isin(list(STAGES)), None)
    derived = pd.Series(
        np.select([years < 3, years < 8], ["startup", "growth"], "mature"), index=frame.index
    ).astype(object)
    derived = derived.where(years.notna(), None)
    stage = stored.where(stored.notna(), derived)
    ip = (
        pd.to_numeric(frame["ip_patents"], errors="coerce").fillna(0)
        + pd.to_numeric(frame["ip_software"], errors="coerce").fillna(0)
        + pd.to_numeric(frame["ip_trademarks"], errors="coerce").fillna(0)
    )
    tech = quals.map(lambda q: bool(q & TECH_QUALS))
    small = size.isin(["small", "micro"])
    sme = size.isin(["medium", "small", "micro"])
    themes = {
        "theme:rd": tech
        | (pd.to_numeric(frame["ip_patents"], errors="coerce").fillna(0) > 0)
        | (pd.to_numeric(frame["ip_software"], errors="coerce").fillna(0) > 0),
        "theme:talent": tech | (head >= 50),
        "theme:finance": sme & stage.isin(["startup", "growth"]),
        "theme:rent": frame["area_need"].notna() | (stage == "startup"),
        "theme:export": (division == "51") | (section == "C"),
        "theme:digital": division.isin(DIGITAL_DIVISIONS),
        "theme:tax_relief": small,
        "theme:manufacturing": section == "C",
        "theme:culture": division.isin(CULTURE_DIVISIONS),
        "theme:listing": quals.map(lambda q: bool(q & {"listed", "pre_ipo"})),
        "theme:ip": ip > 0,
        "theme:hq": (size == "large") | (revenue >= 5e8),
        "theme:employment": head >= 20,
        "theme:startup": (stage == "startup") | (years < 3),
    }
    parts = [
        pd.DataFrame({"enterprise_id": ids, "tag_code": "ind:" + section})[section != ""],
        pd.DataFrame({"enterprise_id": ids, "tag_code": "ind:" + division})[division != ""],
        pd.DataFrame({"enterprise_id": ids, "tag_code": "size:" + size.fillna("")})[
            size.isin(["large", "medium", "small", "micro"])
        ],
        pd.DataFrame({"enterprise_id": ids, "tag_code": "stage:" + stage.fillna("")})[
            stage.isin(["startup", "growth", "mature"])
        ],
    ]
    for qual in QUALIFICATIONS:
        has = quals.map(lambda q, qual=qual: qual in q)
        parts.append(
            pd.DataFrame({"enterprise_id": ids[has.to_numpy()], "tag_code": f"qual:{qual}"})
        )
    for tag, mask in themes.items():
        hit = mask.fillna(False).to_numpy(dtype=bool)
        parts.append(pd.DataFrame({"enterprise_id": ids[hit], "tag_code": tag}))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates().reset_index(drop=True)


def tag_firms(ids: Collection[int] | None, today: date) -> int:
    """Replace the data-derived tags of these firms (all firms when None); officials' tags stay."""
    ensure_vocabulary()
    id_list = None if ids is None else sorted(set(ids))
    if id_list is not None and not id_list:
        return 0
    pairs = data_tags(_frame(id_list), today)
    kept = select(EnterpriseTag.enterprise_id, EnterpriseTag.tag_code).where(
        EnterpriseTag.source != "data"
    )
    if id_list is None:
        db.session.execute(delete(EnterpriseTag).where(EnterpriseTag.source == "data"))
        manual = db.session.execute(kept).all()
    else:
        manual = []
        for start in range(0, len(id_list), CHUNK):
            chunk = id_list[start : start + CHUNK]
            db.session.execute(
                delete(EnterpriseTag).where(
                    EnterpriseTag.source == "data", EnterpriseTag.enterprise_id.in_(chunk)
                )
            )
            manual.extend(db.session.execute(kept.where(EnterpriseTag.enterprise_id.in_(chunk))))
    if manual:
        taken = pd.DataFrame(manual, columns=["enterprise_id", "tag_code"]).assign(_m=1)
        pairs = pairs.merge(taken, how="left", on=["enterprise_id", "tag_code"])
        pairs = pairs[pairs["_m"].isna()].drop(columns="_m")
    rows = [
        {"enterprise_id": int(e), "tag_code": t, "source": "data"}
        for e, t in zip(pairs["enterprise_id"], pairs["tag_code"], strict=True)
    ]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(EnterpriseTag), rows[start : start + CHUNK])
    return len(rows)
