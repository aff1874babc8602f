"""A meeting: its date, status and number of wheel slots."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# A meeting still to be held or under way: its agenda changes, its wheel spins.
OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.LIVE)
DEFAULT_WHEEL_SLOTS = 6


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(unique=True)
    status: Mapped[MeetingStatus] = mapped_column(
        stored_enum(MeetingStatus),
        default=MeetingStatus.PLANNED,
    )
    wheel_slots: Mapped[int] = mapped_column(default=DEFAULT_WHEEL_SLOTS)
    title: Mapped[str] = mapped_column(String(200), default="Weekly operations review")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def counts_as_a_week(self) -> bool:
        """A cancelled meeting is not a week waited."""
        return self.status != MeetingStatus.CANCELLED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_spin(self) -> bool:
        return self.is_open
