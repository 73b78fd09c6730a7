"""`qifutong bench import`: read, clean and resolve a messy roster; speed, memory and pairwise
precision/recall, overall and per case; the last line is one JSON line of the figures."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks import metrics, roster
from qifutong.enterprises import importers
from qifutong.enterprises.roster.resolve import resolve
from qifutong.spreadsheets.readers import Grid, Table, _table_from, read_table
from qifutong.spreadsheets.xlsx_writer import write_xlsx


def peak_mb() -> float:
    """Peak resident memory of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage(name: str, wall: float, cpu: float, rows: int) -> str:
    """One timed stage: wall time, rate, CPU time of the process (all threads), peak memory."""
    return (
        f"{name + ':':<11}{wall:7.2f} s  {rows / max(wall, 1e-9):>10,.0f} rows/s  "
        f"(cpu {cpu:.2f} s)  peak {peak_mb():,.0f} MB"
    )


def _score_lines(predicted: np.ndarray, truth: np.ndarray) -> list[str]:
    score = metrics.pairwise(predicted, truth)
    return [
        f"firms: true {len(set(truth.tolist())):,}, found {len(set(predicted.tolist())):,}",
        f"pairwise precision {score.precision:.4f}  recall {score.recall:.4f}  "
        f"(true pairs {score.true_pairs:,}, found {score.found_pairs:,}, "
        f"correct {score.correct_pairs:,})",
    ]


def _rows_with_header(plan: roster.Roster) -> Iterator[list[object]]:
    title: list[object] = ["古荡街道在册企业名录（基准测试）"]
    return chain([title, list(roster.HEADERS)], roster.iter_rows(plan))


def write_roster(path: Path, n_rows: int, seed: int, mix: str) -> None:
    """Generate and write a roster, and its truth next to it (PATH.truth.pkl: true firm per
    row, the cases of each row, the pairs of firms that must stay apart)."""
    plan = roster.roster_plan(n_rows, seed, mix)
    write_xlsx(path, _rows_with_header(plan), "企业名录", ["A1:AD1"])
    with open(str(path) + ".truth.pkl", "wb") as f:
        pickle.dump((np.asarray(plan.plan, np.int64), plan.cases, plan.negatives), f)


def read_truth(path: Path) -> tuple[np.ndarray, list[tuple[str, ...]], list[tuple[int, int, str]]]:
    with open(str(path) + ".truth.pkl", "rb") as f:
        truth, cases, negatives = pickle.load(f)
    return truth, cases, negatives


@dataclass
class Figures:
    """What `qifutong bench import` prints last, as one JSON line."""

    rows: int = 0
    read_s: float = 0.0
    clean_s: float = 0.0
    resolve_s: float = 0.0
    total_s: float = 0.0
    peak_mb: float = 0.0
    precision: float = 0.0
    recall: float = 0.0

    def json(self) -> str:
        d = asdict(self)
        return json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()})


def _in_memory(n_rows: int, seed: int, mix: str) -> tuple[Table, roster.Roster]:
    plan = roster.roster_plan(n_rows, seed, mix)
    cells = np.empty((n_rows + 1, len(roster.HEADERS)), dtype=object)
    cells[0] = roster.HEADERS
    for i, row in enumerate(roster.iter_rows(plan), start=1):
        cells[i] = row
    built = _table_from(Grid(np.arange(2, n_rows + 3), cells), "memory", "xlsx")
    assert built is not None
    return built, plan


def bench_synthetic(
    n_rows: int, seed: int, mix: str, xlsx: bool, keep: Path | None
) -> tuple[list[str], Figures]:
    """Generate, (write and read back,) clean and resolve a messy roster of n_rows."""
    out = [f"messy roster: {n_rows:,} rows, seed {seed}, mix {mix}, 30 columns"]
    figures = Figures(rows=n_rows)
    t = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="qifutong-bench-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if xlsx:
            path = folder / f"roster-{n_rows}-{seed}-{mix}.xlsx"
            if not path.exists() or not Path(str(path) + ".truth.pkl").exists():
                # A child process: the parent's peak memory is that of reading and resolving.
                child = multiprocessing.get_context("spawn").Process(
                    target=write_roster, args=(path, n_rows, seed, mix)
                )
                child.start()
                child.join()
                if child.exitcode != 0:
                    raise RuntimeError("writing the benchmark roster failed")
            truth, cases, negatives = read_truth(path)
            out.append(
                f"generated and wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
                f"in {time.perf_counter() - t:.1f} s (not measured)"
            )
            data = path.read_bytes()
            gc.collect()
            t, cpu = time.perf_counter(), time.process_time()
            table = read_table(data, path.name)
            figures.read_s = time.perf_counter() - t
            out.append(_stage("read xlsx", figures.read_s, time.process_time() - cpu, len(table)))
            del data
        else:
            table, plan = _in_memory(n_rows, seed, mix)
            truth, cases, negatives = np.asarray(plan.plan), plan.cases, plan.negatives
            out.append(f"generated {n_rows:,} rows in memory in {time.perf_counter() - t:.1f} s")
        gc.collect()
        t, cpu = time.perf_counter(), time.process_time()
        rows = importers.read_rows(table)
        frame = importers.resolver_input(rows.frame)
        figures.clean_s = time.perf_counter() - t
        out.append(_stage("clean", figures.clean_s, time.process_time() - cpu, len(table)))
        order = table.row_numbers - table.row_numbers[0]
        kept = order[rows.frame["pos"].to_numpy()]
        row_truth = truth[kept]
        row_cases = [cases[i] for i in kept.tolist()]
        del table
        rows.frame = pd.DataFrame()
        gc.collect()
        before = peak_mb()
        t, cpu = time.perf_counter(), time.process_time()
        result = resolve(frame)
        figures.resolve_s = time.perf_counter() - t
        out.append(
            _stage("resolve", figures.resolve_s, time.process_time() - cpu, len(frame))
            + f" (peak before resolving {before:,.0f} MB)"
        )
        figures.peak_mb = peak_mb()
        figures.total_s = figures.read_s + figures.clean_s + figures.resolve_s
        out.append(
            f"review pairs {len(result.pairs):,}, scored merges {result.fuzzy_merges:,}, "
            f"code conflicts {len(result.conflicts):,}"
        )
        out += _score_lines(result.cluster, row_truth)
        out += metrics.case_lines(result.cluster, row_truth, row_cases, negatives)
        score = metrics.pairwise(result.cluster, row_truth)
        figures.precision, figures.recall = score.precision, score.recall
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return out, figures


def bench_file(roster_path: Path, truth_path: Path, keep: Path | None) -> tuple[list[str], Figures]:
    """Measure one real roster: parse, resolve, precision/recall, then a full import into a
    fresh SQLite database (with and without the platform's re-matching of changed firms)."""
    out = [f"roster {roster_path.name}"]
    data = roster_path.read_bytes()
    t, cpu = time.perf_counter(), time.process_time()
    table = read_table(data, roster_path.name)
    figures = Figures(rows=len(table), read_s=time.perf_counter() - t)
    out.append(_stage("read", figures.read_s, time.process_time() - cpu, len(table)))
    t, cpu = time.perf_counter(), time.process_time()
    rows = importers.read_rows(table)
    frame = importers.resolver_input(rows.frame)
    figures.clean_s = time.perf_counter() - t
    out.append(_stage("clean", figures.clean_s, time.process_time() - cpu, len(table)))
    t, cpu = time.perf_counter(), time.process_time()
    result = resolve(frame)
    figures.resolve_s = time.perf_counter() - t
    out.append(_stage("resolve", figures.resolve_s, time.process_time() - cpu, len(frame)))
    figures.total_s = figures.read_s + figures.clean_s + figures.resolve_s
    figures.peak_mb = peak_mb()
    truth = pd.read_csv(truth_path).set_index("sheet_row")["firm_key"]
    row_truth = pd.factorize(truth.reindex(rows.frame["row"].to_numpy()).to_numpy())[0]
    out.append(f"rows {len(table):,} (refused {rows.rejected})")
    out += _score_lines(result.cluster, row_truth)
    score = metrics.pairwise(result.cluster, row_truth)
    figures.precision, figures.recall = score.precision, score.recall
    for announce in (False, True):
        lines, wall, cpu = _full_import(roster_path, truth, announce, keep)
        out += lines
    p_wall, p_cpu = _read_by_pandas(roster_path)
    out += [
        f"pandas.read_excel alone (in this process, best of 3): {p_wall:.2f} s (cpu {p_cpu:.2f} s)",
        f"import with re-matching / pandas read, in process: {wall / p_wall:.2f}x wall, "
        f"{cpu / p_cpu:.2f}x cpu",
    ]
    out += _beside_pandas(roster_path)
    return out, figures


def _read_by_pandas(roster: Path, repeat: int = 3) -> tuple[float, float]:
    """(wall, CPU) of pandas merely reading the file (its default engine), best of `repeat`."""
    runs = []
    for _ in range(repeat):
        t, cpu = time.perf_counter(), time.process_time()
        pd.read_excel(roster)
        runs.append((time.perf_counter() - t, time.process_time() - cpu))
    return min(runs)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of a command run to its end (CPU of the child processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _beside_pandas(roster: Path, repeat: int = 3) -> list[str]:
    """The whole `qifutong import enterprises` command on a fresh database beside a Python
    process that merely reads the file with pandas (its default engine, openpyxl): best of
    `repeat` runs each, wall and CPU."""
    read = [sys.executable, "-c", "import sys, pandas; pandas.read_excel(sys.argv[1])", str(roster)]
    cli = str(Path(sys.executable).with_name("qifutong"))
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(repeat):
        theirs.append(_timed(read, dict(os.environ)))
        with tempfile.TemporaryDirectory(prefix="qifutong-bench-cli-") as folder:
            env = dict(os.environ, QIFUTONG_INSTANCE=folder)
            env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite"
            subprocess.run([cli, "init"], env=env, check=True, capture_output=True)
            ours.append(_timed([cli, "import", "enterprises", str(roster)], env))
    (o_wall, o_cpu), (p_wall, p_cpu) = min(ours), min(theirs)
    return [
        f"pandas.read_excel alone (a fresh process): {p_wall:.2f} s (cpu {p_cpu:.2f} s); "
        f"runs {', '.join(f'{w:.2f}' for w, _ in theirs)}",
        f"qifutong import enterprises, end to end on a fresh database: {o_wall:.2f} s "
        f"(cpu {o_cpu:.2f} s); runs {', '.join(f'{w:.2f}' for w, _ in ours)}",
        f"end to end / pandas read: {o_wall / p_wall:.2f}x wall, {o_cpu / p_cpu:.2f}x cpu",
    ]


def _full_import(
    roster: Path, truth: pd.Series, announce: bool, keep: Path | None
) -> tuple[list[str], float, float]:
    """Import the roster into a fresh SQLite database: (lines, wall, CPU)."""
    from sqlalchemy import select

    from qifutong.app import create_app
    from qifutong.config import temporary_instance
    from qifutong.enterprises.models import EnterpriseSourceRow
    from qifutong.enterprises.roster.services import Upload, import_enterprises
    from qifutong.extensions import db

    with temporary_instance("qifutong-bench-db-") as folder:
        app = create_app(
            {
                "QIFUTONG_CLI": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                "QIFUTONG_UPLOAD_DIR": str(folder / "uploads"),
                "QIFUTONG_REPORT_DIR": str((keep or folder) / "reports"),
            }
        )
        with app.app_context():
            db.create_all()
            t, cpu = time.perf_counter(), time.process_time()
            result = import_enterprises(
                [Upload(roster, roster.name)],
                upload_dir=folder / "uploads",
                report_dir=(keep or folder) / "reports",
                announce=announce,
            )
            total = time.perf_counter() - t
            cpu = time.process_time() - cpu
            lineage = pd.DataFrame(
                db.session.execute(
                    select(EnterpriseSourceRow.row_number, EnterpriseSourceRow.enterprise_id)
                ).all(),
                columns=["row", "firm"],
            )
            db.session.remove()
            db.engine.dispose()
        steps = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
        what = "with re-matching of the changed firms" if announce else "import only"
        lines = [
            f"full import into a fresh SQLite database ({what}): {total:.2f} s "
            f"(cpu {cpu:.2f} s)  [{steps}]",
            f"  summary {result.summary}",
        ]
        row_truth = truth.reindex(lineage["row"].to_numpy()).to_numpy()
        lines += [
            "  from the database: " + line
            for line in _score_lines(lineage["firm"].to_numpy(), pd.factorize(row_truth)[0])
        ]
        return lines, total, cpu
