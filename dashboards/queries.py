"""Computing the cockpit for a user, period and filters: frames loaded once, figures cached."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import text

from dashboards import frames, service_frames
from dashboards.cache import FigureCache, cache, table_versions
from dashboards.calc_space import building_table
from dashboards.compute import Context, Loader, Value, settings_from
from dashboards.frames import EconWindows
from dashboards.indicator import Indicator
from dashboards.period import Filters, Period
from dashboards.registry import visible
from qifutong.auth.models import User
from qifutong.extensions import db


def _windows(ctx: Context) -> EconWindows | None:
    end = ctx.econ_end
    return EconWindows(ctx.period.start, end) if end else None


def _monthly(ctx: Context) -> Any:
    w = _windows(ctx)
    start = w.prev_start if w else ctx.period.start
    end = w.cur_end if w else ctx.period.end
    return frames.monthly_frame(ctx.filters, ctx.scope, start, end)


# The service statistics are kept apart from the figures that use them, each while the tables
# it read stand: a new demand recounts the demands, not the period's pushes and visits.
_statistics = FigureCache(size=256)


def _kept(name: str, load: Loader) -> Loader:
    def run(ctx: Context) -> Any:
        key = (name, ctx.period, ctx.filters, ctx.scope, ctx.today)
        return _statistics.get_or_compute(table_versions(db.session), key, lambda: load(ctx))

    return run


LOADERS: dict[str, Loader] = {
    "latest_month": lambda ctx: frames.latest_record_month(ctx.period.end),
    "firm_figures": lambda ctx: frames.firm_figures(ctx.filters, ctx.scope, _windows(ctx)),
    "firms": lambda ctx: frames.firm_frame(
        ctx.filters, ctx.scope, _windows(ctx), figures=lambda: ctx.frame("firm_figures")
    ),
    "monthly": _monthly,
    "buildings": lambda ctx: frames.building_frame(ctx.filters, ctx.scope),
    "building_table": building_table,
    "expiring": lambda ctx: frames.expiring_lease_frame(
        ctx.filters, ctx.scope, ctx.today, ctx.settings.blue
    ),
    "lease_flows": lambda ctx: frames.lease_flow_frame(ctx.filters, ctx.scope, *ctx.days),
    "demands": _kept(
        "demands", lambda ctx: service_frames.demand_stats(ctx.filters, ctx.scope, *ctx.days)
    ),
    "visits": _kept(
        "visits", lambda ctx: service_frames.visit_stats(ctx.filters, ctx.scope, *ctx.days)
    ),
    "pushes": _kept(
        "pushes", lambda ctx: service_frames.push_stats(ctx.filters, ctx.scope, *ctx.days)
    ),
    "applications": _kept(
        "applications",
        lambda ctx: service_frames.application_stats(ctx.filters, ctx.scope, *ctx.days),
    ),
    "macro": lambda ctx: service_frames.macro_frame(ctx.period.end),
}


def user_scope(user: User) -> frozenset[int] | None:
    """None: every building (street, admin); else the user's buildings."""
    return None if user.sees_all else frozenset(user.building_ids)


def make_context(
    period: Period,
    filters: Filters,
    scope: frozenset[int] | None,
    today: date,
    finance: bool,
) -> Context:
    return Context(
        period,
        filters,
        scope,
        today,
        settings_from(current_app.config),
        loaders=LOADERS,
        finance=finance,
    )


def prepare_session() -> None:
    """PostgreSQL, for this transaction only: no JIT (compiling the cockpit's few aggregate
    queries costs more than it saves). The economic records are summed per firm by walking
    their key, which carries the figures, in firm order (a third of the CPU time of hashing
    them), so work_mem is left as it is: more of it would tempt the planner to hash. No
    parallel workers either: the cockpit already reads its frames side by side, and on a small
    server extra workers only compete with them for the same cores."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


# Frames read side by side on PostgreSQL: all of them for street users, the space and lease
# ones for building and property users.
STREET_FRAMES = (
    "firm_figures",  # before "firms", which waits for it: never queued behind it
    "firms",
    "monthly",
    "buildings",
    "lease_flows",
    "expiring",
    "pushes",
    "applications",
    "demands",
    "visits",
    "macro",
)
SPACE_FRAMES = ("buildings", "lease_flows", "expiring")


def start_loading(ctx: Context, names: Iterable[str], pool: ThreadPoolExecutor) -> None:
    """PostgreSQL: start reading independent frames at once, each on a connection of its own,
    so that the server's aggregation and this process's work overlap; an indicator that needs
    a frame waits for it. (Each read sees the data committed when it starts.)"""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    ctx.frame("latest_month")  # the other loaders read it: load it before they start
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def load(name: str) -> Any:
        with app.app_context():
            try:
                prepare_session()
                return LOADERS[name](ctx)
            finally:
                db.session.remove()

    for name in names:
        if not ctx.has_frame(name):
            ctx.put_pending(name, pool.submit(load, name))


def _quick_first(i: Indicator) -> int:
    """Indicators that need no firm figures are worked out while those are still loading."""
    return 0 if i.group in ("E", "F") or i.drill.kind == "macro" else 1


def compute(
    ctx: Context, indicators: Iterable[Indicator], workers: int = 3, preload: bool = True
) -> dict[str, Value]:
    """Each indicator's value; one without data of its own is stated as of today. With
    `preload` (the whole cockpit), every frame starts loading at once; else (a few
    indicators) each frame is read when an indicator first needs it."""
    prepare_session()
    shown = list(indicators)
    out = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        if preload:
            start_loading(ctx, STREET_FRAMES if ctx.finance else SPACE_FRAMES, pool)
        for i in sorted(shown, key=_quick_first):
            value = i.compute(ctx)
            if value.as_of is None:
                value.as_of = ctx.today
            out[i.key] = value
    return {i.key: out[i.key] for i in shown}


def cockpit(
    user: User,
    period: Period,
    filters: Filters,
    today: date,
    keys: Collection[str] | None = None,
) -> dict[str, Value]:
    """Every indicator the user may see (or those of them named by `keys`: one group's page,
    one indicator), computed over their scope (cached per data version)."""
    role = "street" if user.sees_all else user.role
    shown = [i for i in visible(role) if keys is None or i.key in keys]
    scope = user_scope(user)
    key = (role, scope, period, filters, today, None if keys is None else frozenset(keys))

    def run() -> dict[str, Value]:
        ctx = make_context(period, filters, scope, today, finance=user.sees_all)
        return compute(ctx, shown, preload=keys is None)

    return cache.get_or_compute(table_versions(db.session), key, run)
