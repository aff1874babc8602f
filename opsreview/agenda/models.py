"""The agenda of a meeting, where the room is in it, follow-up reports and minutes."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.accounts.models import User
from opsreview.actions.models import ActionItem
from opsreview.clock import now_utc
from opsreview.coes.models import Coe
from opsreview.columns import stored_enum
from opsreview.extensions import db
from opsreview.meetings.models import Meeting


class Section(enum.StrEnum):
    """The parts of the meeting, in the order the domain runs them by default."""

    WINS = "wins"
    COES = "coes"
    WHEEL = "wheel"
    FOLLOW_UPS = "follow-ups"
    ORG = "org-wide"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]


SECTION_LABELS = {
    Section.WINS: "Wins",
    Section.COES: "Operational events (COEs)",
    Section.WHEEL: "The wheel: dashboards",
    Section.FOLLOW_UPS: "Follow-ups",
    Section.ORG: "Org-wide items and announcements",
}


class Kind(enum.StrEnum):
    WIN = "win"
    COE = "coe"
    DASHBOARD = "dashboard"
    FOLLOW_UP = "follow_up"
    ORG_ITEM = "org_item"
    ANNOUNCEMENT = "announcement"

    @property
    def section(self) -> Section:
        return KIND_SECTIONS[self]


KIND_SECTIONS = {
    Kind.WIN: Section.WINS,
    Kind.COE: Section.COES,
    Kind.DASHBOARD: Section.WHEEL,
    Kind.FOLLOW_UP: Section.FOLLOW_UPS,
    Kind.ORG_ITEM: Section.ORG,
    Kind.ANNOUNCEMENT: Section.ORG,
}
SUBMITTABLE = (Kind.WIN, Kind.COE, Kind.ORG_ITEM, Kind.ANNOUNCEMENT)


class ItemStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DEFERRED = "deferred"  # moved here from an earlier meeting; the host accepts it again


class Outcome(enum.StrEnum):
    DONE = "done"
    NEW_DATE = "new date"
    ESCALATED = "escalated"



class MeetingTemplate(db.Model):
    """How a meeting is planned: its length, wheel slots and sections with their order and timeboxes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    length_minutes: Mapped[int] = mapped_column(default=120)
    wheel_slots: Mapped[int] = mapped_column(default=6)
    minutes_per_team: Mapped[int] = mapped_column(default=15)
    # [{"section": "wins", "minutes": 10}, ...] in running order
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Agenda(db.Model):
    """One per meeting: its plan and, while it runs, where the room is. Followers read only this row."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    length_minutes: Mapped[int] = mapped_column(default=120)
    minutes_per_team: Mapped[int] = mapped_column(default=15)
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    current_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    timer_started_at: Mapped[datetime | None]  # None while paused or before the item starts
    timer_elapsed: Mapped[float] = mapped_column(default=0.0)  # seconds run before the last start
    version: Mapped[int] = mapped_column(default=1)  # goes up on every change a follower should see
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship()

    def section_order(self) -> list[Section]:
        return [Section(s["section"]) for s in self.sections]

    def section_minutes(self) -> dict[Section, int]:
        return {Section(s["section"]): int(s["minutes"]) for s in self.sections}


class AgendaItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[Kind] = mapped_column(stored_enum(Kind))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    presenter: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[ItemStatus] = mapped_column(stored_enum(ItemStatus), default=ItemStatus.SUBMITTED)
    position: Mapped[int] = mapped_column(default=0)
    timebox_minutes: Mapped[int] = mapped_column(default=5)
    wheel_slot: Mapped[int | None]  # dashboard items: which slot of the wheel presents here
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    deferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    coe_id: Mapped[int | None] = mapped_column(ForeignKey("coe.id"), index=True)  # COE items: the COE reviewed
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    deferred_from: Mapped[Meeting | None] = relationship(foreign_keys=[deferred_from_id])
    submitted_by: Mapped[User | None] = relationship()
    coe: Mapped[Coe | None] = relationship()

    @property
    def section(self) -> Section:
        return self.kind.section


class FollowUpReport(db.Model):
    """What an action item's owner reported in a meeting: done, a new date, or escalated."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), index=True)
    outcome: Mapped[Outcome] = mapped_column(stored_enum(Outcome))
    note: Mapped[str] = mapped_column(String(500), default="")
    new_due_on: Mapped[date | None]
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[datetime] = mapped_column(default=now_utc)

    action_item: Mapped[ActionItem] = relationship()


class Minutes(db.Model):
    """The record of a closed meeting, frozen when it closed."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    mailed_to: Mapped[str] = mapped_column(Text, default="")
    mailed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
