"""`qifutong bench serve`: the production server under a fixed request rate.

The demo street is seeded into a database of its own, `qifutong serve` starts on it with two
workers, firms, building managers and officials log in through the form, and an open-loop
generator sends the daily mix of pages and API calls at a fixed rate, whatever the server's
answers take. Latency is counted from the moment each request was due (so a slow server
cannot hide its queue), per endpoint.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
import urllib.parse
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.server import USER_AGENT, Browser, running_server

DEMO_PASSWORD = "guodang-demo"
FIRM_LOGINS = 20
REQUEST_TIMEOUT_S = 30.0
WARM_UP_S = 6.0

# The daily mix: what firms, building managers and officials open most, by share of requests.
MIX: tuple[tuple[str, float], ...] = (
    ("firm inbox page", 0.35),
    ("lease warning board", 0.15),
    ("cockpit", 0.05),
    ("api lease warnings", 0.15),
    ("api enterprise search", 0.20),
    ("api demand submit", 0.05),
    ("api demand transition", 0.05),
)
COCKPIT_GROUPS = ("A", "B", "C", "D", "E", "F")
SEARCH_TERMS = ("科技", "网络", "杭州", "数据", "咨询", "文化", "建筑", "医疗", "教育", "贸易")


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Outcome:
    kind: str
    latency_ms: float
    status: int
    error: str = ""


@dataclass
class Street:
    """The logged-in callers of a running server."""

    host: str
    port: int
    firm_cookies: list[str]
    building_cookie: str
    street_cookie: str
    firm_tokens: list[str]
    building_token: str
    street_token: str
    demand_ids: list[int] = field(default_factory=list)


def prepare_street(url: str, echo: Callable[[str], Any]) -> dict[str, Any]:
    """Seed the demo street (unless the database already holds one) and give firm logins and
    API tokens to the callers."""
    from sqlalchemy import func, select

    from qifutong.app import create_app
    from qifutong.auth.models import User
    from qifutong.auth.services import create_user, issue_token
    from qifutong.enterprises.models import Enterprise
    from qifutong.extensions import db
    from qifutong.seeding import run_seed
    from qifutong.timeutil import street_today

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        db.create_all()
        if not db.session.scalar(select(func.count()).select_from(Enterprise)):
            echo("seeding the demo street …")
            t0 = time.perf_counter()
            run_seed(street_today(), echo=lambda _line: None)
            echo(f"seeded in {time.perf_counter() - t0:.1f} s")
        firms = db.session.scalars(
            select(Enterprise.id)
            .where(Enterprise.is_active)
            .order_by(Enterprise.id)
            .limit(FIRM_LOGINS)
        ).all()
        names = []
        for i, firm_id in enumerate(firms):
            name = f"bench-firm-{i}"
            user = db.session.scalar(select(User).where(User.username == name))
            if user is None:
                create_user(name, DEMO_PASSWORD, "firm", enterprise_id=firm_id)
            names.append(name)
        db.session.flush()

        def token(username: str) -> str:
            user = db.session.scalar(select(User).where(User.username == username))
            assert user is not None, username
            return issue_token(user)

        prepared = {
            "firm_logins": names,
            "firm_tokens": [token(n) for n in names],
            "building_token": token("louyu"),
            "street_token": token("jiedao"),
        }
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return prepared


def log_in(base: str, prepared: dict[str, Any]) -> Street:
    def cookie(username: str) -> str:
        browser = Browser(base)
        status, _page = browser.login(username, DEMO_PASSWORD)
        if status != 200:
            raise RuntimeError(f"login {username} answered {status}")
        return browser.session_cookie()

    parts = urllib.parse.urlsplit(base)
    assert parts.hostname and parts.port
    return Street(
        host=parts.hostname,
        port=parts.port,
        firm_cookies=[cookie(n) for n in prepared["firm_logins"]],
        building_cookie=cookie("louyu"),
        street_cookie=cookie("jiedao"),
        firm_tokens=prepared["firm_tokens"],
        building_token=prepared["building_token"],
        street_token=prepared["street_token"],
    )


def make_request(kind: str, street: Street, rng: random.Random) -> Request:
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    if kind == "firm inbox page":
        return Request("GET", "/firm/", {"Cookie": rng.choice(street.firm_cookies)})
    if kind == "lease warning board":
        return Request("GET", "/building/", {"Cookie": street.building_cookie})
    if kind == "cockpit":
        group = rng.choice(COCKPIT_GROUPS)
        return Request("GET", f"/cockpit/{group}", {"Cookie": street.street_cookie})
    if kind == "api lease warnings":
        return Request("GET", "/api/v1/leases/warnings", bearer(street.building_token))
    if kind == "api enterprise search":
        q = urllib.parse.quote(rng.choice(SEARCH_TERMS))
        return Request("GET", f"/api/v1/enterprises?q={q}", bearer(street.street_token))
    if kind == "api demand transition" and street.demand_ids:
        demand_id = street.demand_ids.pop(0)
        body = {"to": "assigned", "owner_department": "街道企业服务中心", "note": "压测交办"}
        return _json("POST", f"/api/v1/demands/{demand_id}/transition", body, street.street_token)
    body = {
        "category": "政策咨询",
        "title": "咨询研发费用加计扣除",
        "text": "想了解今年研发费用加计扣除的申报时间和材料。",
    }
    return _json("POST", "/api/v1/demands", body, rng.choice(street.firm_tokens))


def _json(method: str, path: str, body: dict[str, Any], token: str) -> Request:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return Request(method, path, headers, json.dumps(body, ensure_ascii=False).encode())


async def send(street: Street, req: Request) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a connection of its own; the status and the body."""
    reader, writer = await asyncio.open_connection(street.host, street.port)
    try:
        head = [f"{req.method} {req.path} HTTP/1.1", f"Host: {street.host}:{street.port}"]
        head.append(f"User-Agent: {USER_AGENT}")
        head += [f"{k}: {v}" for k, v in req.headers.items()]
        head += [f"Content-Length: {len(req.body)}", "Connection: close", "", ""]
        writer.write("\r\n".join(head).encode() + req.body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    status_line, _, rest = raw.partition(b"\r\n")
    _headers, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split(b" ", 2)[1]), body


async def _one(street: Street, kind: str, req: Request, due: float) -> Outcome:
    try:
        status, body = await asyncio.wait_for(send(street, req), REQUEST_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError, IndexError) as exc:
        return Outcome(kind, (time.perf_counter() - due) * 1000, 0, type(exc).__name__)
    latency = (time.perf_counter() - due) * 1000
    expected = 201 if kind == "api demand submit" and req.path == "/api/v1/demands" else 200
    if status != expected:
        return Outcome(kind, latency, status, body[:200].decode(errors="replace"))
    if req.path == "/api/v1/demands":
        street.demand_ids.append(int(json.loads(body)["id"]))
    return Outcome(kind, latency, status)


async def drive(street: Street, rate: float, seconds: float, seed: int = 7) -> list[Outcome]:
    """Send `rate` requests a second for `seconds`, each at its due time (open loop)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    tasks = []
    start = time.perf_counter() + 0.2
    for i in range(int(rate * seconds)):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        kind = rng.choices(kinds, weights)[0]
        if kind == "api demand transition" and not street.demand_ids:
            kind = "api demand submit"
        req = make_request(kind, street, rng)
        tasks.append(asyncio.create_task(_one(street, kind, req, due)))
    return list(await asyncio.gather(*tasks))


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def report(
    outcomes: list[Outcome], backend: str, rate: float, seconds: float, echo: Callable[[str], Any]
) -> dict[str, Any]:
    echo(f"{'endpoint':<24}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    by_kind: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_kind.setdefault(o.kind, []).append(o)
    for kind, _ in MIX:
        rows = by_kind.get(kind, [])
        ms = [o.latency_ms for o in rows]
        errors = sum(1 for o in rows if o.error or o.status >= 400)
        echo(
            f"{kind:<24}{len(rows):>9}{errors:>8}{_percentile(ms, 50):>9.1f}"
            f"{_percentile(ms, 95):>9.1f}{_percentile(ms, 99):>9.1f}"
        )
    failed = [o for o in outcomes if o.error or o.status >= 400]
    for o in failed[:5]:
        echo(f"  error: {o.kind}: {o.status} {o.error[:160]}")
    every = [o.latency_ms for o in outcomes]
    inbox = [o.latency_ms for o in by_kind.get("firm inbox page", [])]
    # Outcomes are in the order they were due: p95 per 5 s shows a backlog forming or draining.
    window = max(1, round(rate * 5))
    windows = [every[i : i + window] for i in range(0, len(every), window)]
    echo("p95 ms per 5 s: " + " ".join(f"{_percentile(w, 95):.0f}" for w in windows))
    echo(
        f"{'all':<24}{len(outcomes):>9}{len(failed):>8}{_percentile(every, 50):>9.1f}"
        f"{_percentile(every, 95):>9.1f}{_percentile(every, 99):>9.1f}"
    )
    return {
        "backend": backend,
        "rate": rate,
        "seconds": seconds,
        "requests": len(outcomes),
        "p95_ms": round(_percentile(every, 95), 1),
        "inbox_p95_ms": round(_percentile(inbox, 95), 1),
        "mean_ms": round(statistics.fmean(every), 1) if every else None,
        "errors": len(failed),
    }


def run(
    backend: str,
    rate: float,
    seconds: float,
    admin_url: str | None,
    workers: int,
    threads: int = 1,
    echo: Callable[[str], Any] = print,
    use_database: str | None = None,
) -> dict[str, Any]:
    from benchmarks.cockpit import bench_database
    from qifutong.config import normalise_database_url, temporary_instance

    given = nullcontext(normalise_database_url(use_database)) if use_database else None
    with (
        given or bench_database(backend, admin_url, keep=False) as url,
        temporary_instance("qifutong-bench-serve-") as instance,
    ):
        prepared = prepare_street(url, echo)
        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-" + os.urandom(8).hex(),
            "QIFUTONG_ENV": "production",
            "QIFUTONG_SECURE_COOKIES": "0",
            "QIFUTONG_INSTANCE": str(instance),
        }
        log = Path(instance) / "server.log"
        with running_server(env, workers=workers, threads=threads, log=log) as base:
            street = log_in(base, prepared)
            # Warm up at half the rate for 6 s (each worker fills its caches: the offers, each
            # firm's inbox, the cockpit's groups), then measure the steady state.
            warm = min(rate / 2, 50.0)
            echo(
                f"[{backend}] {base}: warming up ({warm:g} requests/s for {WARM_UP_S:g} s), "
                f"then {rate:g} requests/s for {seconds:g} s"
            )
            asyncio.run(drive(street, warm, WARM_UP_S, seed=1))
            street.demand_ids.clear()
            outcomes = asyncio.run(drive(street, rate, seconds))
        return {
            **report(outcomes, backend, rate, seconds, echo),
            "workers": workers,
            "threads": threads,
        }
