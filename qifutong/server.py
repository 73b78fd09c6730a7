"""Serving with gunicorn from inside the `qifutong` command."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


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


def serve(app: Flask, host: str = "127.0.0.1", port: int = 8000, workers: int = 2) -> None:
    # The database engine must not be shared across forked workers.
    with app.app_context():
        from qifutong.extensions import db

        db.engine.dispose()
    _Gunicorn(
        app, {"bind": f"{host}:{port}", "workers": workers, "accesslog": "-", "timeout": 120}
    ).run()
