"""JSON API under /api/v1: bearer-token auth, errors as {"error": {code, message}}, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, g, jsonify, request
from flask_login import current_user
from werkzeug.wrappers import Response

from qifutong.extensions import csrf
from qifutong.inputs import InvalidInput

F = TypeVar("F", bound=Callable[..., Any])
_blueprints: list[Blueprint] = []


class ApiError(Exception):
    """Raise from an API view to answer with a JSON error."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1; token-authenticated, so exempt from the form CSRF check."""
    bp = Blueprint(name, import_name, url_prefix="/api/v1")
    csrf.exempt(bp)
    _blueprints.append(bp)
    return bp


def error(status: int, code: str, message: str, **extra: Any) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


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
                    return error(401, "invalid_token", "the API token is unknown or revoked")
            elif request.method == "GET" and current_user.is_authenticated:
                user = current_user._get_current_object()
            if user is None:
                return error(401, "unauthorized", "send Authorization: Bearer TOKEN")
            g.api_user = user
            if not allowed(user, roles):
                return error(403, "forbidden", f"role {user.role!r} may not use this endpoint")
            from qifutong.extensions import db

            try:
                return view(*args, **kwargs)
            except ApiError as exc:
                db.session.rollback()
                return error(exc.status, exc.code, exc.message)
            except InvalidInput as exc:
                db.session.rollback()
                return error(422, "invalid_field", str(exc), field=exc.field)

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
