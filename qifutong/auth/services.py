"""Creating users, checking passwords with a growing delay, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from qifutong.auth.models import ApiToken, LoginAttempt, Role, User, user_buildings
from qifutong.extensions import db
from qifutong.models_base import utcnow

TOKEN_PREFIX = "qft_"


class AuthError(ValueError):
    """A login or user change that cannot be done; the message says why."""


def create_user(
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    enterprise_id: int | None = None,
    building_ids: list[int] | tuple[int, ...] = (),
    email: str | None = None,
    department: str | None = None,
) -> User:
    """Add a login; a firm user needs its firm, building and property users their buildings."""
    if role not in {r.value for r in Role}:
        raise AuthError(
            f"unknown role {role!r}: expected one of street, building, property, firm, admin"
        )
    if len(password) < 8:
        raise AuthError("the password must have at least 8 characters")
    if role == Role.FIRM and enterprise_id is None:
        raise AuthError("a firm user needs its firm (--firm USCC)")
    if role in (Role.BUILDING, Role.PROPERTY) and not building_ids:
        raise AuthError(f"a {role} user needs at least one building (--building ID)")
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise AuthError(f"user {username!r} exists already")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(password),
        role=role,
        enterprise_id=enterprise_id,
        email=email,
        department=department,
    )
    db.session.add(user)
    db.session.flush()
    for bid in sorted(set(building_ids)):
        db.session.execute(user_buildings.insert().values(user_id=user.id, building_id=bid))
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    wait_seconds: int = 0


def login_delay(username: str, now: datetime, free: int, window: int, max_delay: int) -> int:
    """Seconds the next attempt for `username` must still wait (0 = may try now)."""
    since = now - timedelta(seconds=window)
    failures = (
        db.session.scalar(
            select(func.count()).where(
                LoginAttempt.username == username,
                LoginAttempt.success.is_(False),
                LoginAttempt.at >= since,
            )
        )
        or 0
    )
    if failures < free:
        return 0
    last = db.session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.success.is_(False)
        )
    )
    delay = min(2 ** (failures - free + 1), max_delay)
    ready = last + timedelta(seconds=delay) if last else now
    return max(0, int((ready - now).total_seconds() + 0.999))


def authenticate(
    username: str,
    password: str,
    remote_addr: str = "",
    *,
    free: int = 5,
    window: int = 900,
    max_delay: int = 900,
) -> LoginResult:
    """Check a password; after `free` failures each further try must wait twice as long."""
    username = username.strip()
    now = utcnow()
    wait = login_delay(username, now, free, window, max_delay)
    if wait:
        return LoginResult(None, wait)
    user = db.session.scalar(select(User).where(User.username == username))
    ok = user is not None and user.active and check_password_hash(user.password_hash, password)
    db.session.add(LoginAttempt(username=username, remote_addr=remote_addr, success=ok, at=now))
    if ok and user is not None:
        user.last_login_at = now
        db.session.commit()
        return LoginResult(user)
    db.session.commit()
    return LoginResult(None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new API token; only its hash is stored, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, prefix=token[:12], token_hash=_digest(token)))
    db.session.flush()
    return token


# A token's last use is written at most this often, in its own short transaction.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False))
    )
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        _note_token_use(row.id, now)
    return row.user


def _note_token_use(token_id: int, now: datetime) -> None:
    """Record a token's use apart from the request's transaction: a read holds no write lock,
    and concurrent requests with one token write it once a minute at most."""
    stale = now - TOKEN_USE_RESOLUTION
    with db.engine.begin() as conn:
        conn.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= stale),
            )
            .values(last_used_at=now)
        )
