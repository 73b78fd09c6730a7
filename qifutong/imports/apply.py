"""Writing a resolution: new firms, updates to existing ones (history kept), lineage and the
pairs left for review. Runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseSourceRow,
    EnterpriseTag,
    Tag,
)
from qifutong.extensions import db
from qifutong.imports.bulk import bulk_insert, bulk_insert_ids
from qifutong.imports.resolve import Resolution, join_evidence
from qifutong.industry import section_of
from qifutong.names import split_name

# Clean-row column → Enterprise attribute.
FIRM_FIELDS = {
    "legal_rep": "legal_rep",
    "registered_capital": "registered_capital",
    "founded_on": "founded_on",
    "company_type": "company_type",
    "status": "status",
    "registered_address": "registered_address",
    "business_scope": "business_scope",
    "industry_code": "industry_code",
    "size_class": "size_class",
    "headcount": "headcount",
    "qualifications": "qualifications",
    "ip_patents": "ip_patents",
    "ip_software": "ip_software",
    "ip_trademarks": "ip_trademarks",
    "registered_here": "registered_here",
    "operates_here": "operates_here",
    "tax_here": "tax_here",
    "above_scale": "above_scale",
    "building_id": "building_id",
    "floor": "floor",
    "room": "room",
    "moved_in_on": "moved_in_on",
    "moved_out_on": "moved_out_on",
    "contact_name": "contact_name",
    "contact_phone": "contact_phone",
    "email": "email",
    "area_need": "area_need",
    "stage": "stage",
    "grade": "grade",
    "revenue": "revenue_12m",
    "tax": "tax_12m",
}
LIST_FIELDS = ("qualifications",)
FILL_ONLY = ("revenue_12m", "tax_12m")


@dataclass
class Applied:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    merged_rows: int = 0
    review: int = 0
    enterprise_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    unknown_tags: list[str] = field(default_factory=list)
    review_items: list[dict[str, Any]] = field(default_factory=list)


def consolidate(frame: pd.DataFrame, clusters: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Per cluster and column: the most frequent non-empty value, ties to the earliest row."""
    base = pd.DataFrame({"c": clusters, "o": np.arange(len(frame))})
    out: dict[str, pd.Series] = {}
    for col in columns:
        values = frame[col]
        ok = values.notna().to_numpy()
        if not ok.any():
            out[col] = pd.Series(dtype=object)
            continue
        vals = values[ok]
        if col in LIST_FIELDS or col == "tags":
            vals = vals.map(tuple)
        part = base[ok].assign(v=vals.to_numpy())
        stats = (
            part.groupby(["c", "v"], sort=False)["o"]
            .agg(["size", "min"])
            .reset_index()
            .sort_values(["c", "size", "min"], ascending=[True, False, True])
            .drop_duplicates("c")
            .set_index("c")["v"]
        )
        if col in LIST_FIELDS or col == "tags":
            stats = stats.map(list)
        out[col] = stats
    return pd.DataFrame(out)


def _plain(value: Any) -> Any:
    """numpy scalars and NaN to plain Python values for the ORM."""
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _history(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def apply_resolution(
    frame: pd.DataFrame,
    anchors: np.ndarray,
    resolution: Resolution,
    *,
    batch_of_table: dict[int, int | None],
    raws: list[dict[str, Any]],
    row_keys: list[str],
    flags: list[list[str]],
    source: str,
) -> Applied:
    """Write the clusters of the first len(frame) rows; rows after them are existing firms
    (anchors[i - len(frame)] is the firm id of row i)."""
    n = len(frame)
    clusters = resolution.cluster
    new_clusters = clusters[:n]
    anchor_of: dict[int, int] = {}
    for pos, eid in enumerate(anchors.tolist()):
        anchor_of.setdefault(int(clusters[n + pos]), int(eid))
    result = Applied()
    columns = ["name", "uscc", *FIRM_FIELDS, "tags"]
    cons = consolidate(
        frame.assign(uscc=frame["uscc"].where(frame["uscc"] != "")), new_clusters, columns
    )
    cluster_ids = sorted(set(new_clusters.tolist()))
    taken = {
        code
        for code in db.session.scalars(select(Enterprise.uscc).where(Enterprise.uscc.is_not(None)))
        if code
    }
    eid_of: dict[int, int] = {}
    creating: list[dict[str, Any]] = []
    creating_clusters: list[int] = []
    updates: dict[int, dict[str, Any]] = {}
    table = cons.astype(object).reindex(cluster_ids)  # object: whole numbers stay int
    plain = {col: [_plain(x) for x in table[col].tolist()] for col in table.columns}
    records = [dict(zip(plain, vals, strict=True)) for vals in zip(*plain.values(), strict=True)]
    template: dict[str, Any] = dict.fromkeys(
        (
            "uscc",
            "name",
            "name_norm",
            "region",
            "is_branch",
            "industry_section",
            *FIRM_FIELDS.values(),
        )
    )
    for c, values in zip(cluster_ids, records, strict=True):
        if c in anchor_of:
            eid_of[c] = anchor_of[c]
            updates[anchor_of[c]] = values
            continue
        code = values.get("uscc")
        if code in taken:
            code = None
        elif code:
            taken.add(code)
        name = values.get("name") or ""
        core, region, branch = split_name(name)
        record = dict(template)
        record.update(
            uscc=code,
            name=name,
            name_norm=core,
            region=region,
            is_branch=branch,
            status="active",
            qualifications=[],
            above_scale=False,
        )
        for col, attr in FIRM_FIELDS.items():
            value = values.get(col)
            if value is not None:
                record[attr] = value
        record["industry_section"] = section_of(record.get("industry_code"))
        if record.get("status") is None:
            record["status"] = "active"
        creating.append(record)
        creating_clusters.append(c)
    if creating:
        # Every record has the same keys (the template's): one batch for the bulk insert.
        ids = bulk_insert_ids(Enterprise, creating)
        for c, eid in zip(creating_clusters, ids, strict=True):
            eid_of[c] = int(eid)
        result.created = [int(i) for i in ids]
        bulk_insert(
            EnterpriseChange,
            [
                {
                    "enterprise_id": int(i),
                    "field": "*",
                    "old_value": None,
                    "new_value": "created",
                    "source": source,
                }
                for i in ids
            ],
        )
    result.updated = _update_existing(updates, source, taken)
    tags = {
        eid_of[c]: values["tags"]
        for c, values in zip(cluster_ids, records, strict=True)
        if values.get("tags")
    }
    result.unknown_tags = attach_tags(tags)
    # Lineage: every new row points at its firm.
    enterprise_of_row = np.array([eid_of[int(c)] for c in new_clusters], dtype=np.int64)
    result.enterprise_of_row = enterprise_of_row
    firms_before = set(anchor_of.values())
    seen: set[int] = set()
    merged = 0
    for eid in enterprise_of_row.tolist():
        if eid in seen or eid in firms_before:
            merged += 1
        seen.add(eid)
    result.merged_rows = merged
    tables = frame["table"].tolist()
    files = frame["file"].tolist()
    numbers = frame["row"].tolist()
    matches = join_evidence(
        resolution,
        frame["uscc"].to_numpy(dtype=object),
        frame["key"].to_numpy(dtype=object),
        [f"{f}:{r}" for f, r in zip(files, numbers, strict=True)],
    )
    lineage = [
        {
            "enterprise_id": eid,
            "batch_id": batch_of_table.get(int(t)),
            "file_name": str(f),
            "row_number": int(r),
            "row_key": key,
            "raw": raw,
            "flags": fl,
            "match": m,
        }
        for eid, t, f, r, key, raw, fl, m in zip(
            enterprise_of_row.tolist(),
            tables,
            files,
            numbers,
            row_keys,
            raws,
            flags,
            matches,
            strict=True,
        )
    ]
    if lineage:
        bulk_insert(EnterpriseSourceRow, lineage)
    return result


def _update_existing(updates: dict[int, dict[str, Any]], source: str, taken: set[str]) -> list[int]:
    """New non-empty values replace old ones; every replaced value goes to the history.
    Twelve-month revenue and tax only fill gaps: the monthly economic records own them."""
    if not updates:
        return []
    firms = {
        e.id: e
        for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(list(updates))))
    }
    changed_ids = []
    history = []
    for eid, values in updates.items():
        ent = firms.get(eid)
        if ent is None:
            continue
        changes: dict[str, Any] = {}
        code = values.get("uscc")
        if code and not ent.uscc and code not in taken:
            changes["uscc"] = code
            taken.add(code)
        for col, attr in FIRM_FIELDS.items():
            value = values.get(col)
            if value is None:
                continue
            old = getattr(ent, attr)
            if attr in FILL_ONLY and old is not None:
                continue
            if attr == "qualifications":
                if sorted(old or []) == sorted(value):
                    continue
            elif old == value:
                continue
            changes[attr] = value
        if not changes:
            continue
        for attr, value in changes.items():
            history.append(
                {
                    "enterprise_id": eid,
                    "field": attr,
                    "old_value": _history(getattr(ent, attr)),
                    "new_value": _history(value),
                    "source": source,
                }
            )
            setattr(ent, attr, value)
        if "industry_code" in changes:
            ent.industry_section = section_of(ent.industry_code)
        changed_ids.append(eid)
    if history:
        bulk_insert(EnterpriseChange, history)
    db.session.flush()
    return changed_ids


def attach_tags(tags: dict[int, list[str]]) -> list[str]:
    """Tag firms with the vocabulary terms a roster names (by code or Chinese name); returns
    the names that are not in the vocabulary."""
    if not tags:
        return []
    vocab: dict[str, str] = {}
    for code, name in db.session.execute(select(Tag.code, Tag.name_zh)):
        vocab[code] = code
        vocab[name] = code
    have: set[tuple[int, str]] = {
        (int(e), str(t))
        for e, t in db.session.execute(
            select(EnterpriseTag.enterprise_id, EnterpriseTag.tag_code).where(
                EnterpriseTag.enterprise_id.in_(list(tags))
            )
        )
    }
    unknown: set[str] = set()
    new = []
    for eid, names in tags.items():
        for name in names:
            found = vocab.get(name)
            if found is None:
                unknown.add(name)
            elif (eid, found) not in have:
                have.add((eid, found))
                new.append({"enterprise_id": eid, "tag_code": found, "source": "import"})
    if new:
        bulk_insert(EnterpriseTag, new)
    return sorted(unknown)


def count_enterprises() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Enterprise)) or 0)
