"""Serving with gunicorn from inside the `qifutong` command, as `gunicorn wsgi:app` does."""

from __future__ import annotations

import gc
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from qifutong.extensions import db


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def _forget_connections(app: Flask, close: bool) -> None:
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=close)


# Young collections every 10,000 new objects instead of 700: a page builds a few thousand, and
# each collection promotes survivors towards the full collections that stall a request.
YOUNG_COLLECTION_THRESHOLD = 10_000


def settle_heap() -> None:
    """Put what the app made as it started (routes, templates, vocabularies, the street's
    tables: some 190,000 objects on the demo street) out of the garbage collector's sight.
    A full collection walks every tracked object: over those it stalled the request that set
    it off for 100 to 200 ms; now it walks only what requests left behind. Called before the
    workers fork (they share those pages untouched) and where gunicorn loads wsgi:app."""
    gc.collect()
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, gen1, gen2)


def serve(
    app: Flask, host: str = "127.0.0.1", port: int = 8000, workers: int = 2, threads: int = 1
) -> None:
    """Serve `app` with gunicorn. The app must not be inside an application context: each
    request pushes its own, with its own `g` and database session. With `threads` > 1 each
    worker answers that many requests at once (gunicorn's gthread worker), so a slow page does
    not hold up the quick ones queued behind it."""
    from qifutong.demands.holidays import warn_at_start

    warn_at_start(app)  # logged when next year's holidays are not known yet
    # Connections opened before the fork (schema upgrade, demo seeding) are not shared.
    _forget_connections(app, close=True)
    settle_heap()

    def post_fork(_server: Any, _worker: Any) -> None:
        _forget_connections(app, close=False)

    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread" if threads > 1 else "sync",
            "threads": max(1, threads),
            "accesslog": "-",
            "timeout": 120,
            "post_fork": post_fork,
            # No control socket: several servers may run side by side on one host.
            "control_socket_disable": True,
        },
    ).run()
