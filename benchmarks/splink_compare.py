"""Our resolution beside splink (Fellegi–Sunter record linkage on DuckDB) on the same roster,
in one run: precision, recall and time of each.

    .venv/bin/python benchmarks/splink_compare.py [--rows 6600] [--seed 13] [--mix hard]

splink is installed into a virtual environment of its own (default /tmp/qifutong-splink-venv;
`pip install splink duckdb`, the project of moj-analytical-services), never into the project.
Both read the same generated xlsx: ours reads, cleans and resolves it; splink gets the fields
our cleaning made (it has no reader or cleaning of its own for a Chinese roster) and its time
runs from the start of its process (imports, DuckDB, training, prediction, clustering)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPLINK_JOB = r"""
import json, sys, time
start = time.perf_counter()
import pandas as pd
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

rows = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False).replace("", None)
settings = SettingsCreator(
    link_type="dedupe_only",
    unique_id_column_name="id",
    comparisons=[
        cl.JaroWinklerAtThresholds("core", [0.95, 0.88]),
        cl.LevenshteinAtThresholds("code", [1, 2]),
        cl.ExactMatch("legal_rep"),
        cl.LevenshteinAtThresholds("address", [2, 6]),
        cl.ExactMatch("capital"),
        cl.ExactMatch("founded"),
        cl.ExactMatch("phone"),
        cl.ExactMatch("region"),
        cl.ExactMatch("form"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("code"),
        block_on("core"),
        block_on("substr(code, 1, 9)"),
        block_on("substr(code, 10, 9)"),
        block_on("legal_rep", "founded"),
        block_on("address"),
        block_on("phone"),
    ],
)
linker = Linker(DuckDBAPI().register(rows), settings)
linker.training.estimate_probability_two_random_records_match([block_on("code")], recall=0.9)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("core"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("legal_rep"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("code"))
pairs = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.95)
out = clusters.as_pandas_dataframe()[["id", "cluster_id"]]
out.to_csv(sys.argv[2], index=False)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def ensure_splink(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    probe = subprocess.run([str(python), "-c", "import splink, duckdb"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "splink>=4", "duckdb", "pandas"],
            check=True,
        )
    return python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6600)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--mix", default="hard", choices=["default", "hard", "old"])
    parser.add_argument("--venv", type=Path, default=Path("/tmp/qifutong-splink-venv"))
    args = parser.parse_args(argv)

    import numpy as np
    import pandas as pd

    from benchmarks import metrics
    from benchmarks.import_bench import read_truth, write_roster
    from qifutong.enterprises import importers
    from qifutong.enterprises.roster.resolve import resolve
    from qifutong.spreadsheets.readers import read_table

    python = ensure_splink(args.venv)
    with tempfile.TemporaryDirectory(prefix="qifutong-splink-") as tmp:
        folder = Path(tmp)
        path = folder / "roster.xlsx"
        write_roster(path, args.rows, args.seed, args.mix)
        truth, _, _ = read_truth(path)

        t = time.perf_counter()
        table = read_table(path.read_bytes(), path.name)
        rows = importers.read_rows(table)
        frame = importers.resolver_input(rows.frame)
        ours = resolve(frame)
        our_s = time.perf_counter() - t
        kept = (table.row_numbers - table.row_numbers[0])[rows.frame["pos"].to_numpy()]
        row_truth = truth[kept]
        our_score = metrics.pairwise(ours.cluster, row_truth)

        fields = frame.assign(
            id=np.arange(len(frame)),
            code=np.where(frame["uscc"] != "", frame["uscc"], frame["uscc_raw"]),
            capital=frame["capital"].map(lambda x: "" if x != x else f"{x:.0f}"),
            founded=frame["founded"].map(lambda x: "" if x < 0 else str(x)),
        )[["id", "core", "code", "legal_rep", "address", "capital", "founded", "phone",
           "region", "form"]]  # fmt: skip
        fields.to_csv(folder / "rows.csv", index=False)
        t = time.perf_counter()
        job = subprocess.run(
            [str(python), "-c", SPLINK_JOB, str(folder / "rows.csv"), str(folder / "out.csv")],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        if job.returncode != 0:
            print(job.stderr[-3000:], file=sys.stderr)
            return 1
        clusters = pd.read_csv(folder / "out.csv").set_index("id")["cluster_id"]
        theirs = pd.factorize(clusters.reindex(np.arange(len(frame))).to_numpy())[0]
        their_score = metrics.pairwise(theirs, row_truth)
    result = {
        "rows": len(frame),
        "seed": args.seed,
        "mix": args.mix,
        "ours": {"seconds": round(our_s, 3), "precision": round(our_score.precision, 4),
                 "recall": round(our_score.recall, 4)},
        "splink": {"seconds": round(wall, 3), "precision": round(their_score.precision, 4),
                   "recall": round(their_score.recall, 4)},
        "time_ratio": round(our_s / wall, 3),
    }  # fmt: skip
    print(
        f"ours:   {our_s:6.2f} s  precision {our_score.precision:.4f}  "
        f"recall {our_score.recall:.4f}"
    )
    print(
        f"splink: {wall:6.2f} s  precision {their_score.precision:.4f}  "
        f"recall {their_score.recall:.4f}"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
