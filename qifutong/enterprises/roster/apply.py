"""Writing a resolution: new firms, what it fills on existing ones (history kept, with the rows
that gave each value), the changes left for an official, lineage and the pairs left for
review. Runs inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from qifutong import uscc as uscc_rules
from qifutong.enterprises.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseSourceRow,
    EnterpriseTag,
    Tag,
)
from qifutong.enterprises.present import source_text
from qifutong.enterprises.roster.changes import queue_change, value_sources
from qifutong.enterprises.roster.messages import KEPT_AS_READ
from qifutong.enterprises.roster.resolve import Resolution, join_evidence
from qifutong.extensions import db
from qifutong.imports.bulk import bulk_insert, bulk_insert_ids
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
    queued: int = 0  # changes to existing firms left for an official
    kept_codes: int = 0  # codes kept as read although they fail their check


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
    batch_id: int | None = None,
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
    columns = ["name", "uscc", "uscc_raw", *FIRM_FIELDS, "tags"]
    cons = consolidate(
        frame.assign(
            uscc=frame["uscc"].where(frame["uscc"] != ""),
            uscc_raw=frame["uscc_raw"].where(frame["uscc_raw"] != ""),
        ),
        new_clusters,
        columns,
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
            "uscc_problem",
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
        code, problem = values.get("uscc"), None
        if not code and values.get("uscc_raw"):
            # A code that fails its check is kept as read, flagged, and sent to review.
            code = values["uscc_raw"]
            problem = uscc_rules.problem(code)
        if code in taken:
            code, problem = None, None
        elif code:
            taken.add(code)
        name = values.get("name") or ""
        core, region, branch = split_name(name)
        record = dict(template)
        record.update(
            uscc=code,
            uscc_problem=problem,
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
        member_rows = _rows_of_clusters(frame, new_clusters, set(creating_clusters))
        bulk_insert(
            EnterpriseChange,
            [
                {
                    "enterprise_id": int(i),
                    "field": "*",
                    "old_value": None,
                    "new_value": "created",
                    "source": source,
                    "batch_id": batch_id,
                    "rows": [label for _, label in member_rows.get(c, [])],
                }
                for i, c in zip(ids, creating_clusters, strict=True)
            ],
        )
        for eid, record, c in zip(ids, creating, creating_clusters, strict=True):
            if record["uscc_problem"]:
                result.kept_codes += 1
                queue_change(
                    int(eid), "uscc", None, record["uscc"],
                    KEPT_AS_READ + record["uscc_problem"],
                    [label for _, label in member_rows.get(c, [])], batch_id,
                )  # fmt: skip
    evidence = _Evidence(frame, new_clusters, anchor_of)
    result.updated, result.queued = _update_existing(updates, source, taken, evidence, batch_id)
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


def _rows_of_clusters(
    frame: pd.DataFrame, clusters: np.ndarray, wanted: set[int]
) -> dict[int, list[tuple[int, str]]]:
    """The rows (position, FILE:ROW) of the wanted clusters."""
    out: dict[int, list[tuple[int, str]]] = {}
    files, numbers = frame["file"].tolist(), frame["row"].tolist()
    for pos, c in enumerate(clusters.tolist()):
        if c in wanted:
            out.setdefault(int(c), []).append((pos, f"{files[pos]}:{numbers[pos]}"))
    return out


class _Evidence:
    """Which rows of an existing firm's cluster gave a value."""

    def __init__(self, frame: pd.DataFrame, clusters: np.ndarray, anchor_of: dict[int, int]):
        self.frame = frame
        self.members = _rows_of_clusters(frame, clusters, set(anchor_of))
        self.cluster_of = {eid: c for c, eid in anchor_of.items()}

    def rows(self, eid: int, col: str, value: Any) -> list[str]:
        c = self.cluster_of.get(eid)
        if c is None or col not in self.frame:
            return []
        cells = self.frame[col]
        return [
            label
            for pos, label in self.members.get(c, [])
            if _same(col, _plain(cells.iat[pos]), value)
        ]


def _same(col: str, a: Any, b: Any) -> bool:
    if col in LIST_FIELDS or col == "tags":
        return sorted(a or []) == sorted(b or [])
    return bool(a == b)


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def _update_existing(
    updates: dict[int, dict[str, Any]],
    source: str,
    taken: set[str],
    evidence: _Evidence,
    batch_id: int | None,
) -> tuple[list[int], int]:
    """An import fills an existing firm's empty fields (history kept, with the rows that gave
    each value); a value that differs from one the firm has already waits for an official
    (it came from another source). Twelve-month revenue and tax only fill gaps: the monthly
    economic records own them. Returns (firms changed, changes queued)."""
    if not updates:
        return [], 0
    firms = {
        e.id: e
        for e in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(list(updates))))
    }
    sources = value_sources(list(firms))
    changed_ids = []
    history = []
    queued = 0
    for eid, values in updates.items():
        ent = firms.get(eid)
        if ent is None:
            continue
        changes: dict[str, Any] = {}
        code = values.get("uscc")
        if code and not ent.uscc and code not in taken:
            changes["uscc"] = code
            taken.add(code)
        elif not code and not ent.uscc and values.get("uscc_raw") not in (None, *taken):
            raw = values["uscc_raw"]
            problem = uscc_rules.problem(raw) or ""
            changes["uscc"] = raw
            ent.uscc_problem = problem
            taken.add(raw)
            queue_change(
                eid, "uscc", None, raw, KEPT_AS_READ + problem,
                evidence.rows(eid, "uscc_raw", raw), batch_id,
            )  # fmt: skip
            queued += 1
        for col, attr in FIRM_FIELDS.items():
            value = values.get(col)
            if value is None:
                continue
            old = getattr(ent, attr)
            if (attr in FILL_ONLY and old is not None) or _same(col, old, value):
                continue
            if _empty(old):
                changes[attr] = value
                continue
            origin = sources.get((eid, attr)) or sources.get((eid, "*")) or ""
            queue_change(
                eid, attr, old, value, "与企业现有的值不同（现值来自" + source_text(origin) + "）",
                evidence.rows(eid, col, value), batch_id,
            )  # fmt: skip
            queued += 1
        if not changes:
            continue
        for attr, value in changes.items():
            col = next((c for c, a in FIRM_FIELDS.items() if a == attr), "uscc_raw")
            history.append(
                {
                    "enterprise_id": eid,
                    "field": attr,
                    "old_value": _history(getattr(ent, attr)),
                    "new_value": _history(value),
                    "source": source,
                    "batch_id": batch_id,
                    "rows": evidence.rows(eid, "uscc" if attr == "uscc" and code else col, value),
                }
            )
            setattr(ent, attr, value)
        if "industry_code" in changes:
            ent.industry_section = section_of(ent.industry_code)
        changed_ids.append(eid)
    if history:
        bulk_insert(EnterpriseChange, history)
    db.session.flush()
    return changed_ids, queued


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
