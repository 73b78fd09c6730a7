"""JSON API under /api/v1: bearer-token auth, errors as {"error": {code, message}}, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, g, jsonify, request
from flask_login import current_user
from werkzeug.wrappers import Response

from qifutong.extensions import csrf

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


def error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message}}), status


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
            try:
                return view(*args, **kwargs)
            except ApiError as exc:
                from qifutong.extensions import db

                db.session.rollback()
                return error(exc.status, exc.code, exc.message)

        return cast(F, wrapped)

    return decorator


def page_args() -> tuple[int, int]:
    """`page` (from 1) and `per_page` (1–500, default 50) from the query string."""
    try:
        page = max(1, int(request.args.get("page", 1)))
        per_page = min(500, max(1, int(request.args.get("per_page", 50))))
    except ValueError as exc:
        raise ApiError(400, "bad_request", "page and per_page must be whole numbers") from exc
    return page, per_page


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    return body


def init_app(app: Flask) -> None:
    """Blueprints made with api_blueprint() before or after this call are registered by owners."""
