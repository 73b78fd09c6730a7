"""No module over 500 lines outside the migrations and the seed data: a longer one holds more
than one idea and asks to be split by meaning."""

from __future__ import annotations

import ast
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


def test_the_installed_packages_hold_no_benchmark_code():
    """Benchmarks and their synthetic data live in benchmarks/, outside the installed packages;
    the command line names their commands as text and imports them only when they are there."""
    found = []
    for folder in ("qifutong", "policies", "buildings", "dashboards"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(n == "benchmarks" or n.startswith("benchmarks.") for n in names):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
