"""Users, API tokens and login attempts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qifutong.extensions import Model, db
from qifutong.models_base import TimestampMixin, utcnow
from qifutong.web.i18n import N_


class Role(StrEnum):
    STREET = "street"
    BUILDING = "building"
    PROPERTY = "property"
    FIRM = "firm"
    ADMIN = "admin"


# How often a firm user's digest (recommendations, deadlines, followed items, saved searches)
# comes; chosen on the account page.
DIGEST_FREQUENCIES = {"daily": N_("每日"), "weekly": N_("每周"), "off": N_("不接收")}

ROLE_LABELS = {
    Role.STREET: N_("街道"),
    Role.BUILDING: N_("楼宇"),
    Role.PROPERTY: N_("物业"),
    Role.FIRM: N_("企业"),
    Role.ADMIN: N_("管理员"),
}

# The building scope of a building or property user. The building table belongs to the
# buildings package; a string foreign key keeps the core free of that import.
user_buildings = Table(
    "user_building",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("building_id", ForeignKey("building.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL"), index=True
    )
    department: Mapped[str | None] = mapped_column(String(120))
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Raised at logout and on a password change: every session signed before is void.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set when an administrator resets the password: the user sets a new one at next login.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # How often the user's digest comes (daily / weekly / off; DIGEST_FREQUENCIES).
    digest_frequency: Mapped[str] = mapped_column(
        String(8), default="daily", server_default="daily"
    )

    enterprise = relationship("Enterprise", foreign_keys=[enterprise_id])
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:
        """What a session holds (Flask-Login): the id and the session epoch it was signed in."""
        return f"{self.id}.{self.session_epoch or 0}"

    @property
    def building_ids(self) -> set[int]:
        """The buildings a building or property user may see (empty for other roles)."""
        rows = db.session.execute(
            db.select(user_buildings.c.building_id).where(user_buildings.c.user_id == self.id)
        )
        return {r[0] for r in rows}

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.STREET, Role.ADMIN)

    @property
    def sees_finance(self) -> bool:
        """Tax and revenue figures: street and admin for all firms, a firm for its own only."""
        return self.role in (Role.STREET, Role.ADMIN, Role.FIRM)


class ApiToken(TimestampMixin, Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(12), index=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginAttempt(Model):
    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
