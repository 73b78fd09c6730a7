"""Long work as jobs (imports, full re-matching, digests, exports) with progress and a result
page: RQ on Redis when `REDIS_URL` is set (`qifutong worker`), else threads of the web process."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.jobs import cli, views

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.worker_command)
