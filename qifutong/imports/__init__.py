"""What every import shares over the database: the batch record of each imported file with the
file kept under its checksum and its problem report (batches), bulk inserts, and
GET /api/v1/imports/<batch>, where each kind of import says what its batches changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports this package without Flask
    from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.imports import api

    app.register_blueprint(api.bp)
