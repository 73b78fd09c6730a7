"""Which roster rows are the same firm (pure; numpy/pandas, no database).

Exact keys first: rows sharing a valid USCC are one firm. Then the name key (region, core,
legal-form class, branch part): rows without a valid USCC join the firm of their name when
that name belongs to at most one USCC and one existing firm. Then blocking and rapidfuzz on
the cores for what is left, merged only with agreeing legal representative, address, phone or
a USCC one typo away. Never merged: different valid USCCs, different regions, a branch and its
parent, two existing firms. Pairs the rules are unsure of are returned for review; decisions
already taken on a pair (merge / separate) are obeyed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qifutong.enterprises.roster import fuzzy, near_codes
from qifutong.enterprises.roster.clusters import (
    RowPair,
    canonical,
    codes,
    decided,
    distinct_per_group,
    identity_keys,
    propagate,
)
from qifutong.names import key_digest

COLUMNS = (
    "uscc",  # valid code or ""
    "uscc_raw",  # the code as typed, normalised, when it is not valid ("" otherwise)
    "key",  # name key (names.NameParts.key)
    "core",
    "region",  # the region's parts in a fixed order ("" when the name has none)
    "branch",
    "form",
    "legal_rep",
    "address",  # comparable address (importers.address_key)
    "phone",
    "place",  # building id and room, when known
    "capital",  # registered capital in yuan, NaN when unknown
    "founded",  # founding date as days since 1970, -1 when unknown
    "anchor",  # id of an existing firm this row stands for, else -1
)


@dataclass
class Pair:
    """Two groups of rows the resolver would not decide alone."""

    a: int  # cluster ids in Resolution.cluster
    b: int
    score: float
    reasons: list[str]
    kind: str = "fuzzy"  # fuzzy / same_name / code_conflict / two_firms
    row_a: int = -1  # the rows whose evidence was compared
    row_b: int = -1


@dataclass
class Resolution:
    cluster: np.ndarray  # per row: 0 … k-1
    pairs: list[Pair] = field(default_factory=list)
    conflicts: dict[int, str] = field(default_factory=dict)  # row → why its USCC was set aside
    fuzzy_merges: int = 0
    decided: int = 0  # links or splits made by earlier decisions
    links: dict[int, fuzzy.Link] = field(default_factory=dict)  # row → the evidence that joined it

    @property
    def clusters(self) -> int:
        return int(self.cluster.max()) + 1 if len(self.cluster) else 0


def resolve(
    rows: pd.DataFrame, decisions: Mapping[tuple[str, str], str] | None = None
) -> Resolution:
    """Cluster the rows (columns COLUMNS) into firms."""
    decisions = decisions or {}
    n = len(rows)
    if n == 0:
        return Resolution(np.zeros(0, dtype=np.int64))
    if "capital" not in rows:
        rows = rows.assign(capital=np.nan, founded=-1)
    numeric = ("anchor", "capital", "founded")
    col = {c: rows[c].to_numpy(dtype=object) for c in COLUMNS if c not in numeric}
    col["capital"] = rows["capital"].to_numpy(dtype=np.float64)
    col["founded"] = rows["founded"].to_numpy(dtype=np.int64)
    anchor = rows["anchor"].to_numpy(dtype=np.int64)
    uscc = col["uscc"].copy()
    keys = col["key"]
    conflicts: dict[int, str] = {}
    pairs: list[RowPair] = []  # row-level, mapped to clusters at the end
    key_codes = codes(keys, "\0")

    # 0. One USCC, one firm: rows whose name says another region or a branch step aside.
    uscc_codes = codes(uscc)
    if _set_aside_code_conflicts(col, anchor, uscc, uscc_codes, conflicts, pairs):
        uscc_codes = codes(uscc)
    has_u = uscc != ""

    # A. Components by valid USCC; every other row on its own.
    comp = np.arange(n)
    if has_u.any():
        firsts = pd.Series(np.flatnonzero(has_u)).groupby(uscc_codes[has_u]).transform("min")
        comp[has_u] = firsts.to_numpy()
    comp_has_anchor = np.zeros(n, dtype=bool)
    comp_has_anchor[comp[anchor >= 0]] = True
    row_anchored = comp_has_anchor[comp]

    # B. Name keys: link when the name stands for at most one USCC and one existing firm.
    anchored_comp = np.where(row_anchored, comp, -1)
    linkable = (distinct_per_group(key_codes, uscc_codes) <= 1) & (
        distinct_per_group(key_codes, anchored_comp) <= 1
    )
    linkable &= ~_contradicts_its_name(col, key_codes, has_u)
    labels = propagate(comp, [np.where(linkable, key_codes, -1), comp])
    _keep_existing_firms_apart(labels, comp, anchor, anchored_comp, has_u, pairs)

    # C. Scored: groups without a valid USCC or an existing firm against the rows blocking
    # puts beside them, every field weighed as evidence (names shared by several firms too).
    labels = canonical(labels)
    fuzzy_merges, links = fuzzy.scored_stage(col, anchor, labels, uscc, pairs, decisions)

    # D. Decisions taken earlier win.
    decided = _apply_decisions(col, anchor, uscc, labels, decisions)

    labels = canonical(labels)
    cluster, _ = pd.factorize(labels)
    result = Resolution(cluster.astype(np.int64), conflicts=conflicts, fuzzy_merges=fuzzy_merges)
    result.decided = decided
    result.links = links
    result.pairs = _open_pairs(result.cluster, pairs, uscc, keys, decisions)
    return result


def _set_aside_code_conflicts(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    uscc: np.ndarray,
    uscc_codes: np.ndarray,
    conflicts: dict[int, str],
    pairs: list[RowPair],
) -> bool:
    """Rows whose code another row with another region or branch part holds lose the code
    (it stays with the majority, or the existing firm); True when any did."""
    coded = np.flatnonzero(uscc != "")
    if not len(coded):
        return False
    u = uscc_codes[coded]
    many = (distinct_per_group(u, codes(col["branch"][coded], "\0")) > 1) | (
        distinct_per_group(u, codes(col["region"][coded])) > 1
    )
    if not many.any():
        return False
    rows = coded[many]
    frame = pd.DataFrame(
        {
            "u": uscc[rows],
            "variant": col["branch"][rows],
            "region": col["region"][rows],
            "anchor": anchor[rows] >= 0,
            "row": rows,
        }
    )
    for _, g in frame.groupby("u", sort=False):
        ranked = g.assign(w=g["anchor"] * 10**9 + 1).groupby(["variant", "region"])["w"].sum()
        variant, region = ranked.idxmax()
        keep = g[(g["variant"] == variant) & ((g["region"] == region) | (g["region"] == ""))]
        first = int(keep["row"].iloc[0])
        for r in g["row"][~g.index.isin(keep.index)].tolist():
            conflicts[r] = "该信用代码在其他行属于名称不同（地区或分支机构）的企业"
            uscc[r] = ""
            reasons = ["信用代码相同", "名称的地区或分支机构不同"]
            pairs.append((r, first, 0.0, reasons, "code_conflict"))
    return True


def _contradicts_its_name(
    col: dict[str, np.ndarray], key_codes: np.ndarray, has_u: np.ndarray
) -> np.ndarray:
    """Rows without a valid code whose facts say they are not the coded firm of their name
    (a homophone typo can spell another real firm exactly): a typed code that is not one slip
    from that firm's, or another founding date and another representative or address. Those
    are left to the scored stage, which weighs every field."""
    out = np.zeros(len(key_codes), dtype=bool)
    coded = np.flatnonzero(has_u & (key_codes >= 0))
    loose = np.flatnonzero(~has_u & (key_codes >= 0))
    if not len(coded) or not len(loose):
        return out
    first = pd.Series(coded).groupby(key_codes[coded]).min()
    holder = first.reindex(key_codes[loose]).to_numpy()
    named = ~np.isnan(holder)
    rows, firm = loose[named], holder[named].astype(np.int64)
    typed = col["uscc_raw"][rows]
    long = np.fromiter(map(len, typed.tolist()), np.int64, len(rows)) == 18
    other_code = np.zeros(len(rows), dtype=bool)
    if long.any():
        slip = near_codes.slip(typed[long], col["uscc"][firm[long]])
        other_code[long] = slip == 3
    founded = col["founded"]
    other_date = (founded[rows] >= 0) & (founded[firm] >= 0) & (founded[rows] != founded[firm])
    other_fact = np.zeros(len(rows), dtype=bool)
    for fact in (col["legal_rep"], col["address"]):
        other_fact |= (fact[rows] != "") & (fact[firm] != "") & (fact[rows] != fact[firm])
    out[rows] = other_code | (other_date & other_fact)
    return out


def _keep_existing_firms_apart(
    labels: np.ndarray,
    comp: np.ndarray,
    anchor: np.ndarray,
    anchored_comp: np.ndarray,
    has_u: np.ndarray,
    pairs: list[RowPair],
) -> None:
    """Two existing firms must not end up as one without an official's decision."""
    crowded = distinct_per_group(labels, anchored_comp) > 1
    if not crowded.any():
        return
    for lab in np.unique(labels[crowded]).tolist():
        firms = np.unique(anchored_comp[(labels == lab) & (anchored_comp >= 0)]).tolist()
        keep_comp = min(firms, key=lambda c: (not has_u[c], c))
        for other in firms:
            if other == keep_comp:
                continue
            detached = np.flatnonzero((comp == other) & (anchor >= 0))
            labels[detached] = detached[0]
            pairs.append((int(detached[0]), int(keep_comp), 100.0, ["名称相同"], "two_firms"))


def _apply_decisions(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    uscc: np.ndarray,
    labels: np.ndarray,
    decisions: Mapping[tuple[str, str], str],
) -> int:
    if not decisions:
        return 0
    holders: dict[str, set[int]] = defaultdict(set)
    wanted = {k for pair in decisions for k in pair}
    key_codes, uniques = pd.factorize(col["key"])
    digests = np.array(["N:" + key_digest(k) for k in uniques], dtype=object)
    row_n = digests[key_codes]
    for r in np.flatnonzero(np.isin(row_n, list(wanted))).tolist():
        holders[row_n[r]].add(r)
    for r in np.flatnonzero(np.isin(uscc, [k[2:] for k in wanted if k.startswith("U:")])).tolist():
        holders["U:" + uscc[r]].add(r)
    if not holders:
        return 0
    done = 0
    for (ka, kb), decision in decisions.items():
        rows_a, rows_b = holders.get(ka), holders.get(kb)
        if not rows_a or not rows_b:
            continue
        labels[:] = canonical(labels)
        la = {int(labels[r]) for r in rows_a}
        lb = {int(labels[r]) for r in rows_b}
        if decision == "merge":
            target = min(la | lb)
            group = np.isin(labels, list(la | lb))
            codes = {u for u in uscc[group] if u}
            anchors = {int(x) for x in anchor[group] if x >= 0}
            if len(codes) <= 1 and len(anchors) <= 1 and len(la | lb) > 1:
                labels[group] = target
                done += 1
        elif decision == "separate" and la & lb:
            # The side without a USCC of its own steps out with its rows.
            side = rows_b if kb.startswith("N:") else rows_a
            moved = sorted(side)
            labels[moved] = moved[0]
            done += 1
    return done


def _open_pairs(
    cluster: np.ndarray,
    pairs: list[RowPair],
    uscc: np.ndarray,
    keys: np.ndarray,
    decisions: Mapping[tuple[str, str], str],
) -> list[Pair]:
    """Row pairs as pairs of clusters, once each, leaving out those already decided."""
    members: dict[int, list[int]] = defaultdict(list)
    wanted = {int(cluster[i]) for i, *_ in pairs} | {int(cluster[j]) for _, j, *_ in pairs}
    if wanted:
        for r in np.flatnonzero(np.isin(cluster, list(wanted))).tolist():
            members[int(cluster[r])].append(r)

    def keys_of(c: int) -> set[str]:
        return {k for r in members[c] for k in identity_keys(uscc[r], keys[r])}

    out: list[Pair] = []
    seen: set[tuple[int, int]] = set()
    for i, j, score, said, kind in pairs:
        a, b = int(cluster[i]), int(cluster[j])
        pk = (min(a, b), max(a, b))
        if a == b or pk in seen:
            continue
        seen.add(pk)
        if decisions and decided(decisions, keys_of(a), keys_of(b)):
            continue
        out.append(Pair(a, b, score, said, kind, i, j))
    return out


def join_evidence(
    result: Resolution, uscc: np.ndarray, keys: np.ndarray, labels: list[str]
) -> list[dict[str, object] | None]:
    """Per row: why it joined its firm (None for the row a firm starts from): the scored
    link with its evidence, else the shared credit code or name."""
    cluster = result.cluster[: len(labels)]
    frame = pd.DataFrame({"c": cluster, "u": uscc[: len(labels)], "k": keys[: len(labels)]})
    first = frame.groupby("c").cumcount().to_numpy() == 0
    same_code = (frame["u"] != "") & (frame.groupby(["c", "u"])["u"].transform("size") > 1)
    same_key = frame.groupby(["c", "k"])["k"].transform("size") > 1
    out: list[dict[str, object] | None] = []
    for i, (start, code, key) in enumerate(
        zip(first.tolist(), same_code.tolist(), same_key.tolist(), strict=True)
    ):
        link = result.links.get(i)
        if link is not None and link.other < len(labels):
            out.append({"score": link.score, "evidence": link.words, "with": labels[link.other]})
        elif start:
            out.append(None)
        elif code:
            out.append({"score": 100.0, "evidence": ["信用代码相同"]})
        elif key:
            out.append({"score": 100.0, "evidence": ["名称相同"]})
        else:
            out.append(None)
    return out
