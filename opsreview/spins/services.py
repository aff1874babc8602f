"""Spinning the wheel for a meeting: odds, picks, re-spins, all recorded."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy.exc import IntegrityError

from opsreview.audit.log import record as audit
from opsreview.clock import now_utc
from opsreview.database import is_unique_violation
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.spins.signals import spin_recorded, team_picked
from opsreview.spins.state import WheelState, wheel_state
from opsreview.teams.models import Team

_system_random = random.SystemRandom()


class WheelError(Exception):
    """The wheel cannot spin as asked; the message says why, for the host."""


class OddsChanged(WheelError):
    """The odds moved since the page drew its wheel; nothing was picked."""

    def __init__(self) -> None:
        super().__init__(
            "The odds changed since this wheel was drawn (a team was skipped, marked away or picked elsewhere). "
            "Nothing was picked: spin again on the redrawn wheel."
        )


def _lock(meeting_id: int) -> None:
    # On PostgreSQL, spins of one meeting queue up here; SQLite writes one at a time anyway.
    db.session.execute(db.select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())


@dataclass
class SpinConflict(Exception):
    """Someone else spun this slot first; ``existing`` is what they got."""

    slot: int
    existing: Spin | None

    def __str__(self) -> str:
        return f"Slot {self.slot} was just spun by someone else."


def spin(
    meeting: Meeting,
    spun_by: str,
    slot: int | None = None,
    rng: random.Random | None = None,
    expected_odds: str | None = None,
) -> Spin:
    """Pick a team for the next open slot and record the pick before anyone sees it.

    ``slot`` and ``expected_odds`` are what the host's page showed; if someone
    else spun first, or the odds moved, nothing is picked.
    """
    if not meeting.can_spin:
        raise WheelError(f"This meeting is {meeting.status.value}: the wheel is locked.")
    _lock(meeting.id)
    state = wheel_state(meeting)
    next_slot = state.next_slot
    if slot is not None and slot != next_slot:
        raise SpinConflict(slot, _active_spin(meeting.id, slot))
    if expected_odds and expected_odds != state.fingerprint():
        db.session.rollback()
        raise OddsChanged()
    if next_slot > meeting.wheel_slots:
        raise WheelError(f"All {meeting.wheel_slots} wheel slots of this meeting are filled.")
    record = _draw(state, slot=next_slot, attempt=1, spun_by=spun_by, rng=rng)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.LIVE
    return _save(record, next_slot, "spin")


def respin(original: Spin, outcome: SpinOutcome, reason: str, by: str, rng: random.Random | None = None) -> Spin:
    """Spin a slot again (the team is absent, or another reason); the original stays on record."""
    reason = reason.strip()
    if outcome not in (SpinOutcome.RESPUN, SpinOutcome.SKIPPED):
        raise WheelError("A slot can be re-spun or its team skipped, nothing else.")
    if not reason:
        raise WheelError("Say why: a re-spin or a skip needs a reason, and it is recorded.")
    if original.outcome != SpinOutcome.PICKED:
        raise SpinConflict(original.slot, _active_spin(original.meeting_id, original.slot))
    if not original.meeting.can_spin:
        raise WheelError(f"This meeting is {original.meeting.status.value}: the wheel is locked.")
    _lock(original.meeting_id)
    db.session.refresh(original)
    if original.outcome != SpinOutcome.PICKED:
        raise SpinConflict(original.slot, _active_spin(original.meeting_id, original.slot))
    original.outcome = outcome
    original.reason = reason
    original.changed_by = by
    original.changed_at = now_utc()
    db.session.flush()
    state = wheel_state(original.meeting)
    record = _draw(state, slot=original.slot, attempt=original.attempt + 1, spun_by=by, rng=rng)
    return _save(record, original.slot, outcome.value, original=original)


def _draw(state: WheelState, slot: int, attempt: int, spun_by: str, rng: random.Random | None) -> Spin:
    if not state.has_candidates:
        db.session.rollback()
        raise WheelError("No team can be picked: every active team is away, cooling down or already picked.")
    draw_value = (rng or _system_random).random()
    pick = state.draw().choose(draw_value)
    return Spin(
        meeting_id=state.meeting.id,
        slot=slot,
        attempt=attempt,
        team_id=pick.team_id,
        draw=draw_value,
        forced=pick.forced,
        bound=state.policy.bound,
        odds=state.odds_record(),
        spun_by=spun_by,
        spun_at=now_utc(),
    )


def _save(record: Spin, slot: int, action: str, original: Spin | None = None) -> Spin:
    db.session.add(record)
    try:
        db.session.flush()
        audit(
            action,
            "spin",
            record.id,
            before={"spin": original.id, "team_id": original.team_id, "reason": original.reason} if original else None,
            after={"meeting_id": record.meeting_id, "slot": record.slot, "attempt": record.attempt,
                   "team_id": record.team_id, "draw": record.draw},
            summary=f"slot {slot}: {record.team.name if record.team else record.team_id}",
        )
        spin_recorded.send(current_app._get_current_object(), meeting_id=record.meeting_id)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not is_unique_violation(error):
            raise
        raise SpinConflict(slot, _active_spin(record.meeting_id, slot)) from error
    if record.team_id is not None:
        team_picked.send(current_app._get_current_object(), team_id=record.team_id, meeting_id=record.meeting_id)
    return record


def _active_spin(meeting_id: int, slot: int) -> Spin | None:
    return db.session.scalars(
        db.select(Spin)
        .where(Spin.meeting_id == meeting_id, Spin.slot == slot, Spin.outcome == SpinOutcome.PICKED)
        .order_by(Spin.attempt.desc())
    ).first()


def spins_of_meeting(meeting: Meeting) -> list[Spin]:
    """Every spin of a meeting, re-spins included, in the order they happened."""
    return list(
        db.session.scalars(db.select(Spin).where(Spin.meeting_id == meeting.id).order_by(Spin.slot, Spin.attempt))
    )


def recent_spins(limit: int = 100, before: datetime | None = None) -> list[Spin]:
    """The latest spins across all meetings, newest first."""
    query = db.select(Spin).join(Meeting).order_by(Meeting.held_on.desc(), Spin.slot.desc(), Spin.attempt.desc())
    if before is not None:
        query = query.where(Spin.spun_at < before)
    return list(db.session.scalars(query.limit(limit)))


def spins_of_team(team: Team, limit: int = 50) -> list[Spin]:
    """A team's spins, newest first: picks, re-spins and skips."""
    return list(
        db.session.scalars(
            db.select(Spin)
            .join(Meeting)
            .where(Spin.team_id == team.id)
            .order_by(Meeting.held_on.desc(), Spin.slot, Spin.attempt)
            .limit(limit)
        )
    )


def replay(record: Spin) -> int | None:
    """Re-run a recorded spin from its stored odds and draw; returns the team it lands on.

    The stored probabilities are in the order the wheel walked them, so walking
    them again with the recorded draw must land on the recorded team.
    """
    running = 0.0
    chances = [(r["team_id"], r["probability"]) for r in record.odds_in_draw_order() if r["probability"] > 0]
    total = sum(p for _, p in chances)
    for team_id, probability in chances:
        running += probability
        if record.draw * total < running:
            return team_id
    return chances[-1][0] if chances else None
