"""The OpenAPI document, served at /api/v1/openapi.json. Kept apart from the package's helpers
(qifutong/api/__init__.py), which the document's builder reads: no import circle."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from werkzeug.wrappers import Response

from qifutong.api.spec import openapi_document

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")


@docs.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document of every endpoint, made from the routes' declarations."""
    return jsonify(openapi_document(current_app))


def init_app(app: Flask) -> None:
    """Blueprints made with api_blueprint() are registered by their owners; the OpenAPI
    document here."""
    app.register_blueprint(docs)
