"""No module over 500 lines outside the migrations and the seed data: a longer one holds more
than one idea and asks to be split by meaning."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOST = 500
FOLDERS = ("qifutong", "policies", "buildings", "dashboards", "benchmarks", "tools")


def test_no_module_is_over_500_lines():
    long = {}
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MOST:
                long[str(path.relative_to(ROOT))] = lines
    assert not long, long
