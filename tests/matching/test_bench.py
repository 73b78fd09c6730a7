"""`qifutong bench match` runs on a small synthetic city and prints its figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.match import synthetic_firms, synthetic_policies
from qifutong.cli import main
from qifutong.matching import bits
from qifutong.matching.engine import match_all


def test_synthetic_city_matches_like_the_engine_says():
    cols = synthetic_firms(5_000)
    policies = synthetic_policies(40)
    counts = [ob.counts() for ob in match_all(cols, policies, workers=2, batch=8)]
    assert len(counts) == 40
    eligible = sum(e for e, _ in counts)
    assert 0 < eligible < 5_000 * 40
    assert all(e + n <= 5_000 for e, n in counts)
    assert bits.count(cols.known("rd_ratio")) == 0  # no source: unknown for every firm


def test_bench_command_ends_with_its_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    monkeypatch.setenv("QIFUTONG_INSTANCE", str(tmp_path / "instance"))
    result = CliRunner().invoke(
        main, ["bench", "match", "--firms", "1500", "--policies", "15"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "full match: 1,500 firms × 15 policies" in result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert {"firms", "policies", "full_match_s", "publish_s", "publish_rows", "peak_mb"} <= set(
        figures
    )
    assert figures["firms"] == 1500 and figures["publish_rows"] >= figures["publish_eligible"]
