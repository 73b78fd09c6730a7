"""Applications (申报) for policies and funding products, from the firm's form to the money."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from policies.applications import (  # noqa: F401 - models for the schema, routes on views.bp
        api,
        calendar_views,
        models,
        payout_views,
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
