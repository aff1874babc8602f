"""COEs on the agenda: nominated when ready for review, reviewed when the meeting closes.

The one place the meeting talks to the COE feature.
"""

from __future__ import annotations

from flask import Flask

from opsreview.agenda.models import AgendaItem, ItemStatus, Kind
from opsreview.agenda.planning import agenda_of, next_meeting
from opsreview.agenda.services import TIMEBOX, last_position, check_open, touch
from opsreview.audit.log import record
from opsreview.coes.learning import this_week_in_history
from opsreview.coes.models import Coe, CoeStatus
from opsreview.coes.services import Refused, mark_reviewed
from opsreview.coes.signals import coe_ready
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus

OPEN = (MeetingStatus.PLANNED, MeetingStatus.LIVE)


def init_app(app: Flask) -> None:
    coe_ready.connect(_ready, app)


def _ready(_app: Flask, coe: Coe, **_: object) -> None:
    """A COE sent for review goes to the next meeting, waiting for its host to accept it."""
    nominate(coe, next_meeting(), accepted=False)
    db.session.commit()


def on_an_open_agenda(coe: Coe) -> AgendaItem | None:
    return db.session.scalars(
        db.select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.coe_id == coe.id, Meeting.status.in_(OPEN))
    ).first()


def nominate(coe: Coe, meeting: Meeting, accepted: bool) -> AgendaItem:
    """Put ``coe`` on ``meeting``'s agenda (a host accepts it at once), unless an open agenda has it already."""
    check_open(meeting)
    found = on_an_open_agenda(coe)
    if found is not None:
        return found
    agenda_of(meeting)
    item = AgendaItem(
        meeting_id=meeting.id, kind=Kind.COE, title=coe.title, coe_id=coe.id,
        presenter=coe.team.name if coe.team else "", status=ItemStatus.ACCEPTED if accepted else ItemStatus.SUBMITTED,
        position=last_position(meeting.id, Kind.COE), timebox_minutes=TIMEBOX[Kind.COE],
    )
    db.session.add(item)
    db.session.flush()
    record("create", "agenda_item", item.id, after={"kind": "coe", "coe_id": coe.id, "status": item.status.value},
           summary=f"COE for review on {meeting.held_on}: {coe.title}")
    touch(meeting.id)
    return item


def waiting() -> list[Coe]:
    """COEs ready for review that no open agenda has yet (sent before a meeting was planned, say)."""
    on_agenda = (
        db.select(AgendaItem.coe_id).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.coe_id.is_not(None), Meeting.status.in_(OPEN))
    )
    return list(db.session.scalars(
        db.select(Coe).where(Coe.status == CoeStatus.READY, Coe.id.not_in(on_agenda)).order_by(Coe.updated_at)
    ))


def mark_presented(meeting: Meeting) -> list[str]:
    """At the close: every COE on the agenda that was ready is now reviewed at this meeting.

    Returns a sentence for each one that could not be (it no longer passes its quality gate).
    """
    refused = []
    items = db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.coe_id.is_not(None),
                                    AgendaItem.status == ItemStatus.ACCEPTED)
    )
    for coe in [item.coe for item in items if item.coe is not None and item.coe.status == CoeStatus.READY]:
        try:
            mark_reviewed(coe, meeting)
        except Refused as why:
            refused.append(f"{coe.title}: {why}")
    return refused


def reviewed_at(meeting: Meeting) -> list[Coe]:
    return list(db.session.scalars(
        db.select(Coe).where(Coe.reviewed_meeting_id == meeting.id).order_by(Coe.id)
    ))


def history(meeting: Meeting) -> list[Coe]:
    """This week in COE history: COEs from the meeting's week in earlier years."""
    return [coe for coe in this_week_in_history(meeting.held_on) if coe.status != CoeStatus.DRAFT]
