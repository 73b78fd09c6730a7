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
from rapidfuzz import fuzz, process

from qifutong.names import key_digest
from qifutong.uscc import differences

COLUMNS = (
    "uscc",  # valid code or ""
    "uscc_raw",  # the code as typed, normalised, when it is not valid ("" otherwise)
    "key",  # name key (names.NameParts.key)
    "core",
    "region",
    "branch",
    "form",
    "legal_rep",
    "address",  # comparable address (address_key)
    "phone",
    "place",  # building id and room, when known
    "anchor",  # id of an existing firm this row stands for, else -1
)
FUZZY_CANDIDATE = 85.0
FUZZY_MERGE = 90.0
MAX_BLOCK = 400


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

    @property
    def clusters(self) -> int:
        return int(self.cluster.max()) + 1 if len(self.cluster) else 0


def identity_keys(uscc: str, key: str) -> tuple[str, ...]:
    """The keys by which review decisions name a side: its USCC and its name."""
    keys = ("N:" + key_digest(key),)
    return (("U:" + uscc), *keys) if uscc else keys


def primary_key(uscc: str, key: str) -> str:
    return identity_keys(uscc, key)[0]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return int(root)

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra
        return ra


def _propagate(labels: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Connected components: rows sharing any group id (≥ 0) end with one label, the least
    row index among them (so every label is a row of its own component)."""
    labels = labels.copy()
    while True:
        before = labels.copy()
        for g in groups:
            ok = g >= 0
            if ok.any():
                labels[ok] = pd.Series(labels[ok]).groupby(g[ok]).transform("min").to_numpy()
        if np.array_equal(labels, before):
            return labels


def _region_ok(a: str, b: str) -> bool:
    return not a or not b or a == b


def _evidence(rows: dict[str, np.ndarray], i: int, j: int) -> tuple[int, int, bool, list[str]]:
    """(positives, conflicts, code one typo away, reasons) for representative rows i and j."""
    pos = neg = 0
    near = False
    reasons: list[str] = []
    ua, ub = rows["uscc"][i] or rows["uscc_raw"][i], rows["uscc"][j] or rows["uscc_raw"][j]
    if ua and ub:
        d = differences(ua, ub)
        if d <= 2:
            pos, near = pos + 1, True
            reasons.append(f"信用代码仅差{d}位")
        elif d < 99 or (rows["uscc"][i] and rows["uscc"][j]):
            neg += 1
            reasons.append("信用代码不同")
    ra, rb = rows["legal_rep"][i], rows["legal_rep"][j]
    if ra and rb:
        if ra == rb:
            pos += 1
            reasons.append("法定代表人相同")
        else:
            neg += 1
            reasons.append("法定代表人不同")
    aa, ab = rows["address"][i], rows["address"][j]
    if aa and ab:
        sim = fuzz.ratio(aa, ab)
        if sim >= 90:
            pos += 1
            reasons.append("地址一致" if sim == 100 else "地址相近")
        elif sim < 70:
            neg += 1
            reasons.append("地址不同")
    pa, pb = rows["phone"][i], rows["phone"][j]
    if pa and pb and pa == pb:
        pos += 1
        reasons.append("联系电话相同")
    la, lb = rows["place"][i], rows["place"][j]
    if la and lb and la == lb:
        pos += 1
        reasons.append("同一楼宇房号")
    return pos, neg, near, reasons


def resolve(
    rows: pd.DataFrame, decisions: Mapping[tuple[str, str], str] | None = None
) -> Resolution:
    """Cluster the rows (columns COLUMNS) into firms."""
    decisions = decisions or {}
    n = len(rows)
    if n == 0:
        return Resolution(np.zeros(0, dtype=np.int64))
    col = {c: rows[c].to_numpy(dtype=object) for c in COLUMNS if c != "anchor"}
    anchor = rows["anchor"].to_numpy(dtype=np.int64)
    uscc = col["uscc"].copy()
    conflicts: dict[int, str] = {}
    pairs: list[tuple[int, int, float, list[str], str]] = []  # row-level, mapped at the end

    # 0. One USCC, one firm: rows whose name says another region or a branch step aside.
    has_u = uscc != ""
    if has_u.any():
        frame = pd.DataFrame(
            {
                "u": uscc[has_u],
                "variant": col["branch"][has_u],
                "region": col["region"][has_u],
                "anchor": anchor[has_u] >= 0,
                "row": np.flatnonzero(has_u),
            }
        )
        multi = frame.groupby("u")["variant"].transform("nunique") > 1
        regions = frame[frame["region"] != ""].groupby("u")["region"].nunique()
        multi |= frame["u"].map(regions).fillna(0).to_numpy() > 1
        for _, g in frame[multi].groupby("u", sort=False):
            ranked = g.assign(w=g["anchor"] * 10**9 + 1).groupby(["variant", "region"])["w"].sum()
            variant, region = ranked.idxmax()
            keep = g[(g["variant"] == variant) & ((g["region"] == region) | (g["region"] == ""))]
            first = int(keep["row"].iloc[0])
            for r in g["row"][~g.index.isin(keep.index)].tolist():
                conflicts[r] = "该信用代码在其他行属于名称不同（地区或分支机构）的企业"
                uscc[r] = ""
                pairs.append(
                    (r, first, 0.0, ["信用代码相同", "名称的地区或分支机构不同"], "code_conflict")
                )
        has_u = uscc != ""

    # A. Components by valid USCC; every other row on its own.
    comp = np.arange(n)
    if has_u.any():
        codes, _ = pd.factorize(uscc[has_u])
        firsts = pd.Series(np.flatnonzero(has_u)).groupby(codes).transform("min").to_numpy()
        comp[has_u] = firsts
    comp_anchor = pd.Series(anchor >= 0).groupby(comp).transform("max").to_numpy()
    identified = has_u | comp_anchor

    # B. Name keys: link when the name stands for at most one USCC and one existing firm.
    keys = col["key"]
    key_codes, _ = pd.factorize(keys)
    kf = pd.DataFrame({"k": key_codes, "u": np.where(has_u, uscc, None), "c": comp})
    n_uscc = kf.groupby("k")["u"].transform("nunique").to_numpy()
    anchored_comp = np.where(comp_anchor, comp, -1)
    n_anchor = (
        pd.Series(np.where(anchored_comp >= 0, anchored_comp, np.nan))
        .groupby(key_codes)
        .transform("nunique")
        .to_numpy()
    )
    linkable = (n_uscc <= 1) & (n_anchor <= 1)
    labels = _propagate(comp, [np.where(linkable, key_codes, -1), comp])

    # Two existing firms must not end up as one without an official's decision.
    lab_anchor = pd.DataFrame({"l": labels, "c": anchored_comp})
    lab_anchor = lab_anchor[lab_anchor["c"] >= 0]
    crowded = lab_anchor.groupby("l")["c"].nunique()
    for lab in crowded[crowded > 1].index.tolist():
        firms = lab_anchor[lab_anchor["l"] == lab]["c"].unique().tolist()
        keep_comp = min(firms, key=lambda c: (not has_u[c], c))
        for other in firms:
            if other == keep_comp:
                continue
            detached = np.flatnonzero((comp == other) & (anchor >= 0))
            labels[detached] = detached[0]
            pairs.append((int(detached[0]), int(keep_comp), 100.0, ["名称相同"], "two_firms"))

    # C. Names shared by several firms: a row without a code goes where the evidence points.
    ambiguous = np.flatnonzero(~linkable & ~identified)
    if len(ambiguous):
        by_key: dict[int, list[int]] = defaultdict(list)
        for r in np.flatnonzero(identified & ~linkable).tolist():
            by_key[int(key_codes[r])].append(r)
        for r in ambiguous.tolist():
            seen: dict[int, int] = {}
            for cand in by_key.get(int(key_codes[r]), []):
                seen.setdefault(int(labels[cand]), cand)
            scored = []
            for lab, cand in seen.items():
                pos, neg, near, reasons = _evidence(col, r, cand)
                scored.append((pos - neg + 2 * near, lab, cand, reasons))
            scored.sort(reverse=True)
            if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] <= 0):
                labels[r] = scored[0][1]
            else:
                for _, _, cand, reasons in scored[:3]:
                    pairs.append((r, cand, 100.0, ["名称相同", *reasons], "same_name"))

    # D. Fuzzy: groups without a valid USCC against all others, blocked on the core.
    labels = _canonical(labels)
    fuzzy_merges = _fuzzy(col, anchor, labels, uscc, pairs, decisions)

    # E. Decisions taken earlier win.
    decided = _apply_decisions(col, anchor, uscc, labels, decisions)

    labels = _canonical(labels)
    cluster, _ = pd.factorize(labels)
    result = Resolution(cluster.astype(np.int64), conflicts=conflicts, fuzzy_merges=fuzzy_merges)
    result.decided = decided
    members: dict[int, list[int]] = defaultdict(list)
    wanted = {int(cluster[i]) for i, *_ in pairs} | {int(cluster[j]) for _, j, *_ in pairs}
    if wanted:
        for r in np.flatnonzero(np.isin(cluster, list(wanted))).tolist():
            members[int(cluster[r])].append(r)

    def keys_of(c: int) -> set[str]:
        return {k for r in members[c] for k in identity_keys(uscc[r], keys[r])}

    seen_pairs: set[tuple[int, int]] = set()
    for i, j, score, reasons, kind in pairs:
        a, b = int(cluster[i]), int(cluster[j])
        if a == b:
            continue
        pk = (min(a, b), max(a, b))
        if pk in seen_pairs:
            continue
        seen_pairs.add(pk)
        if decisions and _decided(decisions, keys_of(a), keys_of(b)):
            continue
        result.pairs.append(Pair(a, b, score, reasons, kind, i, j))
    return result


def _decided(
    decisions: Mapping[tuple[str, str], str], keys_a: set[str], keys_b: set[str]
) -> str | None:
    for ka in keys_a:
        for kb in keys_b:
            found = decisions.get((ka, kb) if ka <= kb else (kb, ka))
            if found is not None:
                return found
    return None


def _canonical(labels: np.ndarray) -> np.ndarray:
    """Labels pointing at themselves (a row index per component)."""
    labels = labels.copy()
    while True:
        nxt = labels[labels]
        if np.array_equal(nxt, labels):
            return labels
        labels = nxt


def _block_keys(core: str) -> tuple[str, ...]:
    """Three keys so that one typo anywhere still leaves one in common."""
    if len(core) < 3:
        return (core,)
    return (core[:2], core[0] + core[2], core[1:3])


def _fuzzy(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    labels: np.ndarray,
    uscc: np.ndarray,
    pairs: list[tuple[int, int, float, list[str], str]],
    decisions: Mapping[tuple[str, str], str],
) -> int:
    n = len(labels)
    reps = np.flatnonzero(labels == np.arange(n))
    comp_u = pd.Series(uscc, dtype=object).where(uscc != "").groupby(labels).first()
    comp_has_u = comp_u.notna().reindex(range(n), fill_value=False).to_numpy(copy=True)
    comp_anchor = pd.Series(anchor >= 0).groupby(labels).max().reindex(range(n), fill_value=False)
    comp_anchor_arr = comp_anchor.to_numpy(copy=True)
    core, region, branch, form = col["core"], col["region"], col["branch"], col["form"]
    index: dict[str, list[int]] = defaultdict(list)
    for r in reps.tolist():
        for bk in _block_keys(core[r]):
            index[bk].append(r)
    union = _Union(n)
    merges = 0
    queries = [r for r in reps.tolist() if not comp_has_u[r] and not comp_anchor_arr[r]]
    for r in queries:
        seen: set[int] = set()
        for bk in _block_keys(core[r]):
            block = index.get(bk, [])
            if len(block) > MAX_BLOCK:
                size = len(core[r])
                block = [c for c in block if abs(len(core[c]) - size) <= 1][:MAX_BLOCK]
            seen.update(block)
        seen.discard(r)
        if not seen:
            continue
        cands = list(seen)
        hits = process.extract(
            core[r],
            [core[c] for c in cands],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_CANDIDATE,
            limit=None,
        )
        sure: list[tuple[int, float, list[str]]] = []
        for _, score, at in hits:
            c = cands[at]
            if col["key"][c] == col["key"][r]:
                continue  # the same name: settled by the exact stages
            if branch[c] != branch[r] or not _region_ok(region[r], region[c]):
                continue
            if form[r] and form[c] and form[r] != form[c]:
                continue
            if decisions and _decided(
                decisions,
                set(identity_keys(uscc[r], col["key"][r])),
                set(identity_keys(uscc[c], col["key"][c])),
            ):
                continue
            pos, neg, near, reasons = _evidence(col, r, c)
            same_region = region[r] == region[c]
            auto = score >= FUZZY_MERGE and neg == 0 and (near or pos >= 2) and same_region
            auto |= score == 100 and neg == 0 and pos >= 1
            label = [f"名称相似度{score:.0f}", *reasons]
            if auto:
                sure.append((c, float(score), label))
            elif (pos >= 1 and neg == 0) or (score >= 95 and neg == 0) or (pos >= 2 and neg <= 1):
                pairs.append((r, c, float(score), label, "fuzzy"))
        # One clear match merges; several are for an official to choose between.
        targets = {union.find(c) for c, _, _ in sure}
        if len(targets) == 1:
            c = sure[0][0]
            ra, rc = union.find(r), union.find(c)
            if ra != rc and _compatible(ra, rc, comp_has_u, comp_anchor_arr, comp_u):
                root = union.union(ra, rc)
                other = rc if root == ra else ra
                comp_has_u[root] |= comp_has_u[other]
                comp_anchor_arr[root] |= comp_anchor_arr[other]
                if pd.isna(comp_u.get(root)) and not pd.isna(comp_u.get(other)):
                    comp_u[root] = comp_u[other]
                merges += 1
        else:
            pairs.extend((r, c, score, label, "fuzzy") for c, score, label in sure)
    if merges:
        roots = np.array([union.find(int(x)) for x in labels])
        labels[:] = roots
    return merges


def _compatible(
    a: int, b: int, has_u: np.ndarray, has_anchor: np.ndarray, comp_u: pd.Series
) -> bool:
    if has_anchor[a] and has_anchor[b]:
        return False
    if has_u[a] and has_u[b]:
        return bool(comp_u.get(a) == comp_u.get(b))
    return True


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
        labels[:] = _canonical(labels)
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
