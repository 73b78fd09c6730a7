"""The roster import (企业名录导入): files of firms read, resolved into firms (exact keys, then
scored evidence), written with their lineage, and the pairs and changes left for an official."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports this package without Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.enterprises.roster import cli, views  # noqa: F401 - cli registers its commands
    from qifutong.enterprises.roster.changes import batch_changes
    from qifutong.enterprises.roster.jobs import register_jobs
    from qifutong.enterprises.roster.messages import stored_message
    from qifutong.enterprises.roster.services import KIND
    from qifutong.imports.api import register_batch_changes

    app.register_blueprint(views.bp)
    register_batch_changes(KIND, batch_changes)
    register_jobs()
    app.add_template_filter(stored_message)
