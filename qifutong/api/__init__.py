"""JSON API under /api/v1: bearer-token auth, errors as {"error": {code, message}}, paging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, g, request
from flask_login import current_user

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
