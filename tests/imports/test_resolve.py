"""Resolution on a labelled messy roster with hard negatives; the never-merge rules."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks import metrics, roster
from qifutong.enterprises import importers
from qifutong.enterprises.roster.resolve import identity_keys, resolve
from qifutong.spreadsheets.readers import read_table
from tests.imports.conftest import truth, write_gbk_csv, write_xlsx

SEED_DATA = Path(__file__).resolve().parents[2] / "seed_data"


def _resolved(path: Path):
    table = read_table(path.read_bytes(), path.name)
    rows = importers.read_rows(table)
    return rows, resolve(importers.resolver_input(rows.frame))


@pytest.mark.parametrize("writer", [write_xlsx, write_gbk_csv], ids=["xlsx", "gbk-csv"])
def test_labelled_roster_precision_and_recall(tmp_path, writer):
    path = writer(tmp_path / ("roster.xlsx" if writer is write_xlsx else "roster.csv"))
    rows, result = _resolved(path)
    labels = np.array(truth())
    score = metrics.pairwise(result.cluster, labels[rows.frame["pos"].to_numpy()])
    assert score.true_pairs == 15
    assert score.precision >= 0.99 and score.recall >= 0.95
    assert score.precision == 1.0 and score.recall == 1.0


def test_hard_negatives_stay_apart(tmp_path):
    _, result = _resolved(write_xlsx(tmp_path / "roster.xlsx"))
    firm = dict(zip(truth(), result.cluster.tolist(), strict=False))
    by_truth = pd.Series(result.cluster).groupby(np.array(truth())).nunique()
    assert (by_truth == 1).all()  # every firm is one cluster
    for a, b in [("yunfan", "yunfan_zj"), ("yunfan", "branch"), ("yunfan", "yunhang"),
                 ("yunfan", "word"), ("anming", "anming_slip")]:  # fmt: skip
        assert firm[a] != firm[b], (a, b)


def test_unsure_pair_goes_to_review_with_evidence(tmp_path):
    rows, result = _resolved(write_xlsx(tmp_path / "roster.xlsx"))
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    names = {rows.frame["name"].iat[pair.row_a], rows.frame["name"].iat[pair.row_b]}
    assert "杭州安明智能装名科技有限公司" in names
    assert pair.reasons == ["名称相近", "法定代表人相同", "地址不同"]


def _frame(**cols: list[object]) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {c: [""] * n for c in ("uscc", "uscc_raw", "branch", "form", "legal_rep", "address",
                                  "phone", "place", "region")}  # fmt: skip
    base["anchor"] = [-1] * n
    base.update(cols)
    base.setdefault("core", base["key"])
    return pd.DataFrame(base)


def test_different_valid_codes_are_never_merged():
    frame = _frame(key=["a", "a", "a"], uscc=["U1", "U2", ""], legal_rep=["张三"] * 3)
    result = resolve(frame)
    assert result.cluster[0] != result.cluster[1]
    # The row without a code could be either: it is not guessed, it is sent for review.
    assert result.cluster[2] not in (result.cluster[0], result.cluster[1])
    assert len(result.pairs) == 2 and {p.kind for p in result.pairs} == {"scored"}


def test_code_shared_across_regions_or_a_branch_is_set_aside():
    frame = _frame(key=["杭州|a", "浙江|a"], region=["杭州", "浙江"], uscc=["U1", "U1"])
    result = resolve(frame)
    assert result.cluster[0] != result.cluster[1]
    assert result.conflicts and result.pairs[0].kind == "code_conflict"


def _code(body: str) -> str:
    from qifutong.uscc import check_character

    return "91330106" + body + check_character("91330106" + body)


@pytest.mark.parametrize("typed", ["", "slip"], ids=["no-code", "code-one-slip"])
def test_a_homophone_typo_that_spells_another_firm_joins_its_own_firm(typed):
    """杭州云帆 mistyped 杭州芸帆 is another real firm's name: the row's facts say whose it is."""
    yun, yun2 = _code("MA27XK123"), _code("MA2B9Q456")
    slip = yun[:10] + ("7" if yun[10] != "7" else "8") + yun[11:]
    frame = _frame(
        key=["|云帆网络科技|company|", "|芸帆网络科技|company|", "|芸帆网络科技|company|"],
        uscc=[yun, yun2, ""],
        uscc_raw=["", "", slip if typed else ""],
        legal_rep=["张伟", "李娜", "张伟"],
        address=["古墩路1号云栖大厦1201", "文三路9号华星大厦501", "古墩路1号云栖大厦1201"],
        capital=[5e6, 1e6, 5e6],
        founded=[17956, 16587, 17956],
    )
    result = resolve(frame)
    assert result.cluster[2] == result.cluster[0] != result.cluster[1]
    words = result.links[2].words
    assert "名称同音或形近" in words and "法定代表人相同" in words


def test_two_existing_firms_are_not_joined_without_a_decision():
    frame = _frame(key=["a", "a", "a"], anchor=[1, 2, -1], legal_rep=["甲", "乙", ""])
    result = resolve(frame)
    assert result.cluster[0] != result.cluster[1]


def test_decisions_are_obeyed():
    frame = _frame(key=["x", "y"], core=["安明智能装备科技", "安明智能装名科技"],
                   legal_rep=["郑宇", "郑宇"], address=["紫荆花路2号", "文一西路9号"])  # fmt: skip
    ka, kb = identity_keys("", "x")[0], identity_keys("", "y")[0]
    assert len(resolve(frame).pairs) == 1
    pair = (min(ka, kb), max(ka, kb))
    merged = resolve(frame, {pair: "merge"})
    assert merged.cluster[0] == merged.cluster[1] and not merged.pairs
    apart = resolve(frame, {pair: "separate"})
    assert apart.cluster[0] != apart.cluster[1] and not apart.pairs


def test_synthetic_roster_with_known_truth():
    rows, made = roster.make_roster(3000, seed=3, mix="old")
    plan = made.plan
    cells = np.empty((len(rows) + 1, len(roster.HEADERS)), dtype=object)
    cells[0] = roster.HEADERS
    cells[1:] = np.array(rows, dtype=object)
    from qifutong.spreadsheets.readers import Grid, _table_from

    table = _table_from(Grid(np.arange(1, len(rows) + 2), cells), "s.xlsx", "xlsx")
    assert table is not None
    clean = importers.read_rows(table)
    result = resolve(importers.resolver_input(clean.frame))
    score = metrics.pairwise(result.cluster, np.asarray(plan)[clean.frame["pos"].to_numpy()])
    assert score.precision >= 0.99 and score.recall >= 0.95


@pytest.mark.skipif(not (SEED_DATA / "enterprise_roster.xlsx").exists(), reason="no seed data")
def test_demo_roster_resolves_to_the_generators_firms():
    rows, result = _resolved(SEED_DATA / "enterprise_roster.xlsx")
    truth_rows = pd.read_csv(SEED_DATA / "enterprise_roster_truth.csv")
    labels = truth_rows.set_index("sheet_row")["firm_key"]
    assert len(rows.frame) == 7073 and rows.rejected == 0
    row_truth = labels.reindex(rows.frame["row"].to_numpy()).to_numpy()
    score = metrics.pairwise(result.cluster, row_truth)
    assert score.precision >= 0.99 and score.recall >= 0.95
    assert result.clusters == labels.nunique()


def test_address_and_phone_keys_of_a_column_are_those_of_each_cell():
    addresses = pd.Series(
        ["浙江省杭州市西湖区文三路90号1幢", "杭州西湖区文三路(东)90号3号楼", "西湖西湖路1号",
         None, "文三路90号1幢", "杭州市文三路\n杭州市90号"],
        dtype=object,
    )  # fmt: skip
    lines = partial(importers._address_key, lines=True)
    keys = importers._mapped(addresses, importers._address_key, lines=lines)
    assert keys.tolist() == [
        "文三路90号1幢", "文三路东90号3幢", "西湖路1号", "", "文三路90号1幢", "文三路\n杭州市90号",
    ]  # fmt: skip
    phones = pd.Series(["0571-8888 8888", None, "138(1234)5678"], dtype=object)
    digits = partial(importers._NOT_DIGIT.sub, "")
    keys = importers._mapped(phones, digits, lines=digits)
    assert keys.tolist() == ["057188888888", "", "13812345678"]
