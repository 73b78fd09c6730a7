"""The OpenAPI document, served at /api/v1/openapi.json and as a page at /api/v1/docs. Kept
apart from the package's helpers (qifutong/api/__init__.py), which the document's builder
reads: no import circle."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, render_template
from werkzeug.wrappers import Response

from qifutong.api.spec import openapi_document

docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")


@docs.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document of every endpoint, made from the routes' declarations."""
    return jsonify(openapi_document(current_app))


@docs.get("/docs")
def openapi_page() -> str:
    """The same document as a page to read: each endpoint with its roles, parameters, body
    and answers (for the people connecting the street's other systems)."""
    from qifutong.auth.models import ROLE_LABELS

    document = openapi_document(current_app)
    schemas = document.get("components", {}).get("schemas", {})
    return render_template(
        "api/docs.html",
        document=document,
        operations=_operations(document, schemas),
        role_labels={str(role): label for role, label in ROLE_LABELS.items()},
    )


def _operations(document: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of the document with its body's fields read out of the schema."""
    out = []
    for path, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            fields: list[dict[str, Any]] = []
            for media, content in body.items():
                schema = content.get("schema", {})
                ref = schema.get("$ref", "")
                schema = schemas.get(ref.rsplit("/", 1)[-1], schema) if ref else schema
                required = set(schema.get("required", ()))
                for name, spec in schema.get("properties", {}).items():
                    fields.append(
                        {
                            "name": name,
                            "media": media,
                            "required": name in required,
                            "type": _type_text(spec),
                        }
                    )
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "roles": op.get("x-roles", []),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "fields": fields,
                    "responses": sorted(op.get("responses", {}).items()),
                }
            )
    return out


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": p["name"],
        "in": p["in"],
        "required": p.get("required", False),
        "type": _type_text(p.get("schema", {})),
    }


def _type_text(schema: dict[str, Any]) -> str:
    """A schema in a few words: `integer 1–500`, `string ≤ 200`, `one of a, b`."""
    if "anyOf" in schema:
        parts = [_type_text(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " | ".join(p for p in parts if p) + (
            " | null" if any(s.get("type") == "null" for s in schema["anyOf"]) else ""
        )
    if "enum" in schema:
        return " / ".join(str(v) for v in schema["enum"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    text = str(schema.get("type", schema.get("format", "")))
    if schema.get("type") == "array":
        text = "array of " + (_type_text(schema.get("items", {})) or "values")
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None or high is not None:
        text += f" {'' if low is None else low}–{'' if high is None else high}"
    if schema.get("maxLength") is not None:
        text += f" ≤ {schema['maxLength']}"
    if schema.get("format") and schema.get("type"):
        text += f" ({schema['format']})"
    return text


def init_app(app: Flask) -> None:
    """Blueprints made with api_blueprint() are registered by their owners; the OpenAPI
    document here."""
    app.register_blueprint(docs)
