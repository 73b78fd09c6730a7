"""The application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.typing import ResponseReturnValue
from werkzeug.routing import IntegerConverter

from qifutong import config as settings
from qifutong import database
from qifutong.extensions import csrf, db, login_manager, migrate


class DatabaseId(IntegerConverter):
    """`<int:…>` in a route: a number the database's ids can hold (else 404, never a 500)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class Qifutong(Flask):
    """Flask, with each view's transaction ended as soon as it has answered (qifutong.database)."""

    def dispatch_request(self) -> ResponseReturnValue:
        return database.end_view(self.make_response(super().dispatch_request()))


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, the core, then each domain package."""
    instance = settings.instance_path()
    app = Qifutong("qifutong", instance_path=str(instance), instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseId
    app.config.from_mapping(settings.from_environment(instance))
    if test_config is not None:
        app.config.from_mapping(test_config)
    instance.mkdir(parents=True, exist_ok=True)
    settings.check(app.config, instance)

    register_extensions(app)
    register_core(app)
    register_domains(app)
    return app


def register_extensions(app: Flask) -> None:
    from pathlib import Path

    from qifutong import errors

    db.init_app(app)
    database.init_app(app)
    errors.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)


def register_core(app: Flask) -> None:
    from qifutong import (
        auth,
        demands,
        enterprises,
        imports,
        interaction,
        jobs,
        keyfirms,
        matching,
        visits,
        web,
    )
    from qifutong.api import docs as api_docs

    web.init_app(app)
    auth.init_app(app)
    api_docs.init_app(app)
    jobs.init_app(app)
    enterprises.init_app(app)
    imports.init_app(app)
    matching.init_app(app)
    demands.init_app(app)
    visits.init_app(app)
    keyfirms.init_app(app)
    interaction.init_app(app)


def register_domains(app: Flask) -> None:
    """Domain packages attach themselves through init_app(app); listed here explicitly."""
    import buildings
    import dashboards
    import policies

    policies.init_app(app)
    buildings.init_app(app)
    dashboards.init_app(app)
