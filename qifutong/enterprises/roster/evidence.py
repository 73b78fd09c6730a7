"""Every field as evidence, as Fellegi–Sunter record linkage weighs it (pure, vectorised).

Each candidate pair of rows is compared field by field; each comparison falls into a level
(the same, one slip apart, alike, different; missing on either side says nothing). A level
weighs log2(m / u): m is how often true duplicates show it, u how often two unrelated rows
do. u is counted on random pairs of the roster; m is estimated by expectation–maximisation
over the candidate pairs, starting from what street rosters show and held near it by a prior,
so a small roster cannot talk itself into odd weights. A pair's weight is the sum over its
fields; its evidence, in words, is the levels that made it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from qifutong.enterprises.roster import near_codes

MISSING = -1
# Field → the words for each level, in level order.
LEVELS: dict[str, tuple[str, ...]] = {
    "code": ("信用代码相同", "代码差一位", "代码相邻两位颠倒", "信用代码不同"),
    "name": ("名称相同", "名称同音或形近", "名称相近", "字号相同、行业不同", "名称不同"),
    "rep": ("法定代表人相同", "法定代表人不同"),
    "address": ("地址相同", "地址相近", "地址不同"),
    "capital": ("注册资本相同", "注册资本不同"),
    "founded": ("成立日期相同", "成立日期不同"),
    "phone": ("联系电话相同", "联系电话不同"),
    "place": ("同一楼宇房号", "楼宇房号不同"),
}
FIELDS = tuple(LEVELS)
# Where m starts (and what the prior holds it near): how true duplicates in rosters compare.
M_START: dict[str, tuple[float, ...]] = {
    "code": (0.90, 0.05, 0.03, 0.02),
    "name": (0.60, 0.12, 0.18, 0.04, 0.06),
    "rep": (0.94, 0.06),
    "address": (0.75, 0.20, 0.05),
    "capital": (0.94, 0.06),
    "founded": (0.96, 0.04),
    "phone": (0.80, 0.20),
    "place": (0.85, 0.15),
}
# Where u starts: how two unrelated rows of a street roster compare (a small roster's own
# random pairs say little, so these stand behind them).
U_START: dict[str, tuple[float, ...]] = {
    "code": (1e-6, 1e-6, 1e-6, 1.0),
    "name": (1e-5, 1e-5, 1e-3, 1e-4, 1.0),
    "rep": (3e-4, 1.0),
    "address": (1e-5, 1e-3, 1.0),
    "capital": (0.15, 0.85),
    "founded": (3e-4, 1.0),
    "phone": (1e-6, 1.0),
    "place": (1e-3, 1.0),
}
PRIOR_WEIGHT = 50.0  # pseudo-pairs behind M_START
U_PRIOR_WEIGHT = 2000.0  # pseudo-pairs behind U_START
RANDOM_PAIRS = 200_000
KNOWN_PAIRS = 200_000


@dataclass
class Sides:
    """The columns a comparison reads, one entry per row."""

    # Fields compared only for equality are integer ids (-1 where empty): the same text, the
    # same id.
    code: np.ndarray  # valid code, else the code as typed when it has 18 characters, else ""
    cluster_code: np.ndarray  # the valid code of the row's group, else ""
    core: np.ndarray  # id of the name's core
    sound: np.ndarray  # chars.sound_keys of the core
    legal_rep: np.ndarray  # id
    address: np.ndarray  # the comparable address (text)
    address_id: np.ndarray
    capital: np.ndarray  # yuan, NaN when unknown
    founded: np.ndarray  # days since 1970, -1 when unknown
    phone: np.ndarray  # id
    place: np.ndarray  # id
    alike: np.ndarray  # chars.alike_text of the core
    trade: np.ndarray  # sound key of the trade name (chars.split_trade)
    industry: np.ndarray  # id of the industry words of the core, -1 when none
    street: np.ndarray  # the address up to its first 号 (road and number), else ""


def _equal_or_missing(a: np.ndarray, b: np.ndarray, empty: int = -1) -> np.ndarray:
    out = np.where(a == b, 0, 1).astype(np.int8)
    out[(a == empty) | (b == empty)] = MISSING
    return out


def streets(address: np.ndarray) -> np.ndarray:
    """The part of each address up to its first 号 (road and number)."""
    return np.array([a.split("号", 1)[0] if "号" in a else "" for a in address], dtype=object)


def compare(s: Sides, q: np.ndarray, c: np.ndarray) -> dict[str, np.ndarray]:
    """Level per field for every pair (q[i], c[i]); MISSING where either side is empty."""
    out: dict[str, np.ndarray] = {}
    code_q = s.code[q]
    code_c = np.where(s.cluster_code[c] != "", s.cluster_code[c], s.code[c])
    both = (code_q != "") & (code_c != "")
    level = np.full(len(q), MISSING, dtype=np.int8)
    if both.any():
        level[both] = near_codes.slip(code_q[both], code_c[both])
    out["code"] = level

    name = np.full(len(q), 4, dtype=np.int8)
    same_core = s.core[q] == s.core[c]
    same_sound = s.sound[q] == s.sound[c]
    name[same_sound] = 1
    name[same_core] = 0
    rest = np.flatnonzero(name == 4)
    if len(rest):
        a, b = s.alike[q[rest]], s.alike[c[rest]]
        sim = process.cpdist(a.tolist(), b.tolist(), scorer=fuzz.ratio, workers=1)
        name[rest[sim >= 80]] = 2
        other = rest[sim < 80]
        if len(other):
            iq, ic = s.industry[q[other]], s.industry[c[other]]
            sibling = (iq >= 0) & (ic >= 0) & (iq != ic)
            same_trade = s.trade[q[other]] == s.trade[c[other]]
            name[other[sibling & same_trade]] = 3
    out["name"] = name

    out["rep"] = _equal_or_missing(s.legal_rep[q], s.legal_rep[c])
    addr = _equal_or_missing(s.address_id[q], s.address_id[c])
    differ = np.flatnonzero(addr == 1)
    if len(differ):
        a, b = s.address[q[differ]], s.address[c[differ]]
        sa, sb = s.street[q[differ]], s.street[c[differ]]
        sim = process.cpdist(a.tolist(), b.tolist(), scorer=fuzz.ratio, workers=1)
        close = ((sa == sb) & (sa != "")) | (sim >= 85)
        addr[differ] = np.where(close, 1, 2)
    out["address"] = addr
    ca, cb = s.capital[q], s.capital[c]
    cap = np.where(np.abs(ca - cb) < 0.5, 0, 1).astype(np.int8)
    cap[np.isnan(ca) | np.isnan(cb)] = MISSING
    out["capital"] = cap
    out["founded"] = _equal_or_missing(s.founded[q], s.founded[c])
    out["phone"] = _equal_or_missing(s.phone[q], s.phone[c])
    out["place"] = _equal_or_missing(s.place[q], s.place[c])
    return out


@dataclass
class Weights:
    """log2(m/u) per field and level, and the share of true pairs among the candidates."""

    table: dict[str, np.ndarray]
    prior: float  # log2 odds of a candidate pair being the same firm

    def score(self, levels: dict[str, np.ndarray]) -> np.ndarray:
        total = np.full(len(next(iter(levels.values()))), self.prior)
        for f, lv in levels.items():
            known = lv >= 0
            total[known] += self.table[f][lv[known]]
        return total


def _frequencies(levels: np.ndarray, k: int, weights: np.ndarray | None = None) -> np.ndarray:
    known = levels >= 0
    w = np.ones(len(levels)) if weights is None else weights
    return np.bincount(levels[known], weights=w[known], minlength=k)[:k]


def estimate(
    s: Sides, q: np.ndarray, c: np.ndarray, known: tuple[np.ndarray, np.ndarray], seed: int = 7
) -> tuple[Weights, dict[str, np.ndarray]]:
    """u from random pairs of rows; m from the pairs the roster itself proves to be one firm
    (`known`: rows sharing a valid credit code), held near M_START by a prior (the code's
    own m stays there: those pairs agree on it by construction); the share of true pairs
    among the candidates (q, c) by expectation–maximisation. Returns the weights and the
    candidates' levels."""
    n = len(s.core)
    rng = np.random.default_rng(seed)
    size = min(RANDOM_PAIRS, n * 4)
    rq, rc = rng.integers(0, n, size), rng.integers(0, n, size)
    keep = rq != rc
    random_levels = compare(s, rq[keep], rc[keep])
    known_levels = compare(s, known[0], known[1])
    table = {}
    for f, names in LEVELS.items():
        u_start = np.array(U_START[f]) / sum(U_START[f])
        u = _frequencies(random_levels[f], len(names)) + U_PRIOR_WEIGHT * u_start
        m = PRIOR_WEIGHT * np.array(M_START[f])
        if f != "code":
            m = m + _frequencies(known_levels[f], len(names))
        table[f] = np.log2((m / m.sum()) / (u / u.sum()))
    levels = compare(s, q, c)
    weights = Weights(table, 0.0)
    bare = weights.score(levels)
    share = 0.5
    for _ in range(20):
        odds = np.log2(share / (1 - share))
        p = 1.0 / (1.0 + np.exp2(-(bare + odds))) if len(bare) else np.zeros(0)
        # Twenty pseudo-pairs at even odds keep a handful of candidates from deciding alone.
        share = float(np.clip((p.sum() + 10.0) / (len(p) + 20.0), 0.001, 0.999))
    weights.prior = float(np.log2(share / (1 - share)))
    return weights, levels


def words(levels: dict[str, np.ndarray], i: int) -> list[str]:
    """The evidence of pair i in words: agreements first, then differences."""
    said = [LEVELS[f][lv[i]] for f, lv in levels.items() if lv[i] >= 0]
    return [w for w in said if "不同" not in w] + [w for w in said if "不同" in w]
