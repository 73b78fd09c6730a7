"""Loading the demo street from seed_data/: each package registers its loaders here.

Every loader inserts only what is missing (by natural keys), so `qifutong seed` run twice
changes nothing. Time-relative data is stored as offsets to the load day and shifted here."""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from qifutong.config import PROJECT_ROOT


@dataclass(frozen=True)
class SeedContext:
    directory: Path
    today: date

    def path(self, name: str) -> Path:
        return self.directory / name

    def rows(self, name: str) -> Iterator[dict[str, str]]:
        """The rows of a CSV (optionally .gz) file as dicts of stripped strings."""
        p = self.path(name)
        raw = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        text = raw.decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(text)):
            yield {k: (v or "").strip() for k, v in row.items()}

    def frame(self, name: str) -> pd.DataFrame:
        return pd.read_csv(self.path(name), dtype=str, keep_default_na=False)

    def day(self, offset: str | int | None) -> date | None:
        if offset in (None, ""):
            return None
        return self.today + timedelta(days=int(offset))

    def month(self, offset: str | int) -> date:
        """The first day of the month `offset` months from the load month (−1 = last month)."""
        first = self.today.replace(day=1)
        return (pd.Timestamp(first) + pd.DateOffset(months=int(offset))).date()


Loader = Callable[[SeedContext], dict[str, int]]
_loaders: list[tuple[int, str, Loader]] = []


def register_seeder(order: int, name: str, loader: Loader) -> None:
    if any(n == name for _, n, _ in _loaders):
        return
    _loaders.append((order, name, loader))
    _loaders.sort(key=lambda t: t[0])


def seed_directory() -> Path:
    return Path(os.environ.get("QIFUTONG_SEED_DIR", str(PROJECT_ROOT / "seed_data")))


def run_seed(
    today: date, directory: Path | None = None, echo: Callable[[str], Any] = print
) -> dict[str, dict[str, int]]:
    """Run every registered loader in one transaction; returns each loader's counts."""
    from qifutong import events
    from qifutong.database import refresh_statistics
    from qifutong.extensions import db

    ctx = SeedContext(directory or seed_directory(), today)
    results: dict[str, dict[str, int]] = {}
    try:
        # The matching loader re-matches everything at the end: no per-record re-matching.
        with events.muted():
            for _, name, loader in _loaders:
                results[name] = loader(ctx)
                db.session.flush()
                echo(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in results[name].items()))
        db.session.commit()
        refresh_statistics()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return results


def flag(value: str) -> bool | None:
    if value == "":
        return None
    return value.strip().lower() in {"1", "true", "yes", "是", "y"}


def number(value: str) -> float | None:
    return None if value == "" else float(value)


def integer(value: str) -> int | None:
    return None if value == "" else int(float(value))
