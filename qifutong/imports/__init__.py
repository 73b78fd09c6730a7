"""Importing the street's spreadsheets: readers, value parsing, firm resolution, review queue."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from qifutong.imports import cli, views  # noqa: F401 - cli registers its commands
    from qifutong.imports.jobs import register_jobs
    from qifutong.imports.translations import TRANSLATIONS
    from qifutong.web.i18n import register_translations

    app.register_blueprint(views.bp)
    register_jobs()
    register_translations(TRANSLATIONS)
