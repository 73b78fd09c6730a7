"""The fuzzy stage of resolution (pure, vectorised): blocking on the name core, rapidfuzz on
each block in C, then the evidence of legal representative, address, phone, place and code
for every candidate pair at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from qifutong.imports.clusters import RowPair, Union, canonical, decided, identity_keys
from qifutong.uscc import differences

CANDIDATE = 85.0  # name similarity worth a look
MERGE = 90.0  # name similarity that merges with enough agreeing evidence
MAX_BLOCK = 2000


@dataclass
class Candidates:
    """Candidate pairs (row indices of representatives) with their name similarity."""

    query: np.ndarray
    other: np.ndarray
    score: np.ndarray


def block_keys(cores: np.ndarray) -> list[np.ndarray]:
    """Three integer keys per core (its 1st+2nd, 1st+3rd and 2nd+3rd characters), so that one
    typo anywhere in the first three still leaves one key in common."""
    chars = np.array(cores.tolist(), dtype="U3").view(np.uint32).reshape(len(cores), 3)
    c = chars.astype(np.int64)
    return [(c[:, 0] << 21) | c[:, 1], (c[:, 0] << 21) | c[:, 2], (c[:, 1] << 21) | c[:, 2]]


def candidates(core: np.ndarray, reps: np.ndarray, queries: np.ndarray) -> Candidates:
    """Pairs (query, rep) sharing a block key whose cores are at least CANDIDATE alike."""
    out_q: list[np.ndarray] = []
    out_c: list[np.ndarray] = []
    out_s: list[np.ndarray] = []
    if len(queries) == 0 or len(reps) == 0:
        return Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8))
    is_query = np.zeros(len(core), dtype=bool)
    is_query[queries] = True
    lengths: np.ndarray | None = None
    for codes in block_keys(core[reps]):
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        members = reps[order]
        starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
        ends = np.r_[starts[1:], len(order)]
        has_query = np.add.reduceat(is_query[members].astype(np.int64), starts) > 0
        for start, end in zip(starts[has_query].tolist(), ends[has_query].tolist(), strict=True):
            block = members[start:end]
            qs = block[is_query[block]]
            if len(block) > MAX_BLOCK:  # a very common key: keep cores of about the same length
                if lengths is None:
                    lengths = np.fromiter(map(len, core.tolist()), dtype=np.int64, count=len(core))
                block = block[np.abs(lengths[block] - int(np.median(lengths[qs]))) <= 1][:MAX_BLOCK]
            if len(block) < 2:
                continue
            scores = process.cdist(
                core[qs].tolist(),
                core[block].tolist(),
                scorer=fuzz.ratio,
                score_cutoff=CANDIDATE,
                dtype=np.uint8,
            )
            qi, ci = np.nonzero(scores)
            if len(qi):
                out_q.append(qs[qi])
                out_c.append(block[ci])
                out_s.append(scores[qi, ci])
    if not out_q:
        return Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8))
    q, c, s = np.concatenate(out_q), np.concatenate(out_c), np.concatenate(out_s)
    keep = q != c
    q, c, s = q[keep], c[keep], s[keep]
    pair = pd.DataFrame({"q": q, "c": c, "s": s}).drop_duplicates(["q", "c"])
    return Candidates(
        pair["q"].to_numpy(np.int64), pair["c"].to_numpy(np.int64), pair["s"].to_numpy(np.uint8)
    )


def _codes_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Positions in which equal-length codes differ (99 where a length differs or is 0)."""
    out = np.full(len(a), 99, dtype=np.int64)
    both = np.array([len(x) == 18 and len(y) == 18 for x, y in zip(a, b, strict=True)], bool)
    if both.any():
        xa = np.frombuffer("".join(a[both]).encode("ascii", "replace"), np.uint8).reshape(-1, 18)
        xb = np.frombuffer("".join(b[both]).encode("ascii", "replace"), np.uint8).reshape(-1, 18)
        out[both] = (xa != xb).sum(axis=1)
    return out


@dataclass
class Evidence:
    positives: np.ndarray
    conflicts: np.ndarray
    near_code: np.ndarray  # codes at most two characters apart


def evidence(col: dict[str, np.ndarray], q: np.ndarray, c: np.ndarray) -> Evidence:
    """Agreement and disagreement of the two sides of every pair, vectorised."""
    pos = np.zeros(len(q), dtype=np.int64)
    neg = np.zeros(len(q), dtype=np.int64)
    code = np.where(col["uscc"] != "", col["uscc"], col["uscc_raw"])
    ca, cb = code[q], code[c]
    both_codes = (ca != "") & (cb != "")
    apart = np.full(len(q), 99, dtype=np.int64)
    if both_codes.any():
        apart[both_codes] = _codes_apart(ca[both_codes], cb[both_codes])
    near = both_codes & (apart <= 2)
    both_valid = (col["uscc"][q] != "") & (col["uscc"][c] != "")
    pos += near
    neg += both_codes & ~near & ((apart < 99) | both_valid)
    for name in ("legal_rep",):
        a, b = col[name][q], col[name][c]
        both = (a != "") & (b != "")
        pos += both & (a == b)
        neg += both & (a != b)
    for name in ("phone", "place"):
        a, b = col[name][q], col[name][c]
        pos += (a != "") & (a == b)
    a, b = col["address"][q], col["address"][c]
    both = (a != "") & (b != "")
    if both.any():
        sim = np.zeros(len(q), dtype=np.float64)
        sim[both] = process.cpdist(a[both].tolist(), b[both].tolist(), scorer=fuzz.ratio)
        pos += both & (sim >= 90)
        neg += both & (sim < 70)
    return Evidence(pos, neg, near)


def reasons(col: dict[str, np.ndarray], i: int, j: int) -> tuple[int, int, bool, list[str]]:
    """The same evidence for one pair, in words (positives, conflicts, near code, reasons)."""
    pos = neg = 0
    near = False
    said: list[str] = []
    ua = col["uscc"][i] or col["uscc_raw"][i]
    ub = col["uscc"][j] or col["uscc_raw"][j]
    if ua and ub:
        d = differences(ua, ub)
        if d <= 2:
            pos, near = pos + 1, True
            said.append(f"信用代码仅差{d}位")
        elif d < 99 or (col["uscc"][i] and col["uscc"][j]):
            neg += 1
            said.append("信用代码不同")
    ra, rb = col["legal_rep"][i], col["legal_rep"][j]
    if ra and rb:
        if ra == rb:
            pos += 1
            said.append("法定代表人相同")
        else:
            neg += 1
            said.append("法定代表人不同")
    aa, ab = col["address"][i], col["address"][j]
    if aa and ab:
        sim = fuzz.ratio(aa, ab)
        if sim >= 90:
            pos += 1
            said.append("地址一致" if sim == 100 else "地址相近")
        elif sim < 70:
            neg += 1
            said.append("地址不同")
    if col["phone"][i] and col["phone"][i] == col["phone"][j]:
        pos += 1
        said.append("联系电话相同")
    if col["place"][i] and col["place"][i] == col["place"][j]:
        pos += 1
        said.append("同一楼宇房号")
    return pos, neg, near, said


def fuzzy_stage(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    labels: np.ndarray,
    uscc: np.ndarray,
    pairs: list[RowPair],
    decisions: Mapping[tuple[str, str], str],
) -> int:
    """Groups without a valid USCC or an existing firm, against every group."""
    n = len(labels)
    reps = np.flatnonzero(labels == np.arange(n))
    coded = uscc != ""
    has_code = np.zeros(n, dtype=bool)
    has_code[labels[coded]] = True
    code_of = np.full(n, "", dtype=object)
    code_of[labels[coded]] = uscc[coded]  # a group holds one code at most
    has_anchor = np.zeros(n, dtype=bool)
    has_anchor[labels[anchor >= 0]] = True
    queries = reps[~has_code[reps] & ~has_anchor[reps]]
    found = candidates(col["core"], reps, queries)
    if len(found.query) == 0:
        return 0
    q, c, score = found.query, found.other, found.score.astype(np.float64)
    keys, region, branch, form = col["key"], col["region"], col["branch"], col["form"]
    fits = (keys[q] != keys[c]) & (branch[q] == branch[c])  # the same name: settled already
    fits &= (region[q] == "") | (region[c] == "") | (region[q] == region[c])
    fits &= (form[q] == "") | (form[c] == "") | (form[q] == form[c])
    q, c, score = q[fits], c[fits], score[fits]
    ev = evidence(col, q, c)
    pos, neg = ev.positives, ev.conflicts
    same_region = region[q] == region[c]
    auto = (score >= MERGE) & (neg == 0) & (ev.near_code | (pos >= 2)) & same_region
    auto |= (score == 100) & (neg == 0) & (pos >= 1)
    review = ~auto & (
        ((pos >= 1) & (neg == 0)) | ((score >= 95) & (neg == 0)) | ((pos >= 2) & (neg <= 1))
    )
    union = Union(labels)
    merges = 0
    by_query: dict[int, list[tuple[int, float, bool]]] = defaultdict(list)
    for qi, ci, s, a in zip(
        q[auto | review].tolist(),
        c[auto | review].tolist(),
        score[auto | review].tolist(),
        auto[auto | review].tolist(),
        strict=True,
    ):
        if decisions and decided(
            decisions,
            set(identity_keys(uscc[qi], keys[qi])),
            set(identity_keys(uscc[ci], keys[ci])),
        ):
            continue
        by_query[qi].append((ci, s, a))
    for qi, found_pairs in by_query.items():
        sure = [(ci, s) for ci, s, a in found_pairs if a]
        # One clear match merges; several are for an official to choose between.
        if len({int(labels[ci]) for ci, _ in sure}) == 1:
            ci = sure[0][0]
            ra, rc = union.find(qi), union.find(ci)
            two_firms = has_anchor[ra] and has_anchor[rc]
            two_codes = has_code[ra] and has_code[rc] and code_of[ra] != code_of[rc]
            if ra != rc and not two_firms and not two_codes:
                root = union.union(ra, rc)
                other = rc if root == ra else ra
                has_code[root] |= has_code[other]
                has_anchor[root] |= has_anchor[other]
                code_of[root] = code_of[root] or code_of[other]
                merges += 1
            sure = []
        for ci, s, a in found_pairs:
            if a and not sure:
                continue
            *_, said = reasons(col, qi, ci)
            pairs.append((qi, ci, s, [f"名称相似度{s:.0f}", *said], "fuzzy"))
    if merges:
        labels[:] = canonical(union.parent)[labels]
    return merges
