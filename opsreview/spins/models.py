"""A spin of the wheel for one slot of one meeting."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.teams.models import Team


class SpinOutcome(enum.StrEnum):
    PICKED = "picked"  # the team presents in this slot
    RESPUN = "respun"  # the host spun this slot again, with a reason
    SKIPPED = "skipped"  # the team was absent; the slot was spun again


class Spin(db.Model):
    """One draw. A re-spin adds a new attempt for the slot; nothing is overwritten."""

    __table_args__ = (
        # Two clicks on the same slot at the same moment: only one row can exist.
        UniqueConstraint("meeting_id", "slot", "attempt", name="uq_spin_meeting_slot_attempt"),
        # Two spins of different slots at the same moment cannot both pick one team.
        Index(
            "uq_spin_meeting_team_picked",
            "meeting_id",
            "team_id",
            unique=True,
            sqlite_where=text("outcome = 'picked'"),
            postgresql_where=text("outcome = 'picked'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    slot: Mapped[int]
    attempt: Mapped[int] = mapped_column(default=1)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    draw: Mapped[float]
    forced: Mapped[bool] = mapped_column(default=False)
    bound: Mapped[int]
    # Every team considered, with its wait, status and probability, as shown.
    odds: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    outcome: Mapped[SpinOutcome] = mapped_column(
        stored_enum(SpinOutcome),
        default=SpinOutcome.PICKED,
    )
    spun_by: Mapped[str] = mapped_column(Text)
    spun_at: Mapped[datetime] = mapped_column(default=now_utc)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship()
    team: Mapped[Team] = relationship()

    def odds_in_draw_order(self) -> list[dict[str, Any]]:
        """The stored odds in the order the draw walked them (as stored)."""
        return list(self.odds)

    def odds_by_likelihood(self) -> list[dict[str, Any]]:
        """The stored odds, most likely first, for reading."""
        return sorted(self.odds, key=lambda r: (-r["probability"], -r["waited"], r["team"]))

    @property
    def probability(self) -> float:
        """The chance the picked team had when it was picked."""
        return next((float(r["probability"]) for r in self.odds if r["team_id"] == self.team_id), 0.0)
