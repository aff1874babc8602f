"""A team and its links."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.clock import now_utc
from opsreview.extensions import db


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    org: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    away_until: Mapped[date | None]
    away_reason: Mapped[str] = mapped_column(String(200), default="")
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    links: Mapped[list[TeamLink]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="TeamLink.position"
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def is_away_on(self, day: date) -> bool:
        """Whether the wheel skips this team for a meeting held on ``day``."""
        return self.away_until is not None and day <= self.away_until


class TeamLink(db.Model):
    """A runbook, dashboard or other page the room may want to open."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)
    team: Mapped[Team] = relationship(back_populates="links")
