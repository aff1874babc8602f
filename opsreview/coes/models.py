"""A COE and its parts: timeline rows, the whys, images."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.accounts.models import User
from opsreview.actions.models import ActionItem
from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.teams.models import Team


class Severity(enum.StrEnum):
    SEV1 = "sev1"  # many customers cannot use the service
    SEV2 = "sev2"  # a major feature is down or badly degraded
    SEV3 = "sev3"  # a minor feature or a few customers
    SEV4 = "sev4"  # no customer impact: a near miss


class CoeStatus(enum.StrEnum):
    DRAFT = "draft"
    READY = "ready for review"
    REVIEWED = "reviewed"
    CLOSED = "closed"



class Coe(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    severity: Mapped[Severity] = mapped_column(stored_enum(Severity), default=Severity.SEV3, index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    service: Mapped[str] = mapped_column(String(120), default="")
    event_start_at: Mapped[datetime | None] = mapped_column(index=True)
    detected_at: Mapped[datetime | None]
    mitigated_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    customer_impact: Mapped[str] = mapped_column(Text, default="")
    contributing_factors: Mapped[str] = mapped_column(Text, default="")
    lessons_learned: Mapped[str] = mapped_column(Text, default="")
    related: Mapped[str] = mapped_column(Text, default="")  # tickets and earlier COEs, Markdown
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a frozen dashboard snapshot
    status: Mapped[CoeStatus] = mapped_column(stored_enum(CoeStatus), default=CoeStatus.DRAFT, index=True)
    reviewed_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    search_text: Mapped[str] = mapped_column(Text, default="")  # what full-text search indexes
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)

    team: Mapped[Team | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    reviewed_meeting: Mapped[Meeting | None] = relationship()
    timeline: Mapped[list[TimelineEntry]] = relationship(
        order_by="TimelineEntry.position", cascade="all, delete-orphan", back_populates="coe"
    )
    whys: Mapped[list[Why]] = relationship(order_by="Why.position", cascade="all, delete-orphan", back_populates="coe")
    images: Mapped[list[CoeImage]] = relationship(
        order_by="CoeImage.id", cascade="all, delete-orphan", back_populates="coe"
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        primaryjoin="Coe.id == foreign(ActionItem.coe_id)", order_by="ActionItem.due_on", viewonly=True
    )

    @property
    def label(self) -> str:
        return f"COE {self.id}: {self.title}"


class TimelineEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    coe_id: Mapped[int] = mapped_column(ForeignKey("coe.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)

    coe: Mapped[Coe] = relationship(back_populates="timeline")


class Why(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    coe_id: Mapped[int] = mapped_column(ForeignKey("coe.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")

    coe: Mapped[Coe] = relationship(back_populates="whys")


class CoeImage(db.Model):
    """A graph uploaded as an image; kept in the database so a backup holds it with its COE."""

    id: Mapped[int] = mapped_column(primary_key=True)
    coe_id: Mapped[int] = mapped_column(ForeignKey("coe.id", ondelete="CASCADE"), index=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    caption: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    coe: Mapped[Coe] = relationship(back_populates="images")
