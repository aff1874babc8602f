"""Planning and changing meetings."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func

from opsreview.audit.log import record, snapshot
from opsreview.clock import today
from opsreview.extensions import db
from opsreview.meetings.forms import MeetingForm
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.meetings.signals import meeting_cancelled


MEETING_FIELDS = ("held_on", "title", "status", "wheel_slots")


def save_meeting(form: MeetingForm, meeting: Meeting | None = None) -> Meeting:
    before = snapshot(meeting, MEETING_FIELDS) if meeting is not None else None
    meeting = meeting or Meeting()
    meeting.held_on = form.held_on.data
    meeting.title = (form.title.data or "").strip() or "Weekly operations review"
    meeting.status = MeetingStatus(form.status.data)
    meeting.wheel_slots = form.wheel_slots.data
    db.session.add(meeting)
    db.session.flush()
    action = "create" if before is None else "update"
    record(action, "meeting", meeting.id, before, snapshot(meeting, MEETING_FIELDS), summary=str(meeting.held_on))
    if meeting.status == MeetingStatus.CANCELLED and (before or {}).get("status") != MeetingStatus.CANCELLED.value:
        meeting_cancelled.send(current_app._get_current_object(), meeting=meeting)  # its items move on, in this transaction
    db.session.commit()
    return meeting


def list_meetings(limit: int = 200) -> list[Meeting]:
    return list(db.session.scalars(db.select(Meeting).order_by(Meeting.held_on.desc()).limit(limit)))


def current_meeting() -> Meeting | None:
    """The meeting the room is in: a live one, else the next planned one, else the latest."""
    live = db.session.scalars(
        db.select(Meeting).where(Meeting.status == MeetingStatus.LIVE).order_by(Meeting.held_on.desc())
    ).first()
    if live:
        return live
    upcoming = db.session.scalars(
        db.select(Meeting)
        .where(Meeting.status == MeetingStatus.PLANNED, Meeting.held_on >= today())
        .order_by(Meeting.held_on)
    ).first()
    return upcoming or db.session.scalars(db.select(Meeting).order_by(Meeting.held_on.desc())).first()


def suggested_date() -> date:
    """A week after the latest meeting, or today."""
    latest = db.session.scalar(db.select(func.max(Meeting.held_on)))
    return max(today(), latest + timedelta(days=7)) if latest else today()


def picks_made(meeting: Meeting) -> int:
    from opsreview.spins.models import Spin, SpinOutcome

    return db.session.scalar(
        db.select(func.count(Spin.id)).where(Spin.meeting_id == meeting.id, Spin.outcome == SpinOutcome.PICKED)
    ) or 0
