"""An action item."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.accounts.models import User
from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.teams.models import Team


class Term(enum.StrEnum):
    SHORT = "short"  # done before the event is resolved
    MEDIUM = "medium"  # tracked weekly
    LONG = "long"  # funded, reported monthly or quarterly


class Status(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    WONT_DO = "won't do"

    @property
    def is_closed(self) -> bool:
        return self in (Status.DONE, Status.WONT_DO)


class Source(enum.StrEnum):
    NONE = "none"
    COE = "coe"
    AGENDA = "agenda item"
    DASHBOARD = "dashboard review"
    ORG = "org-wide item"



class ActionItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    term: Mapped[Term] = mapped_column(stored_enum(Term), default=Term.MEDIUM)
    status: Mapped[Status] = mapped_column(stored_enum(Status), default=Status.OPEN, index=True)
    closing_note: Mapped[str] = mapped_column(Text, default="")  # the reason for "won't do"
    source: Mapped[Source] = mapped_column(stored_enum(Source), default=Source.NONE)
    source_ref: Mapped[str] = mapped_column(String(300), default="")  # a COE, agenda item or link
    report_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    coe_id: Mapped[int | None] = mapped_column(ForeignKey("coe.id"), index=True)  # the COE it corrects
    slips: Mapped[int] = mapped_column(default=0)  # times the due date moved later
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    closed_at: Mapped[datetime | None]

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    team: Mapped[Team | None] = relationship()
    report_meeting: Mapped[Meeting | None] = relationship()

    def days_overdue(self, today: date) -> int:
        return 0 if self.status.is_closed else max(0, (today - self.due_on).days)


class ReminderSent(db.Model):
    """Which items an owner was reminded of on a day, so a second run that day adds nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    sent_on: Mapped[date] = mapped_column(index=True)
    item_ids: Mapped[list[int]] = mapped_column(JSON)
