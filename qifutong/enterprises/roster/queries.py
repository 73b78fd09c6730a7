"""Reads for imports: what the database already knows (firms, rows, decisions, buildings)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import select

from qifutong import places
from qifutong.enterprises import importers
from qifutong.enterprises.models import Enterprise, EnterpriseSourceRow, ResolutionDecision
from qifutong.extensions import db
from qifutong.imports.batches import recent_batches
from qifutong.imports.models import ImportBatch
from qifutong.names import parse_name

KIND = "enterprises"


def building_lookup() -> dict[str, int]:
    return places.ids_by_name()


def anchors() -> pd.DataFrame:
    """Existing firms as resolver rows (anchor = their id)."""
    rows = db.session.execute(
        select(
            Enterprise.id,
            Enterprise.uscc,
            Enterprise.uscc_problem,
            Enterprise.name,
            Enterprise.legal_rep,
            Enterprise.registered_address,
            Enterprise.contact_phone,
            Enterprise.building_id,
            Enterprise.room,
            Enterprise.registered_capital,
            Enterprise.founded_on,
        )
    ).all()
    if not rows:
        return pd.DataFrame(columns=["anchor"])
    frame = pd.DataFrame(
        rows,
        columns=[
            "anchor", "uscc", "problem", "name", "rep", "address", "phone", "building", "room",
            "capital", "founded",
        ],
    )  # fmt: skip
    # A code kept as read although it fails its check is no identity: the resolver sees it raw.
    doubtful = frame["problem"].notna().to_numpy()
    usccs = frame["uscc"].fillna("").to_numpy(dtype=object)
    codes, uniques = pd.factorize(frame["name"])
    parts = [parse_name(n) for n in uniques]
    out = pd.DataFrame(
        {
            "uscc": np.where(doubtful, "", usccs).astype(object),
            "uscc_raw": np.where(doubtful, usccs, "").astype(object),
            "key": np.array([p.key for p in parts], dtype=object)[codes],
            "core": np.array([p.core for p in parts], dtype=object)[codes],
            "region": np.array([p.region_key for p in parts], dtype=object)[codes],
            "branch": np.array([p.branch or "" for p in parts], dtype=object)[codes],
            "form": np.array([p.form for p in parts], dtype=object)[codes],
            "legal_rep": frame["rep"].fillna("").to_numpy(),
            "address": importers._mapped(frame["address"], importers.address_key),
            "phone": importers._mapped(
                frame["phone"], lambda p: "".join(ch for ch in str(p) if ch.isdigit())
            ),
            "place": np.where(
                frame["building"].notna() & frame["room"].notna(),
                frame["building"].astype("Int64").astype(str) + "|" + frame["room"].astype(str),
                "",
            ),
            "capital": pd.to_numeric(frame["capital"], errors="coerce").to_numpy(np.float64),
            "founded": importers.day_numbers(frame["founded"]),
            "anchor": frame["anchor"].to_numpy(dtype=np.int64),
        }
    )
    return out


def decisions_taken() -> dict[tuple[str, str], str]:
    return {
        (a, b): str(d)
        for a, b, d in db.session.execute(
            select(
                ResolutionDecision.key_a, ResolutionDecision.key_b, ResolutionDecision.decision
            ).where(ResolutionDecision.decision.is_not(None))
        )
    }


def known_row_keys(keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    unique = sorted(set(keys))
    for start in range(0, len(unique), 900):
        chunk = unique[start : start + 900]
        found.update(
            db.session.scalars(
                select(EnterpriseSourceRow.row_key).where(EnterpriseSourceRow.row_key.in_(chunk))
            )
        )
    return found


def batch_history(limit: int = 20) -> list[ImportBatch]:
    return recent_batches(KIND, limit)
