"""Running the meeting: where the room is, the item timer, the wheel; all of it in the database."""

from __future__ import annotations

from sqlalchemy import update

from opsreview.accounts.current import actor_name
from opsreview.agenda.models import Agenda, AgendaItem, ItemStatus, Kind, Section
from opsreview.agenda.planning import agenda_of
from opsreview.agenda.services import check_open, plan_of
from opsreview.agenda.state import current_version, elapsed_seconds
from opsreview.audit.log import record
from opsreview.clock import now_utc
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins import services as spins
from opsreview.spins.models import Spin


def _changed(agenda: Agenda, action: str, summary: str) -> None:
    # In SQL, not in Python: a concurrent touch() (a submission, a report) must not be written over.
    agenda.version = Agenda.version + 1  # type: ignore[assignment]
    record(action, "agenda", agenda.meeting_id, after={"current_item_id": agenda.current_item_id,
                                                       "running": agenda.timer_started_at is not None}, summary=summary)
    db.session.commit()


def _runnable(meeting: Meeting) -> Agenda:
    check_open(meeting)
    return agenda_of(meeting)


def _go_to(agenda: Agenda, item: AgendaItem | None) -> None:
    agenda.current_item_id = item.id if item else None
    agenda.timer_elapsed = 0.0
    agenda.timer_started_at = now_utc() if item else None


def start(meeting: Meeting) -> Agenda:
    """Open the meeting: it goes live on its first item, with the timer running."""
    agenda = _runnable(meeting)
    meeting.status = MeetingStatus.LIVE
    agenda.started_at = agenda.started_at or now_utc()
    if agenda.current_item_id is None:
        order = plan_of(meeting).running_order()
        _go_to(agenda, order[0] if order else None)
    _changed(agenda, "start", f"meeting of {meeting.held_on} started")
    return agenda


def step(meeting: Meeting, by: int) -> Agenda:
    """Move to the next (``by`` = 1) or previous (-1) item on the agenda; the timer starts for it."""
    if meeting.status == MeetingStatus.PLANNED:
        return start(meeting)
    agenda = _runnable(meeting)
    order = plan_of(meeting).running_order()
    ids = [i.id for i in order]
    here = ids.index(agenda.current_item_id) if agenda.current_item_id in ids else -1
    target = min(max(here + by, 0), len(order) - 1) if order else -1
    if target == here or target < 0:
        return agenda
    _go_to(agenda, order[target])
    _changed(agenda, "move", f"{'next' if by > 0 else 'back'}: {order[target].title}")
    return agenda


class NotOnAgenda(ValueError):
    """The item asked for is not in this meeting's running order."""


class NotInWheel(ValueError):
    """The wheel spins only in the wheel section."""


def claim(meeting_id: int, version: int) -> bool:
    """Hold the meeting's live row for one move, if it is still at ``version`` (the host's page's).

    The row stays locked until the move commits, so of two presses of the same key made from
    the same page exactly one moves the room. Without an agenda row there is nothing to race.
    """
    if current_version(meeting_id) is None:
        return True
    # The meeting's row first, as a spin from the wheel page takes it: one order of locks, no deadlock.
    db.session.execute(db.select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())
    held = db.session.execute(
        update(Agenda).where(Agenda.meeting_id == meeting_id, Agenda.version == version)
        .values(version=Agenda.version).execution_options(synchronize_session=False)
    )
    return held.rowcount == 1


def go(meeting: Meeting, item: AgendaItem) -> Agenda:
    """Jump to one item of this meeting's running order."""
    agenda = _runnable(meeting)
    if item.meeting_id != meeting.id or item.status != ItemStatus.ACCEPTED:
        raise NotOnAgenda("That item is not in this meeting's running order; accept it first.")
    meeting.status = MeetingStatus.LIVE
    _go_to(agenda, item)
    _changed(agenda, "move", f"to: {item.title}")
    return agenda


def toggle_timer(meeting: Meeting) -> Agenda:
    """Pause the item's timer, or let it run again."""
    agenda = _runnable(meeting)
    if agenda.current_item_id is None:
        return agenda
    if agenda.timer_started_at is not None:
        agenda.timer_elapsed = elapsed_seconds(agenda)
        agenda.timer_started_at = None
        _changed(agenda, "pause", "timer paused")
    else:
        agenda.timer_started_at = now_utc()
        _changed(agenda, "resume", "timer running")
    return agenda


def spin(meeting: Meeting) -> tuple[Agenda, Spin]:
    """Spin the next wheel slot; the room moves to that slot's presentation and its timer starts."""
    current = db.session.get(AgendaItem, _runnable(meeting).current_item_id or 0)
    if current is None or current.section != Section.WHEEL:
        raise NotInWheel("The wheel spins in the wheel section: move there first.")
    record_ = spins.spin(meeting, actor_name())  # commits the pick (and its audit entry) first
    agenda = agenda_of(meeting)
    item = db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.wheel_slot == record_.slot)
    ).first()
    if item is None:  # more slots than the agenda was planned with
        item = AgendaItem(meeting_id=meeting.id, kind=Kind.DASHBOARD, title=f"Wheel slot {record_.slot}",
                          status=ItemStatus.ACCEPTED, position=record_.slot, wheel_slot=record_.slot,
                          timebox_minutes=agenda.minutes_per_team)
        db.session.add(item)
        db.session.flush()
    meeting.status = MeetingStatus.LIVE
    agenda.started_at = agenda.started_at or now_utc()
    _go_to(agenda, item)
    _changed(agenda, "move", f"wheel slot {record_.slot}: {record_.team.name}")
    return agenda, record_


ACTIONS = ("start", "next", "previous", "timer", "spin", "go")


def command(meeting: Meeting, action: str, item: AgendaItem | None = None) -> None:
    """Run one of the host's moves: the projector's keys and the API both come here."""
    if action in ("next", "previous"):
        step(meeting, 1 if action == "next" else -1)
    elif action == "start":
        start(meeting)
    elif action == "timer":
        toggle_timer(meeting)
    elif action == "spin":
        spin(meeting)
    elif action == "go" and item is not None:
        go(meeting, item)
    else:
        raise ValueError("action must be one of " + ", ".join(ACTIONS) + " (go needs item_id).")
