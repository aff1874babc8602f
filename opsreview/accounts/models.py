"""People, their roles, their API tokens, and failed sign-ins (for rate limiting)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db
from opsreview.teams.models import Team


class Role(enum.StrEnum):
    """Each role can do everything the roles before it can."""

    VIEWER = "viewer"  # reads everything
    MEMBER = "member"  # submits items, updates their own action items
    LEADER = "leader"  # creates action items for anyone, reviews COEs
    HOST = "host"  # runs meetings and the wheel
    ADMIN = "admin"  # teams, users, settings

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank



class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(stored_enum(Role), default=Role.VIEWER)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    # None for people who only sign in through the single sign-on proxy.
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    team: Mapped[Team | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    def has_role(self, role: Role) -> bool:
        return self.role.at_least(role)


class TokenScope(enum.StrEnum):
    READ = "read"
    READ_WRITE = "read-write"


class ApiToken(db.Model):
    """A personal API token; only its hash is stored, the secret is shown once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scope: Mapped[TokenScope] = mapped_column(stored_enum(TokenScope), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()


class FailedSignIn(db.Model):
    """One failed sign-in, kept briefly so repeated guesses can be slowed down."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
