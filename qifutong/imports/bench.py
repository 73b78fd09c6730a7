"""Benchmarks for `qifutong bench import`: speed, memory and pairwise precision/recall."""

from __future__ import annotations

import gc
import multiprocessing
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from qifutong.enterprises import importers
from qifutong.imports import metrics, synthetic
from qifutong.imports.readers import Grid, _table_from, read_table
from qifutong.imports.resolve import resolve
from qifutong.imports.xlsx_writer import write_xlsx


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


def _rows_with_header(
    firms: list[synthetic.Firm], plan: list[int], seed: int
) -> Iterator[list[object]]:
    title: list[object] = ["古荡街道在册企业名录（基准测试）"]
    return chain([title, list(synthetic.HEADERS)], synthetic.iter_rows(firms, plan, seed))


def _write_roster(path: str, n_rows: int, seed: int) -> None:
    """Generate and write the benchmark roster, and its truth next to it (run in a child
    process, so that the parent's peak memory is that of reading and resolving only)."""
    firms, plan = synthetic.roster_plan(n_rows, seed)
    np.save(path + ".truth.npy", np.asarray(plan, dtype=np.int64))
    write_xlsx(Path(path), _rows_with_header(firms, plan, seed), "企业名录", ["A1:AD1"])


def bench_synthetic(n_rows: int, seed: int, xlsx: bool, keep: Path | None) -> list[str]:
    """Generate, (write and read back,) clean and resolve a messy roster of n_rows."""
    out = [f"messy roster: {n_rows:,} rows, seed {seed}, 30 columns"]
    t = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="qifutong-bench-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if xlsx:
            path = folder / f"roster-{n_rows}.xlsx"
            child = multiprocessing.get_context("spawn").Process(
                target=_write_roster, args=(str(path), n_rows, seed)
            )
            child.start()
            child.join()
            if child.exitcode != 0:
                raise RuntimeError("writing the benchmark roster failed")
            truth = np.load(str(path) + ".truth.npy")
            out.append(
                f"generated and wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
                f"in {time.perf_counter() - t:.1f} s (not measured)"
            )
            data = path.read_bytes()
            gc.collect()
            t, cpu = time.perf_counter(), time.process_time()
            table = read_table(data, path.name)
            read_s = time.perf_counter() - t
            out.append(_stage("read xlsx", read_s, time.process_time() - cpu, len(table)))
            del data
        else:
            firms, plan = synthetic.roster_plan(n_rows, seed)
            truth = np.asarray(plan, dtype=np.int64)
            cells = np.empty((n_rows + 1, len(synthetic.HEADERS)), dtype=object)
            cells[0] = synthetic.HEADERS
            for i, row in enumerate(synthetic.iter_rows(firms, plan, seed), start=1):
                cells[i] = row
            grid = Grid(np.arange(2, n_rows + 3), cells)
            built = _table_from(grid, "memory", "xlsx")
            assert built is not None
            table = built
            del firms, cells, grid
            out.append(f"generated {n_rows:,} rows in memory in {time.perf_counter() - t:.1f} s")
        gc.collect()
        t, cpu = time.perf_counter(), time.process_time()
        rows = importers.read_rows(table)
        clean_s = time.perf_counter() - t
        out.append(_stage("clean", clean_s, time.process_time() - cpu, len(table)))
        frame = importers.resolver_input(rows.frame)
        order = table.row_numbers - table.row_numbers[0]
        row_truth = truth[order][rows.frame["pos"].to_numpy()]
        del table
        rows.frame = pd.DataFrame()
        gc.collect()
        before = peak_mb()
        t, cpu = time.perf_counter(), time.process_time()
        result = resolve(frame)
        resolve_s = time.perf_counter() - t
        out.append(
            _stage("resolve", resolve_s, time.process_time() - cpu, len(frame))
            + f" (peak before resolving {before:,.0f} MB)"
        )
        out.append(
            f"review pairs {len(result.pairs):,}, fuzzy merges {result.fuzzy_merges:,}, "
            f"code conflicts {len(result.conflicts):,}"
        )
        out += _score_lines(result.cluster, row_truth)
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return out


def bench_file(roster: Path, truth_path: Path, keep: Path | None) -> list[str]:
    """Measure one real roster: parse, resolve, precision/recall, then a full import into a
    fresh SQLite database (with and without the platform's re-matching of changed firms)."""
    out = [f"roster {roster.name}"]
    data = roster.read_bytes()
    t, cpu = time.perf_counter(), time.process_time()
    table = read_table(data, roster.name)
    out.append(_stage("read", time.perf_counter() - t, time.process_time() - cpu, len(table)))
    t, cpu = time.perf_counter(), time.process_time()
    rows = importers.read_rows(table)
    out.append(_stage("clean", time.perf_counter() - t, time.process_time() - cpu, len(table)))
    frame = importers.resolver_input(rows.frame)
    t, cpu = time.perf_counter(), time.process_time()
    result = resolve(frame)
    out.append(_stage("resolve", time.perf_counter() - t, time.process_time() - cpu, len(frame)))
    truth = pd.read_csv(truth_path).set_index("sheet_row")["firm_key"]
    row_truth = truth.reindex(rows.frame["row"].to_numpy()).to_numpy()
    out.append(f"rows {len(table):,} (refused {rows.rejected})")
    out += _score_lines(result.cluster, pd.factorize(row_truth)[0])
    for announce in (False, True):
        out += _full_import(roster, truth, announce, keep)
    return out


def _full_import(roster: Path, truth: pd.Series, announce: bool, keep: Path | None) -> list[str]:
    from sqlalchemy import select

    from qifutong.app import create_app
    from qifutong.config import temporary_instance
    from qifutong.enterprises.models import EnterpriseSourceRow
    from qifutong.extensions import db
    from qifutong.imports.services import Upload, import_enterprises

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
        return lines
