"""Role and scope checks shared by pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g
from flask_login import current_user
from sqlalchemy import Select, false

from qifutong.auth.models import Role, User
from qifutong.errors import QifutongError

F = TypeVar("F", bound=Callable[..., Any])


class OutOfScope(QifutongError, PermissionError):
    """A record outside the caller's scope (a building, a firm): the API says which in its
    message; a page answers as for any page the reader may not see."""

    status = 403
    code = "forbidden"

    def shown(self) -> str:
        from qifutong.web.i18n import translate

        return translate("您没有权限查看此页面。")


def acting_user() -> User | None:
    """The caller: the API token's user, else the logged-in user."""
    api_user = g.get("api_user")
    if api_user is not None:
        return cast(User, api_user)
    if current_user and current_user.is_authenticated:
        return cast(User, current_user._get_current_object())
    return None


def allowed(user: User | None, roles: tuple[str, ...]) -> bool:
    """An admin may do whatever a street official may."""
    if user is None or not user.is_active:
        return False
    return user.role in roles or (user.role == Role.ADMIN and Role.STREET in roles)


def role_required(*roles: str) -> Callable[[F], F]:
    """Pages: log in first, then the role must be one of `roles` (403 otherwise)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = acting_user()
            if user is None:
                from qifutong.extensions import login_manager

                return login_manager.unauthorized()
            if not allowed(user, roles):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def scope_enterprises(stmt: Select[Any], user: User, enterprise_cls: Any) -> Select[Any]:
    """Limit a firm query to what the user may see."""
    if user.sees_all:
        return stmt
    if user.role == Role.FIRM:
        if user.enterprise_id is None:
            return stmt.where(false())
        return stmt.where(enterprise_cls.id == user.enterprise_id)
    if user.role in (Role.BUILDING, Role.PROPERTY):
        ids = user.building_ids
        if not ids:
            return stmt.where(false())
        return stmt.where(enterprise_cls.building_id.in_(ids))
    return stmt.where(false())


def can_see_enterprise(user: User, enterprise: Any) -> bool:
    if user.sees_all:
        return True
    if user.role == Role.FIRM:
        return bool(user.enterprise_id is not None and enterprise.id == user.enterprise_id)
    if user.role in (Role.BUILDING, Role.PROPERTY):
        return enterprise.building_id is not None and enterprise.building_id in user.building_ids
    return False


def can_see_finance(user: User, enterprise: Any) -> bool:
    """Tax and revenue: never for building or property users."""
    if user.sees_all:
        return True
    return user.role == Role.FIRM and enterprise.id == user.enterprise_id


def can_see_building(user: User, building_id: int | None) -> bool:
    if user.sees_all:
        return True
    if user.role in (Role.BUILDING, Role.PROPERTY):
        return building_id is not None and building_id in user.building_ids
    return False
