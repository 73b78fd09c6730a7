"""The scored stage of resolution (pure, vectorised): rows no credit code identifies are
compared with the rows blocking puts beside them, every field weighed as evidence
(qifutong/enterprises/roster/evidence.py); pairs above the match weight merge, pairs in the
review band go to an official with their evidence.

Blocking finds the pairs a person would look at without comparing everything with
everything: valid codes one slip from a mistyped one, the same mistyped code, names that
sound or look alike, the same representative with the same founding date or capital, the
same address, the same phone, and rapidfuzz on name cores sharing two of their first three
characters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from qifutong.enterprises.roster import chars, evidence, near_codes
from qifutong.enterprises.roster.clusters import (
    RowPair,
    Union,
    canonical,
    codes,
    decided,
    identity_keys,
)

CANDIDATE = 85.0  # name similarity worth a look
MAX_BLOCK = 2000
MAX_GROUP = 40  # rows sharing a blocking key beyond which the key says nothing
MERGE_AT = 12.0  # log2 odds: about 4,000 to 1
REVIEW_AT = 2.0


@dataclass
class Link:
    """Why a row joined its firm: the row it was compared with, the weight, the evidence."""

    other: int
    score: float
    words: list[str]


def chance(weight: float) -> float:
    """A match weight (log2 odds) as the chance in percent that the pair is one firm."""
    return round(100.0 / (1.0 + 2.0**-weight), 1)


def _ambiguous(
    labels: np.ndarray,
    code_of: np.ndarray,
    anchor: np.ndarray,
    q: np.ndarray,
    c: np.ndarray,
    score: np.ndarray,
    sure: np.ndarray,
) -> np.ndarray:
    """Sure pairs whose query group has another sure candidate, nearly as strong, that is a
    different coded or existing firm: a guess either way, so neither merges."""
    idx = np.flatnonzero(sure)
    if not len(idx):
        return np.zeros(len(q), dtype=bool)
    target = np.where(code_of[labels[c[idx]]] != "", code_of[labels[c[idx]]], "")
    target = np.where((target == "") & (anchor[c[idx]] >= 0), anchor[c[idx]].astype(str), target)
    frame = pd.DataFrame({"g": labels[q[idx]], "t": target, "s": score[idx], "i": idx})
    best = frame.groupby("g")["s"].transform("max")
    close = frame[(frame["s"] >= best - 6) & (frame["t"] != "")]
    firms = close.groupby("g")["t"].transform("nunique")
    out = np.zeros(len(q), dtype=bool)
    out[close["i"].to_numpy()[firms.to_numpy() > 1]] = True
    return out


def block_keys(cores: np.ndarray) -> list[np.ndarray]:
    """Three integer keys per core (its 1st+2nd, 1st+3rd and 2nd+3rd characters), so that one
    typo anywhere in the first three still leaves one key in common."""
    chars3 = np.array(cores.tolist(), dtype="U3").view(np.uint32).reshape(len(cores), 3)
    c = chars3.astype(np.int64)
    return [(c[:, 0] << 21) | c[:, 1], (c[:, 0] << 21) | c[:, 2], (c[:, 1] << 21) | c[:, 2]]


def name_candidates(
    core: np.ndarray, reps: np.ndarray, queries: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (query, rep) sharing a block key whose cores are at least CANDIDATE alike."""
    out_q: list[np.ndarray] = [np.zeros(0, np.int64)]
    out_c: list[np.ndarray] = [np.zeros(0, np.int64)]
    if len(queries) == 0 or len(reps) == 0:
        return out_q[0], out_c[0]
    is_query = np.zeros(len(core), dtype=bool)
    is_query[queries] = True
    lengths: np.ndarray | None = None
    for keys in block_keys(core[reps]):
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        members = reps[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
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
            out_q.append(qs[qi])
            out_c.append(block[ci])
    return np.concatenate(out_q), np.concatenate(out_c)


def key_candidates(key: np.ndarray, is_query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (query row, other row) sharing an integer key (≥ 0), in groups of MAX_GROUP rows
    at most."""
    rows = np.flatnonzero(key >= 0)
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    frame = pd.DataFrame({"k": key[rows], "r": rows})
    sizes = frame.groupby("k")["r"].transform("size").to_numpy()
    frame = frame[(sizes > 1) & (sizes <= MAX_GROUP)]
    queries = frame[is_query[frame["r"].to_numpy()]]
    pairs = queries.merge(frame, on="k", suffixes=("_q", "_c"))
    return pairs["r_q"].to_numpy(np.int64), pairs["r_c"].to_numpy(np.int64)


def _joint(*parts: np.ndarray) -> np.ndarray:
    """One integer key from several columns; -1 where any part is empty."""
    frame = pd.DataFrame({str(i): p for i, p in enumerate(parts)})
    key = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy(np.int64).copy()
    for p in parts:
        empty = (p == -1) if p.dtype.kind in "if" else (p == "")
        key[empty] = -1
    return key


def code_candidates(
    code: np.ndarray, valid: np.ndarray, is_query: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Query rows with a mistyped 18-character code → a row holding a valid code one slip
    away."""
    typed = np.flatnonzero(is_query & (valid == "") & (code != ""))
    holders = np.flatnonzero(valid != "")
    if not len(typed) or not len(holders):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    idx, cand, _ = near_codes.near_valid_codes(code[typed])
    index = pd.Index(valid[holders])
    first = ~index.duplicated()
    lookup = pd.Index(valid[holders][first])
    at = lookup.get_indexer(cand)
    found = at >= 0
    return typed[idx[found]], holders[first][at[found]]


def known_pairs(uscc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows sharing a valid credit code (each row with the first of its code): the
    duplicates the roster proves itself, from which m is counted."""
    rows = np.flatnonzero(uscc != "")
    if not len(rows):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    code_ids, _ = pd.factorize(uscc[rows])
    _, at = np.unique(code_ids, return_index=True)  # ids count from 0 in order of appearance
    first = rows[at][code_ids]
    other = rows != first
    a, b = rows[other][: evidence.KNOWN_PAIRS], first[other][: evidence.KNOWN_PAIRS]
    return a.astype(np.int64), b.astype(np.int64)


def sides(col: dict[str, np.ndarray], labels: np.ndarray, code_of: np.ndarray) -> evidence.Sides:
    raw = col["uscc_raw"]
    typed = np.where(np.fromiter(map(len, raw.tolist()), np.int64, len(raw)) == 18, raw, "")
    core_codes, cores = pd.factorize(col["core"], use_na_sentinel=False)
    cores = np.asarray(cores, dtype=object)
    split = [chars.split_trade(core) for core in cores.tolist()]
    trades = np.array([trade for trade, _ in split], dtype=object)
    industries = np.array([words for _, words in split], dtype=object)
    address_codes, addresses = pd.factorize(col["address"], use_na_sentinel=False)
    street = evidence.streets(np.asarray(addresses, dtype=object))
    return evidence.Sides(
        code=np.where(col["uscc"] != "", col["uscc"], typed),
        cluster_code=code_of[labels],
        core=core_codes.astype(np.int64),
        sound=chars.sound_keys(cores)[core_codes],
        legal_rep=codes(col["legal_rep"]),
        address=col["address"],
        address_id=np.where(col["address"] == "", -1, address_codes).astype(np.int64),
        capital=col["capital"].astype(np.float64),
        founded=col["founded"].astype(np.int64),
        phone=codes(col["phone"]),
        place=codes(col["place"]),
        alike=chars.alike_text(cores)[core_codes],
        trade=chars.sound_keys(trades)[core_codes],
        industry=codes(industries)[core_codes],
        street=street[address_codes],
    )


def scored_stage(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    labels: np.ndarray,
    uscc: np.ndarray,
    pairs: list[RowPair],
    decisions: Mapping[tuple[str, str], str],
) -> tuple[int, dict[int, Link]]:
    """Groups without a valid USCC or an existing firm, against every group: (merges, the
    link that joined each merged row)."""
    n = len(labels)
    coded = uscc != ""
    has_code = np.zeros(n, dtype=bool)
    has_code[labels[coded]] = True
    code_of = np.full(n, "", dtype=object)
    code_of[labels[coded]] = uscc[coded]  # a group holds one code at most
    has_anchor = np.zeros(n, dtype=bool)
    has_anchor[labels[anchor >= 0]] = True
    is_query = ~has_code[labels] & ~has_anchor[labels]
    if not is_query.any():
        return 0, {}
    s = sides(col, labels, code_of)
    reps = np.flatnonzero(labels == np.arange(n))
    found = [
        code_candidates(s.code, uscc, is_query),
        key_candidates(codes(np.where(uscc == "", s.code, "")), is_query),
        key_candidates(s.sound, is_query),
        key_candidates(_joint(s.legal_rep, s.founded), is_query),
        key_candidates(_joint(s.legal_rep, np.nan_to_num(s.capital, nan=-1)), is_query),
        key_candidates(s.address_id, is_query),
        key_candidates(s.phone, is_query),
        name_candidates(col["core"], reps, np.flatnonzero(is_query & (labels == np.arange(n)))),
    ]
    q = np.concatenate([f[0] for f in found])
    c = np.concatenate([f[1] for f in found])
    q, c = _fit(col, anchor, labels, has_code, code_of, q, c)
    if not len(q):
        return 0, {}
    weights, levels = evidence.estimate(s, q, c, known_pairs(uscc))
    score = weights.score(levels)
    # A name not the same (nor alike in sound or shape) needs a fact of the firm itself,
    # not only of its owner or its office: the same code, or founding date and capital.
    name_says_other = levels["name"] >= 2
    identity = (levels["code"] >= 0) & (levels["code"] <= 2)
    identity |= (levels["founded"] == 0) & (levels["capital"] != 1)
    sure = (score >= MERGE_AT) & (~name_says_other | identity)
    sure &= ~_ambiguous(labels, code_of, anchor, q, c, score, sure)
    return _decide(col, anchor, labels, uscc, has_code, code_of, has_anchor, q, c, score, sure,
                   levels, pairs, decisions)  # fmt: skip


def _fit(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    labels: np.ndarray,
    has_code: np.ndarray,
    code_of: np.ndarray,
    q: np.ndarray,
    c: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs once each, in other groups, that no rule keeps apart."""
    keep = labels[q] != labels[c]
    q, c = q[keep], c[keep]
    # The first of each pair, either way round, in the order found.
    pair = np.minimum(q, c) * len(labels) + np.maximum(q, c)
    _, first = np.unique(pair, return_index=True)
    first.sort()
    q, c = q[first].astype(np.int64), c[first].astype(np.int64)
    # As integers (few distinct values): comparing them is cheaper than comparing texts.
    region, branch, form = codes(col["region"]), codes(col["branch"]), codes(col["form"])
    fits = branch[q] == branch[c]
    fits &= (region[q] == -1) | (region[c] == -1) | (region[q] == region[c])
    fits &= (form[q] == -1) | (form[c] == -1) | (form[q] == form[c])
    lq, lc = labels[q], labels[c]
    fits &= ~(has_code[lq] & has_code[lc] & (code_of[lq] != code_of[lc]))
    fits &= ~((anchor[q] >= 0) & (anchor[c] >= 0))
    return q[fits], c[fits]


def _decide(
    col: dict[str, np.ndarray],
    anchor: np.ndarray,
    labels: np.ndarray,
    uscc: np.ndarray,
    has_code: np.ndarray,
    code_of: np.ndarray,
    has_anchor: np.ndarray,
    q: np.ndarray,
    c: np.ndarray,
    score: np.ndarray,
    sure: np.ndarray,
    levels: dict[str, np.ndarray],
    pairs: list[RowPair],
    decisions: Mapping[tuple[str, str], str],
) -> tuple[int, dict[int, Link]]:
    """Merge sure pairs best first, never joining two codes or two existing firms; what is
    left above the review weight goes to review."""
    keys = col["key"]
    order = np.argsort(-score, kind="stable")
    order = order[score[order] >= REVIEW_AT]
    union = Union(labels)
    merges = 0
    links: dict[int, Link] = {}
    reviewed: set[tuple[int, int]] = set()
    per_query: dict[int, int] = {}
    for i in order.tolist():
        qi, ci = int(q[i]), int(c[i])
        if decisions and decided(
            decisions,
            set(identity_keys(uscc[qi], keys[qi])),
            set(identity_keys(uscc[ci], keys[ci])),
        ):
            continue
        ra, rc = union.find(qi), union.find(ci)
        if ra == rc:
            continue
        two_firms = has_anchor[ra] and has_anchor[rc]
        two_codes = has_code[ra] and has_code[rc] and code_of[ra] != code_of[rc]
        said = evidence.words(levels, i)
        if sure[i] and not two_firms and not two_codes:
            root = union.union(ra, rc)
            other = rc if root == ra else ra
            has_code[root] |= has_code[other]
            has_anchor[root] |= has_anchor[other]
            code_of[root] = code_of[root] or code_of[other]
            merges += 1
            links.setdefault(qi, Link(ci, chance(float(score[i])), said))
            continue
        pk = (min(ra, rc), max(ra, rc))
        if pk in reviewed or per_query.get(qi, 0) >= 3:
            continue
        reviewed.add(pk)
        per_query[qi] = per_query.get(qi, 0) + 1
        pairs.append((qi, ci, chance(float(score[i])), said, "scored"))
    if merges:
        labels[:] = canonical(union.parent)[labels]
    return merges, links
