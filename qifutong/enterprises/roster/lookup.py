"""Which registered firm a row of another register names: by its credit code, else by the
roster's resolution rules on its name (resolve.py), never by a guess."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import select

from qifutong import uscc as codes
from qifutong.enterprises.models import Enterprise
from qifutong.enterprises.roster import queries
from qifutong.enterprises.roster.resolve import resolve
from qifutong.extensions import db
from qifutong.names import parse_name


def resolver_rows(names: Sequence[str], usccs: Sequence[str]) -> pd.DataFrame:
    """Rows with only a name and a code, in the columns resolve() reads."""
    parts = [parse_name(n) for n in names]
    valid = [codes.is_valid(c) if c else False for c in usccs]
    empty = np.full(len(parts), "", dtype=object)
    return pd.DataFrame(
        {
            "uscc": np.array([c if ok else "" for c, ok in zip(usccs, valid, strict=True)], object),
            "uscc_raw": np.array(
                [c if c and not ok else "" for c, ok in zip(usccs, valid, strict=True)], object
            ),
            "key": np.array([p.key for p in parts], dtype=object),
            "core": np.array([p.core or "" for p in parts], dtype=object),
            "region": np.array([p.region_key or "" for p in parts], dtype=object),
            "branch": np.array([p.branch or "" for p in parts], dtype=object),
            "form": np.array([p.form or "" for p in parts], dtype=object),
            "legal_rep": empty,
            "address": empty,
            "phone": empty,
            "place": empty,
            "anchor": np.full(len(parts), -1, dtype=np.int64),
            "capital": np.full(len(parts), np.nan),
            "founded": np.full(len(parts), -1, dtype=np.int64),
        }
    )


def firms_by_code(usccs: Sequence[str]) -> dict[str, int]:
    """Code → firm id for the codes some firm holds (valid or kept as read)."""
    wanted = sorted({c for c in usccs if c})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found.update(
            (code, eid)
            for code, eid in db.session.execute(
                select(Enterprise.uscc, Enterprise.id).where(Enterprise.uscc.in_(chunk))
            )
            if code
        )
    return found


def find_firms(names: Sequence[str], usccs: Sequence[str]) -> list[int | None]:
    """For each (name, code): the firm it stands for, or None when there is none or the
    resolver is not sure (such rows are for a person to link)."""
    by_code = firms_by_code(usccs)
    out: list[int | None] = [by_code.get(c) if c else None for c in usccs]
    rest = [i for i, found in enumerate(out) if found is None and names[i]]
    if not rest:
        return out
    anchors = queries.anchors()
    if not len(anchors):
        return out
    rows = resolver_rows([names[i] for i in rest], [usccs[i] for i in rest])
    both = pd.concat([rows, anchors], ignore_index=True)
    resolution = resolve(both, queries.decisions_taken())
    n = len(rows)
    firm_of_cluster: dict[int, set[int]] = {}
    for pos, eid in enumerate(anchors["anchor"].tolist()):
        firm_of_cluster.setdefault(int(resolution.cluster[n + pos]), set()).add(int(eid))
    for k, i in enumerate(rest):
        firms = firm_of_cluster.get(int(resolution.cluster[k]), set())
        if len(firms) == 1:
            out[i] = next(iter(firms))
    return out
