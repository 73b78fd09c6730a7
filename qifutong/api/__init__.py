"""JSON API under /api/v1: bearer-token auth, errors as {"error": {code, message}}, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, g, jsonify, request
from flask_login import current_user
from werkzeug.wrappers import Response

from qifutong.errors import QifutongError
from qifutong.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])
_blueprints: list[Blueprint] = []


class ApiError(QifutongError):
    """Raise from an API view to answer with a JSON error of this status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1; token-authenticated, so exempt from the form CSRF check."""
    bp = Blueprint(name, import_name, url_prefix="/api/v1")
    csrf.exempt(bp)
    _blueprints.append(bp)
    return bp


def api_required(*roles: str) -> Callable[[F], F]:
    """Bearer token (or, for reads, the logged-in session); role must be one of `roles`."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from qifutong.auth.access import allowed
            from qifutong.auth.services import user_for_token

            header = request.headers.get("Authorization", "")
            user = None
            if header.startswith("Bearer "):
                user = user_for_token(header[7:].strip())
                if user is None:
                    raise ApiError(401, "invalid_token", "the API token is unknown or revoked")
            elif request.method == "GET" and current_user.is_authenticated:
                user = current_user._get_current_object()
            if user is None:
                raise ApiError(401, "unauthorized", "send Authorization: Bearer TOKEN")
            g.api_user = user
            if not allowed(user, roles):
                raise ApiError(403, "forbidden", f"role {user.role!r} may not use this endpoint")
            return view(*args, **kwargs)  # a QifutongError is answered by qifutong.errors

        wrapped.api_roles = tuple(str(r) for r in roles)  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorator


def json_body() -> dict[str, Any]:
    try:
        body = request.get_json(silent=True)
    except RecursionError as exc:  # nested deeper than the parser goes
        raise ApiError(400, "bad_request", "the body is nested too deeply") from exc
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    return body


docs = Blueprint("api_docs", __name__, url_prefix="/api/v1")


@docs.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document of every endpoint, made from the routes' declarations."""
    from flask import current_app

    from qifutong.api.spec import openapi_document

    return jsonify(openapi_document(current_app))


@docs.get("/docs")
def openapi_page() -> str:
    """The same document as a page to read: each endpoint with its roles, parameters, body
    and answers (for the people connecting the street's other systems)."""
    from flask import current_app, render_template

    from qifutong.api.spec import openapi_document
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
                    "roles": _roles(op.get("description", "")),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "fields": fields,
                    "responses": sorted(op.get("responses", {}).items()),
                }
            )
    return out


def _roles(description: str) -> list[str]:
    return [r for r in description.removeprefix("Roles: ").split(", ") if r]


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
