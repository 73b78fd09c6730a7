"""The cases a person resolves by looking at more than name and code, and the firms a person
keeps apart: each measured on a generated roster, and the evidence of each merge shown."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from sqlalchemy import select

from benchmarks import metrics, roster
from benchmarks.import_bench import _in_memory
from qifutong.enterprises import importers
from qifutong.enterprises.models import EnterpriseSourceRow
from qifutong.enterprises.roster import chars, near_codes
from qifutong.enterprises.roster.resolve import resolve
from qifutong.extensions import db
from qifutong.uscc import check_character
from tests.imports.conftest import write_xlsx

POSITIVE = (
    "homophone", "lookalike", "renamed", "region_brackets", "region_dropped", "city_prefix",
    "code_substitution", "code_transposition", "code_missing", "address_variant", "combo",
    "spaces", "suffix", "code_lower", "rep_missing",
)  # fmt: skip


@cache
def _hard_roster() -> tuple[np.ndarray, np.ndarray, list[tuple[str, ...]], list]:
    table, plan = _in_memory(6000, 101, "hard")
    rows = importers.read_rows(table)
    result = resolve(importers.resolver_input(rows.frame))
    pos = rows.frame["pos"].to_numpy()
    truth = np.asarray(plan.plan)[pos]
    return result.cluster, truth, [plan.cases[i] for i in pos.tolist()], plan.negatives


@pytest.mark.parametrize("case", POSITIVE)
def test_each_hard_case_is_resolved(case):
    cluster, truth, cases, _ = _hard_roster()
    found = {c.case: c for c in metrics.recall_by_case(cluster, truth, cases)}
    assert found[case].true_pairs >= 5, case
    assert found[case].recall >= 0.97, (case, found[case])


@pytest.mark.parametrize("case", roster.NEGATIVE_CASES)
def test_each_hard_negative_stays_apart(case):
    cluster, truth, _, negatives = _hard_roster()
    found = {n.case: n for n in metrics.merges_by_negative_case(cluster, truth, negatives)}
    assert found[case].firm_pairs >= 5, case
    assert found[case].merged <= found[case].firm_pairs // 50, (case, found[case])


def test_hard_roster_precision_and_recall():
    cluster, truth, _, _ = _hard_roster()
    score = metrics.pairwise(cluster, truth)
    assert score.precision >= 0.995 and score.recall >= 0.995


def _code(body: str) -> str:
    first17 = "91330106" + body
    return first17 + check_character(first17)


def test_a_code_one_slip_away_is_found_from_its_check_character():
    valid = _code("MA2H0000X")
    wrong = valid[:10] + ("7" if valid[10] != "7" else "8") + valid[11:]
    swapped = valid[:9] + valid[10] + valid[9] + valid[11:]
    idx, found, kinds = near_codes.near_valid_codes(np.array([wrong, swapped], dtype=object))
    assert (0, valid, near_codes.SUBSTITUTION) in zip(idx, found, kinds, strict=True)
    assert (1, valid, near_codes.TRANSPOSITION) in zip(idx, found, kinds, strict=True)
    slips = near_codes.slip(np.array([wrong, swapped, valid]), np.array([valid] * 3))
    assert slips.tolist() == [near_codes.SUBSTITUTION, near_codes.TRANSPOSITION, 0]


def test_the_shipped_syllable_table_is_pypinyins():
    """data/pinyin_syllables.npz is chars.syllable_ids(); chars.write_syllables() remakes it."""
    assert np.array_equal(np.load(chars.SYLLABLES)["ids"], chars.syllable_ids())


def test_homophones_and_look_alikes_share_a_sound_key():
    names = ["芸帆科技", "云帆科技", "图腾网络", "途腾网络", "装备", "装各", "云航科技"]
    keys = chars.sound_keys(np.array(names, dtype=object))
    assert keys[0] == keys[1] and keys[2] == keys[3] and keys[4] == keys[5]
    assert keys[1] != keys[6]
    assert chars.split_trade("云帆网络科技") == ("云帆", "网络科技")


def _rows(name: str, code: str, rep: str, address: str, capital: str, founded: str) -> tuple:
    return ("x", name, code, rep, address, capital, founded, "")


def test_a_renamed_firm_with_a_mistyped_code_merges_and_the_firm_page_says_why(
    run_import, tmp_path, client, login, make_user
):
    valid = _code("MA2H0000X")
    swapped = valid[:9] + valid[10] + valid[9] + valid[11:]
    address = "杭州市西湖区古墩路1号云栖大厦1203室"
    rows = [
        _rows("杭州云帆网络科技有限公司", valid, "张伟", address, "500万元", "2019-03-01"),
        _rows("杭州星河数字科技有限公司", swapped, "张伟", "古墩路1号云栖大厦12层1203室",
              "5,000,000元", "2019年3月1日"),
        # A sibling: the same trade name, owner and office, another industry and no code.
        _rows("杭州云帆文化传媒有限公司", "", "张伟", address, "100万元", "2021-06-01"),
    ]  # fmt: skip
    result = run_import(write_xlsx(tmp_path / "renamed.xlsx", rows))
    assert result.summary["enterprises"] == 2
    joined = [r for r in db.session.scalars(select(EnterpriseSourceRow)) if r.match]
    assert len(joined) == 1
    merged = joined[0]
    assert merged.match["evidence"][:2] == ["代码相邻两位颠倒", "法定代表人相同"]
    assert "成立日期相同" in merged.match["evidence"]
    login(make_user("street"))
    page = client.get(f"/enterprises/{merged.enterprise_id}").get_data(as_text=True)
    assert "代码相邻两位颠倒、法定代表人相同" in page and "匹配可能性" in page
