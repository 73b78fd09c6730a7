"""Creating users, checking passwords with a growing delay, and API tokens."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from qifutong.auth.models import (
    DIGEST_FREQUENCIES,
    ApiToken,
    LoginAttempt,
    Role,
    User,
    user_buildings,
)
from qifutong.database import keep_when_refused
from qifutong.errors import QifutongError
from qifutong.extensions import db
from qifutong.models_base import utcnow
from qifutong.web.i18n import translate

TOKEN_PREFIX = "qft_"


class AuthError(QifutongError, ValueError):
    """A login or user change that cannot be done; the message says why."""

    status = 422
    code = "account_refused"


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
    problem = password_problem(password, username, display_name, email or "")
    if problem:
        raise AuthError(problem)
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
    _set_buildings(user, building_ids)
    return user


def _set_buildings(user: User, building_ids: Collection[int]) -> None:
    """The buildings the user answers for, instead of those it had."""
    db.session.execute(user_buildings.delete().where(user_buildings.c.user_id == user.id))
    for bid in sorted(set(building_ids)):
        db.session.execute(user_buildings.insert().values(user_id=user.id, building_id=bid))


MIN_PASSWORD = 8


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of leaked lists (zxcvbn's list, lower case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *names: str) -> str | None:
    """Why a password may not be used (too short, common, or the user's own name), or None."""
    if len(password) < MIN_PASSWORD:
        return translate("密码至少需要 {n} 个字符", n=MIN_PASSWORD)
    lowered = password.lower()
    stem = re.sub(r"[\d\W_]+$", "", lowered)  # "password2026!" is "password" with a suffix
    if lowered in _common_passwords() or stem in _common_passwords() or len(set(lowered)) < 4:
        return translate("该密码过于常见，容易被猜中，请换一个")
    for name in names:
        for part in re.split(r"[@\s]+", (name or "").lower()):
            if len(part) >= 3 and part in lowered:
                return translate("密码不能包含用户名、姓名或邮箱")
    return None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password (the current one must be given); every session so far ends."""
    if not check_password_hash(user.password_hash, current):
        raise AuthError(translate("当前密码不正确"))
    problem = password_problem(new, user.username, user.display_name, user.email or "")
    if problem:
        raise AuthError(problem)
    user.password_hash = generate_password_hash(new)
    user.must_change_password = False
    end_sessions(user)


def reset_password(user: User) -> str:
    """An administrator's reset: a temporary password (shown to the administrator once), which
    the user must replace at next login; every session of the user ends."""
    temporary = secrets.token_urlsafe(9)
    user.password_hash = generate_password_hash(temporary)
    user.must_change_password = True
    end_sessions(user)
    return temporary


def update_user(
    user: User,
    *,
    role: str,
    display_name: str,
    email: str | None,
    department: str | None,
    enterprise_id: int | None,
    building_ids: list[int],
) -> None:
    """Change a login's name, contact, role, department and scope (the same rules as adding)."""
    if role not in {r.value for r in Role}:
        raise AuthError(translate("角色无效"))
    if role == Role.FIRM and enterprise_id is None:
        raise AuthError(translate("企业用户需要填写其企业的统一社会信用代码"))
    if role in (Role.BUILDING, Role.PROPERTY) and not building_ids:
        raise AuthError(translate("楼宇、物业用户至少需要负责一栋楼宇"))
    user.role = role
    user.display_name = display_name or user.username
    user.email = email or None
    user.department = department or None
    user.enterprise_id = enterprise_id if role == Role.FIRM else None
    _set_buildings(user, building_ids if role in (Role.BUILDING, Role.PROPERTY) else ())


def end_sessions(user: User) -> None:
    """Void every session of the user signed so far (logout, password change)."""
    db.session.execute(
        update(User).where(User.id == user.id).values(session_epoch=User.session_epoch + 1)
    )
    db.session.refresh(user)


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    wait_seconds: int = 0


def _delay(failures: int, last: datetime | None, now: datetime, free: int, max_delay: int) -> int:
    """Seconds still to wait after `failures` recent failures, the last at `last`."""
    if failures < free or last is None:
        return 0
    delay = min(2 ** (failures - free + 1), max_delay)
    return max(0, int((last + timedelta(seconds=delay) - now).total_seconds() + 0.999))


def _failures(since: datetime, *conditions: Any) -> tuple[int, datetime | None]:
    count, last = db.session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.success.is_(False), LoginAttempt.at >= since, *conditions
        )
    ).one()
    return int(count or 0), last


# An address may fail this many times more than one name before it is slowed for every name
# (password spraying); an office behind one address keeps some room for its people's typos.
ADDRESS_FACTOR = 4


def login_delay(
    username: str, remote_addr: str, now: datetime, free: int, window: int, max_delay: int
) -> int:
    """Seconds the next attempt for `username` from `remote_addr` must still wait (0 = may try
    now). Failures count per name from that address, and per address over all names: a
    stranger's failures elsewhere never slow the real user down."""
    since = now - timedelta(seconds=window)
    name_here = _failures(
        since, LoginAttempt.username == username, LoginAttempt.remote_addr == remote_addr
    )
    address = _failures(since, LoginAttempt.remote_addr == remote_addr)
    return max(
        _delay(*name_here, now, free, max_delay),
        _delay(*address, now, free * ADDRESS_FACTOR, max_delay),
    )


def authenticate(
    username: str,
    password: str,
    remote_addr: str = "",
    *,
    free: int = 5,
    window: int = 900,
    max_delay: int = 900,
) -> LoginResult:
    """Check a password; after `free` failures (of this name from this address, or four times
    as many of any name from it) each further try must wait twice as long."""
    username = username.strip()[:64]
    remote_addr = remote_addr[:64]
    now = utcnow()
    wait = login_delay(username, remote_addr, now, free, window, max_delay)
    if wait:
        return LoginResult(None, wait)
    user = db.session.scalar(select(User).where(User.username == username))
    ok = user is not None and user.active and check_password_hash(user.password_hash, password)
    db.session.add(LoginAttempt(username=username, remote_addr=remote_addr, success=ok, at=now))
    keep_when_refused()  # a failed attempt is recorded too, though the login page answers 401
    if ok and user is not None:
        user.last_login_at = now
        return LoginResult(user)
    return LoginResult(None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, expires_at: datetime | None = None) -> str:
    """A new API token (valid until `expires_at`, if given); only its hash is stored, so it
    is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id, prefix=token[:12], token_hash=_digest(token), expires_at=expires_at
        )
    )
    db.session.flush()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_tokens(user: User, prefix: str) -> int:
    """Revoke the user's live tokens whose shown prefix starts with `prefix` (at least 6
    characters); returns how many."""
    prefix = prefix.strip()
    if len(prefix) < 6:
        raise AuthError("give at least the first 6 characters of the token (as listed)")
    rows = db.session.scalars(
        select(ApiToken).where(
            ApiToken.user_id == user.id,
            ApiToken.revoked.is_(False),
            ApiToken.prefix.startswith(prefix[:12], autoescape=True),
        )
    ).all()
    now = utcnow()
    for row in rows:
        row.revoked, row.revoked_at = True, now
    return len(rows)


# A token's last use is written at most this often, in its own short transaction.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False))
    )
    now = utcnow()
    if row is None or not row.user.active or (row.expires_at and row.expires_at <= now):
        return None
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


def set_digest_frequency(user: User, frequency: str) -> None:
    """How often the user's digest comes: daily, weekly or never."""
    if frequency not in DIGEST_FREQUENCIES:
        raise AuthError(translate("摘要频率应为 每日、每周 或 不接收"))
    user.digest_frequency = frequency
