"""A synthetic street of N firms for the cockpit benchmark, written straight through the driver.

Buildings, units, firms with flags, grades and qualifications, 24 months of economic records,
leases with renewals and endings, demands, visits and pushes (numpy, vectorised where the rows
are many). PostgreSQL gets the rows through COPY, SQLite through executemany."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from dashboards.period import add_months

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
SECTION_WEIGHTS = np.array([1, 1, 6, 1, 3, 18, 4, 5, 22, 6, 5, 14, 9, 2, 2, 1, 1, 3, 1], float)
SIZES = ["large", "medium", "small", "micro", "na"]
QUALS = ["hightech", "tech_sme", "specialised", "little_giant", "listed", "pre_ipo"]
QUAL_RATES = [0.08, 0.12, 0.03, 0.005, 0.003, 0.005]
CHUNK = 20_000


class Loader:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, conn: Any, dialect: str) -> None:
        self.conn, self.dialect = conn, dialect
        self.counts: dict[str, int] = {}

    def load(self, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]) -> None:
        extra = _defaults(table, columns)
        if extra:
            names, values = zip(*extra, strict=True)
            columns = (*columns, *names)
            rows = (tuple(r) + values for r in rows)
        n = 0
        raw = self.conn.connection.driver_connection
        if self.dialect == "postgresql":
            cur = raw.cursor()
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        else:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            cur = raw.cursor()
            batch: list[Sequence[Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= CHUNK:
                    cur.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
                n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n


def _defaults(table: str, given: Sequence[str]) -> list[tuple[str, Any]]:
    """Values for required columns the generator does not set (columns other packages add)."""
    from qifutong.extensions import db

    out = []
    for col in db.metadata.tables[table].columns:
        if col.name in given or col.nullable or col.primary_key or col.default is None:
            continue
        arg = getattr(col.default, "arg", None)
        if col.default.is_scalar:
            out.append((col.name, arg))
        elif callable(arg):
            value = arg(None)
            out.append((col.name, json.dumps(value) if isinstance(value, list | dict) else value))
    return out


def _d(x: Any) -> Any:
    """numpy scalars to plain Python values for the drivers."""
    return x.item() if hasattr(x, "item") else x


def generate(loader: Loader, n_firms: int, today: date, seed: int = 6) -> None:
    """A synthetic street of n_firms firms, with records on every table the cockpit reads."""
    rng = np.random.default_rng(seed)
    now = datetime(today.year, today.month, today.day, 9, 0)
    n_buildings = max(10, n_firms // 130)
    b_area = rng.uniform(20_000, 90_000, n_buildings).round(-2)
    loader.load(
        "building",
        (
            "id",
            "code",
            "name",
            "address",
            "lat",
            "lon",
            "type",
            "leasable_area",
            "created_at",
            "updated_at",
        ),
        (
            (
                i + 1,
                f"BB{i + 1:05d}",
                f"基准大厦{i + 1}",
                "杭州市西湖区",
                30.26 + rng.random() * 0.035,
                120.09 + rng.random() * 0.031,
                ("商务楼宇", "产业园区", "综合体")[i % 3],
                _d(b_area[i]),
                now,
                now,
            )
            for i in range(n_buildings)
        ),
    )
    # Units: enough for every tenant plus a vacant share.
    n_units = int(n_firms * 0.85)
    unit_building = rng.integers(1, n_buildings + 1, n_units)
    unit_area = rng.lognormal(5.0, 0.6, n_units).round(1)
    loader.load(
        "unit",
        ("id", "building_id", "floor", "room", "area", "rent_per_m2_day"),
        (
            (i + 1, _d(unit_building[i]), str(i % 30 + 1), f"R{i + 1}", _d(unit_area[i]), 4.5)
            for i in range(n_units)
        ),
    )
    status = rng.choice(["active", "moved_out", "cancelled"], n_firms, p=[0.9, 0.06, 0.04])
    operates = (status == "active") & (rng.random(n_firms) < 0.95)
    registered = rng.random(n_firms) < 0.8
    tax_here = rng.random(n_firms) < 0.86
    section = rng.choice(SECTIONS, n_firms, p=SECTION_WEIGHTS / SECTION_WEIGHTS.sum())
    size = rng.choice(SIZES, n_firms, p=[0.01, 0.06, 0.3, 0.6, 0.03])
    grade = rng.choice(["A", "B", "C", ""], n_firms, p=[0.005, 0.015, 0.04, 0.94])
    tier = rng.choice(["growing", "stable", "at_risk"], n_firms, p=[0.2, 0.65, 0.15])
    building = np.where(rng.random(n_firms) < 0.85, rng.integers(1, n_buildings + 1, n_firms), 0)
    moved_in = rng.integers(30, 3650, n_firms)
    moved_out = np.where(status == "moved_out", rng.integers(1, 700, n_firms), -1)
    heads = rng.lognormal(2.5, 1.0, n_firms).astype(int) + 1
    qual_draw = rng.random((n_firms, len(QUALS))) < np.array(QUAL_RATES)
    quals = [json.dumps([q for q, hit in zip(QUALS, row, strict=True) if hit]) for row in qual_draw]
    loader.load(
        "enterprise",
        (
            "id",
            "uscc",
            "name",
            "name_norm",
            "status",
            "industry_code",
            "industry_section",
            "size_class",
            "headcount",
            "qualifications",
            "registered_here",
            "operates_here",
            "tax_here",
            "above_scale",
            "is_branch",
            "building_id",
            "moved_in_on",
            "moved_out_on",
            "grade",
            "tier",
            "created_at",
            "updated_at",
        ),
        (
            (
                i + 1,
                None,
                f"基准企业{i + 1}有限公司",
                f"基准企业{i + 1}",
                str(status[i]),
                None,
                str(section[i]),
                str(size[i]),
                _d(heads[i]),
                quals[i],
                bool(registered[i]),
                bool(operates[i]),
                bool(tax_here[i]),
                bool(size[i] in ("large", "medium")),
                False,
                _d(building[i]) or None,
                today - timedelta(days=int(moved_in[i])),
                today - timedelta(days=int(moved_out[i])) if moved_out[i] > 0 else None,
                str(grade[i]) or None,
                str(tier[i]),
                now,
                now,
            )
            for i in range(n_firms)
        ),
    )
    # 24 months of economic records for 90% of firms.
    has_records = np.flatnonzero(rng.random(n_firms) < 0.9)
    months = [add_months(today.replace(day=1), -m) for m in range(24, 0, -1)]
    base_tax = rng.lognormal(10.5, 1.6, n_firms)
    trend = rng.normal(0.08, 0.2, n_firms)

    def economic_rows() -> Iterator[tuple[Any, ...]]:
        """Month by month, as the street imports them."""
        rid = 0
        firms = has_records
        for mi, month in enumerate(months):
            factor = (1 + trend[firms]) ** ((mi - 23) / 12) * rng.uniform(0.7, 1.3, len(firms))
            tax = (base_tax[firms] * factor).round()
            for f, t in zip(firms.tolist(), tax.tolist(), strict=True):
                rid += 1
                yield (rid, f + 1, month, t * 12.0, t, round(t * 0.4), int(heads[f]))

    loader.load(
        "economic_record",
        ("id", "enterprise_id", "period", "revenue", "tax_total", "tax_local", "headcount"),
        economic_rows(),
    )
    # Leases: an active one for most tenants, renewed and ended history before them.
    tenants = np.flatnonzero((building > 0) & (status == "active"))[:n_units]
    ends = rng.integers(-20, 1100, len(tenants))

    def lease_rows() -> Iterator[tuple[Any, ...]]:
        lid = 0
        for k, f in enumerate(tenants):
            unit = k + 1
            lid += 1
            end = today + timedelta(days=int(ends[k]))
            start = end - timedelta(days=730)
            intent = "leave" if ends[k] < 90 and k % 7 == 0 else "unknown"
            yield (
                lid,
                f"BL{lid}",
                unit,
                int(f) + 1,
                f"基准企业{f + 1}有限公司",
                start,
                end,
                4.6,
                _d(unit_area[unit - 1]),
                "active",
                intent,
                now,
                now,
            )
            if k % 3 == 0:
                lid += 1
                yield (
                    lid,
                    f"BL{lid}",
                    unit,
                    int(f) + 1,
                    f"基准企业{f + 1}有限公司",
                    start - timedelta(days=731),
                    start - timedelta(days=1),
                    4.2,
                    _d(unit_area[unit - 1]),
                    "renewed",
                    "renew",
                    now,
                    now,
                )
            if k % 10 == 0:
                lid += 1
                yield (
                    lid,
                    f"BL{lid}",
                    unit,
                    None,
                    "已迁出企业",
                    start - timedelta(days=1500),
                    start - timedelta(days=800),
                    4.0,
                    _d(unit_area[unit - 1]),
                    "ended",
                    "leave",
                    now,
                    now,
                )

    loader.load(
        "lease",
        (
            "id",
            "code",
            "unit_id",
            "enterprise_id",
            "tenant_name",
            "start_on",
            "end_on",
            "rent_per_m2_day",
            "area",
            "status",
            "intent",
            "created_at",
            "updated_at",
        ),
        lease_rows(),
    )
    n_demands = max(50, n_firms // 16)
    loader.load(
        "demand",
        (
            "id",
            "enterprise_id",
            "category",
            "urgency",
            "title",
            "text",
            "state",
            "created_at",
            "updated_at",
            "due_at",
            "closed_at",
            "rating",
            "escalated",
            "reopen_count",
        ),
        (
            (
                i + 1,
                int(rng.integers(1, n_firms + 1)),
                "政策咨询",
                "normal",
                f"诉求{i + 1}",
                "",
                "closed" if i % 3 else "in_progress",
                now - timedelta(days=int(i % 300)),
                now,
                now - timedelta(days=int(i % 300) - 10),
                now - timedelta(days=int(i % 300) - 5) if i % 3 else None,
                int(i % 5) + 1 if i % 3 else None,
                False,
                0,
            )
            for i in range(n_demands)
        ),
    )
    n_visits = max(50, n_firms // 25)
    loader.load(
        "visit",
        (
            "id",
            "enterprise_id",
            "building_id",
            "visited_on",
            "visitors",
            "findings",
            "needs",
            "created_at",
            "updated_at",
        ),
        (
            (
                i + 1,
                int(rng.integers(1, n_firms + 1)),
                None,
                today - timedelta(days=int(i % 330)),
                "街道经发办",
                "",
                "",
                now,
                now,
            )
            for i in range(n_visits)
        ),
    )
    states = ["new", "seen", "clicked", "applied", "granted", "dismissed"]

    def push_rows() -> Iterator[tuple[Any, ...]]:
        pid = 0
        for offer in range(1, 31):
            firms = np.flatnonzero(rng.random(n_firms) < 0.1)
            picks = rng.choice(states, len(firms), p=[0.3, 0.3, 0.15, 0.12, 0.08, 0.05])
            for f, st in zip(firms, picks, strict=True):
                pid += 1
                yield (
                    pid,
                    int(f) + 1,
                    "policy",
                    offer,
                    f"政策{offer}",
                    "eligible",
                    1.0,
                    str(st),
                    20000.0 if st == "granted" else None,
                    now - timedelta(days=int(pid % 300)),
                )

    loader.load(
        "push",
        (
            "id",
            "enterprise_id",
            "offer_kind",
            "offer_id",
            "title",
            "status",
            "score",
            "state",
            "granted_amount",
            "pushed_at",
        ),
        push_rows(),
    )
    keys = [
        "services_va_growth",
        "digital_core_growth",
        "fixed_investment_growth",
        "retail_sales_growth",
        "foreign_capital_used",
        "tech_contract_value",
    ]
    loader.load(
        "macro_statistic",
        ("key", "period", "value", "unit", "source"),
        ((k, m, 5.0, "%", "基准数据") for m in months for k in keys),
    )
