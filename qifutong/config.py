"""Settings, read from the environment (`DATABASE_URL`, `SECRET_KEY`, `QIFUTONG_*`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def instance_path() -> Path:
    return Path(os.environ.get("QIFUTONG_INSTANCE", str(DEFAULT_INSTANCE))).resolve()


@contextmanager
def temporary_instance(prefix: str = "qifutong-") -> Iterator[Path]:
    """A throw-away instance folder (benchmarks): QIFUTONG_INSTANCE points to it meanwhile,
    and is put back, and the folder removed, at the end."""
    old = os.environ.get("QIFUTONG_INSTANCE")
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        os.environ["QIFUTONG_INSTANCE"] = folder
        try:
            yield Path(folder)
        finally:
            if old is None:
                os.environ.pop("QIFUTONG_INSTANCE", None)
            else:
                os.environ["QIFUTONG_INSTANCE"] = old


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def normalise_database_url(url: str) -> str:
    """Heroku-style URLs and bare postgresql:// both mean psycopg 3 here."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{instance / 'qifutong.sqlite'}"


# Limits on uploaded spreadsheets (qifutong/spreadsheets/limits.py holds their defaults).
IMPORT_LIMITS = (
    "QIFUTONG_IMPORT_MAX_FILE_MB",
    "QIFUTONG_IMPORT_MAX_PART_MB",
    "QIFUTONG_IMPORT_MAX_UNPACKED_MB",
    "QIFUTONG_IMPORT_MAX_RATIO",
    "QIFUTONG_IMPORT_MAX_ROWS",
    "QIFUTONG_IMPORT_MAX_COLUMNS",
    "QIFUTONG_IMPORT_MAX_CELL_CHARS",
)


def import_limits_from_environment() -> dict[str, float]:
    """The QIFUTONG_IMPORT_* limits set in the environment (the app's settings, and the import
    commands' check before the app starts)."""
    return {name: float(os.environ[name]) for name in IMPORT_LIMITS if os.environ.get(name)}


ENVIRONMENTS = ("production", "development")


def environment() -> str:
    """QIFUTONG_ENV: exactly one of ENVIRONMENTS (production when unset); anything else stops
    the app, so that a typo never serves without a secret or secure cookies."""
    name = os.environ.get("QIFUTONG_ENV", "production")
    if name not in ENVIRONMENTS:
        raise ConfigError(
            f"QIFUTONG_ENV={name!r} is not known: use {' or '.join(ENVIRONMENTS)} "
            "(unset means production)."
        )
    return name


def from_environment(instance: Path) -> dict[str, Any]:
    """Build the settings mapping from the environment; tests pass their own mapping on top."""
    production = environment() == "production"
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "QIFUTONG_ENV": "production" if production else "development",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("QIFUTONG_SECURE_COOKIES", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _bool("QIFUTONG_SECURE_COOKIES", production),
        "PERMANENT_SESSION_LIFETIME": _int("QIFUTONG_SESSION_HOURS", 8) * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": _int("QIFUTONG_MAX_UPLOAD_MB", 64) * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": os.environ.get("QIFUTONG_LOCALE", "zh"),
        "QIFUTONG_TIMEZONE": os.environ.get("QIFUTONG_TIMEZONE", "Asia/Shanghai"),
        "QIFUTONG_UPLOAD_DIR": os.environ.get("QIFUTONG_UPLOAD_DIR", str(instance / "uploads")),
        "QIFUTONG_REPORT_DIR": os.environ.get("QIFUTONG_REPORT_DIR", str(instance / "reports")),
        # Failed logins: after LOGIN_FREE_FAILURES failures in LOGIN_WINDOW seconds each further
        # attempt waits twice as long as the last, up to LOGIN_MAX_DELAY seconds.
        "QIFUTONG_LOGIN_FREE_FAILURES": _int("QIFUTONG_LOGIN_FREE_FAILURES", 5),
        "QIFUTONG_LOGIN_WINDOW": _int("QIFUTONG_LOGIN_WINDOW", 900),
        "QIFUTONG_LOGIN_MAX_DELAY": _int("QIFUTONG_LOGIN_MAX_DELAY", 900),
        # Lease warnings (DESIGN §5): days left to the lease end, inclusive.
        "QIFUTONG_LEASE_RED_DAYS": _int("QIFUTONG_LEASE_RED_DAYS", 30),
        "QIFUTONG_LEASE_AMBER_DAYS": _int("QIFUTONG_LEASE_AMBER_DAYS", 60),
        "QIFUTONG_LEASE_BLUE_DAYS": _int("QIFUTONG_LEASE_BLUE_DAYS", 90),
        # Tax swing alerts: |y/y change| at or above this share.
        "QIFUTONG_TAX_SWING": float(os.environ.get("QIFUTONG_TAX_SWING", "0.30")),
        # ... only for firms that paid at least this much tax (yuan) in the prior 12 months.
        "QIFUTONG_TAX_SWING_MIN_BASE": float(
            os.environ.get("QIFUTONG_TAX_SWING_MIN_BASE", "500000")
        ),
        # Demands: office hours and the deadlines, in working time on the Chinese calendar.
        "QIFUTONG_WORK_START": os.environ.get("QIFUTONG_WORK_START", "09:00"),
        "QIFUTONG_WORK_END": os.environ.get("QIFUTONG_WORK_END", "17:30"),
        "QIFUTONG_DEMAND_URGENT_ASSIGN_HOURS": float(
            os.environ.get("QIFUTONG_DEMAND_URGENT_ASSIGN_HOURS", "2")
        ),
        "QIFUTONG_DEMAND_URGENT_RESOLVE_DAYS": float(
            os.environ.get("QIFUTONG_DEMAND_URGENT_RESOLVE_DAYS", "1")
        ),
        "QIFUTONG_DEMAND_NORMAL_ASSIGN_DAYS": float(
            os.environ.get("QIFUTONG_DEMAND_NORMAL_ASSIGN_DAYS", "1")
        ),
        "QIFUTONG_DEMAND_NORMAL_RESOLVE_DAYS": float(
            os.environ.get("QIFUTONG_DEMAND_NORMAL_RESOLVE_DAYS", "5")
        ),
        # Demand attachments: size limit per file and the accepted file types.
        "QIFUTONG_ATTACHMENT_MAX_MB": _int("QIFUTONG_ATTACHMENT_MAX_MB", 10),
        "QIFUTONG_ATTACHMENT_TYPES": os.environ.get(
            "QIFUTONG_ATTACHMENT_TYPES", "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,txt"
        ),
        # Visit plan: a key firm not visited for this many days is due a visit.
        "QIFUTONG_VISIT_GAP_DAYS": _int("QIFUTONG_VISIT_GAP_DAYS", 90),
        # Push: at most this many new items per firm per day.
        "QIFUTONG_PUSH_DAILY_CAP": _int("QIFUTONG_PUSH_DAILY_CAP", 5),
        # 即将截止: an item whose application window closes within this many days rises in the
        # inbox and is reminded of in the digest (once).
        "QIFUTONG_DEADLINE_SOON_DAYS": _int("QIFUTONG_DEADLINE_SOON_DAYS", 7),
        # The day a weekly digest comes: 0 = Monday … 6 = Sunday.
        "QIFUTONG_DIGEST_WEEKDAY": _int("QIFUTONG_DIGEST_WEEKDAY", 0),
        # A firm's calendar lists its materials that expire within this many days.
        "QIFUTONG_MATERIAL_EXPIRY_DAYS": _int("QIFUTONG_MATERIAL_EXPIRY_DAYS", 30),
        # Results: each firm keeps its best N near-misses; others are explained on demand.
        "QIFUTONG_NEAR_MISS_KEEP": _int("QIFUTONG_NEAR_MISS_KEEP", 20),
        # Jobs: RQ on Redis when set (`qifutong worker`), else threads of the web process.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "QIFUTONG_JOB_QUEUE": os.environ.get("QIFUTONG_JOB_QUEUE", "qifutong"),
        # A running job whose process has not reported for this long is recorded as failed.
        "QIFUTONG_JOB_STALE_SECONDS": _int("QIFUTONG_JOB_STALE_SECONDS", 30),
        "QIFUTONG_JOB_TIMEOUT": _int("QIFUTONG_JOB_TIMEOUT", 6 * 3600),
        "QIFUTONG_SMTP_HOST": os.environ.get("QIFUTONG_SMTP_HOST", ""),
        "QIFUTONG_SMTP_PORT": _int("QIFUTONG_SMTP_PORT", 25),
        "QIFUTONG_SMTP_USER": os.environ.get("QIFUTONG_SMTP_USER", ""),
        "QIFUTONG_SMTP_PASSWORD": os.environ.get("QIFUTONG_SMTP_PASSWORD", ""),
        "QIFUTONG_SMTP_SENDER": os.environ.get("QIFUTONG_SMTP_SENDER", "qifutong@localhost"),
        "QIFUTONG_SMTP_TLS": _bool("QIFUTONG_SMTP_TLS", False),
        # Maps: a tile service ({x}/{y}/{z} URL template) and the coordinate system it draws
        # in; unset, maps draw schematic roads and no request leaves the machine.
        "QIFUTONG_TILE_URL": os.environ.get("QIFUTONG_TILE_URL", ""),
        "QIFUTONG_TILE_CRS": os.environ.get("QIFUTONG_TILE_CRS", "wgs84"),
        "QIFUTONG_TILE_ATTRIBUTION": os.environ.get("QIFUTONG_TILE_ATTRIBUTION", ""),
        **import_limits_from_environment(),
    }


class ConfigError(RuntimeError):
    """The settings do not allow the app to start safely."""


def check(config: dict[str, Any], instance: Path) -> None:
    """Refuse to start production without a secret key; a local try-out keeps one on disk
    so that every server process signs sessions alike."""
    if config.get("QIFUTONG_ENV") not in ENVIRONMENTS:
        raise ConfigError(f"QIFUTONG_ENV={config.get('QIFUTONG_ENV')!r} is not known")
    from qifutong.maps import tile_service

    try:
        tile_service(config)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if config.get("SECRET_KEY"):
        return
    production = config.get("QIFUTONG_ENV") == "production"
    if production and not config.get("TESTING") and not config.get("QIFUTONG_CLI"):
        raise ConfigError(
            "SECRET_KEY is not set: set the SECRET_KEY environment variable "
            "(or QIFUTONG_ENV=development for a local try-out)."
        )
    if config.get("TESTING"):
        config["SECRET_KEY"] = "test-" + os.urandom(16).hex()
        return
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(os.urandom(32).hex())
        key_file.chmod(0o600)
    config["SECRET_KEY"] = key_file.read_text().strip()
    # Commands that never sign a session may run on it; serving in production may not.
    config["QIFUTONG_SECRET_FROM_DISK"] = production
