"""The wheel as it stands for one meeting: candidates, odds and why."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.spins.waiting import last_presented, meetings_waited
from opsreview.teams.models import Team
from wheel import Candidate, Draw, Policy, TeamOdds, explain


@dataclass(frozen=True)
class OddsRow:
    """One row of the odds table beside the wheel."""

    team: Team
    waited: int
    probability: float
    status: str
    reason: str


@dataclass
class WheelState:
    meeting: Meeting
    policy: Policy
    teams: dict[int, Team]
    candidates: list[Candidate]
    picked: list[Spin]
    set_aside: dict[int, str] = field(default_factory=dict)  # team id -> why, for this meeting
    notes: dict[int, str] = field(default_factory=dict)  # team id -> a plainer reason (new teams)

    @property
    def slots_left(self) -> int:
        return max(0, self.meeting.wheel_slots - len(self.picked))

    @property
    def next_slot(self) -> int:
        used = [s.slot for s in self.picked]
        return max(used, default=0) + 1

    @property
    def has_candidates(self) -> bool:
        taken = {s.team_id for s in self.picked}
        return any(c.available and c.team_id not in taken for c in self.candidates)

    def draw(self) -> Draw:
        """The draw for the next pick of this meeting."""
        return Draw(
            self.candidates,
            self.policy,
            slots_per_meeting=self.meeting.wheel_slots,
            slots_left=max(1, self.slots_left),
            picked=[s.team_id for s in self.picked],
        )

    def explained(self) -> list[TeamOdds]:
        return explain(
            self.candidates,
            self.policy,
            self.meeting.wheel_slots,
            self.slots_left,
            picked=[s.team_id for s in self.picked],
        )

    def rows(self) -> list[OddsRow]:
        """The odds table, with away and skipped teams saying why."""
        rows = []
        for row in self.explained():
            reason = self.set_aside.get(row.team_id, row.reason)
            if row.status in ("eligible", "cooling down") and row.team_id in self.notes:
                reason = self.notes[row.team_id]
            rows.append(OddsRow(self.teams[row.team_id], row.waited, row.probability, row.status, reason))
        return rows

    def fingerprint(self) -> str:
        """A short digest of the odds in draw order: the wheel a page drew must be the one spun."""
        odds = self.draw().odds() if self.slots_left > 0 else {}
        text = ";".join(f"{c.team_id}:{odds.get(c.team_id, 0.0):.9f}" for c in self.candidates)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def odds_record(self) -> list[dict[str, Any]]:
        """What a spin stores: every team considered, as the room saw it, in draw order."""
        by_team = {r.team.id: r for r in self.rows()}
        ordered = [by_team[c.team_id] for c in self.candidates]
        return [
            {
                "team_id": r.team.id,
                "team": r.team.name,
                "waited": r.waited,
                "available": r.status not in ("away", "picked"),
                "probability": round(r.probability, 12),
                "status": r.status,
                "reason": r.reason,
            }
            for r in ordered
        ]


def wheel_state(meeting: Meeting) -> WheelState:
    """Gather what the wheel needs for ``meeting`` from the database."""
    teams = list(db.session.scalars(db.select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)))
    spins = list(db.session.scalars(db.select(Spin).where(Spin.meeting_id == meeting.id).order_by(Spin.slot)))
    picked = [s for s in spins if s.outcome == SpinOutcome.PICKED]
    set_aside: dict[int, str] = {}
    for s in spins:
        if s.outcome == SpinOutcome.SKIPPED:
            set_aside[s.team_id] = f"absent, skipped: {s.reason}"
        elif s.outcome == SpinOutcome.RESPUN:
            set_aside[s.team_id] = f"re-spun: {s.reason}"
    for team in teams:
        if team.is_away_on(meeting.held_on) and team.id not in set_aside:
            why = f": {team.away_reason}" if team.away_reason else ""
            set_aside[team.id] = f"away until {team.away_until:%d %b %Y}{why}"
    last = last_presented(meeting.held_on)
    waited = meetings_waited(teams, meeting.held_on, last)
    notes = {
        t.id: f"never presented; {waited[t.id]} {'meeting' if waited[t.id] == 1 else 'meetings'} since joining"
        for t in teams
        if t.id not in last
    }
    candidates = [Candidate(t.id, waited[t.id], available=t.id not in set_aside) for t in teams]
    bound = current_app.config.get("WHEEL_BOUND")
    policy = Policy.for_wheel(len(teams), meeting.wheel_slots, bound=bound)
    return WheelState(meeting, policy, {t.id: t for t in teams}, candidates, picked, set_aside, notes)
