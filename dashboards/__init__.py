"""The street's economic cockpit: the indicator registry, figures and the map."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from dashboards.seed import load_macro
    from qifutong.seeding import register_seeder

    register_seeder(70, "macro_statistics", load_macro)
