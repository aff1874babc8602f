"""COEs on the agenda: nominated when ready for review, reviewed when the meeting closes.

The one place the meeting talks to the COE feature.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import Select

from opsreview.agenda.models import AgendaItem, ItemStatus, Kind
from opsreview.agenda.planning import agenda_of, next_meeting
from opsreview.agenda.services import TIMEBOX, last_position, check_open, touch
from opsreview.audit.log import record
from opsreview.coes.learning import this_week_in_history
from opsreview.coes.models import Coe, CoeStatus
from opsreview.coes.services import Refused, mark_reviewed
from opsreview.coes.signals import coe_ready, coe_withdrawn
from opsreview.extensions import db
from opsreview.meetings.models import OPEN_STATUSES, Meeting

logger = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    coe_ready.connect(_ready, app)
    coe_withdrawn.connect(_withdrawn, app)


def _ready(_app: Flask, coe: Coe, **_: object) -> None:
    """A COE sent for review goes to the next meeting, waiting for its host to accept it.

    The COE is ready whatever happens here: if this fails, it waits on the agenda's list of
    ready COEs for a host to add it.
    """
    try:
        nominate(coe, next_meeting(), accepted=False)
        db.session.commit()
    except Exception:
        logger.exception("putting COE %s on the next agenda failed", coe.id)
        db.session.rollback()


def _on_open_agendas() -> Select[tuple[AgendaItem]]:
    """Agenda items of meetings still to be held or under way."""
    return db.select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id).where(Meeting.status.in_(OPEN_STATUSES))


def _withdrawn(_app: Flask, coe: Coe, **_: object) -> None:
    """A COE taken back to draft leaves every open agenda (in the COE's transaction)."""
    for item in db.session.scalars(_on_open_agendas().where(AgendaItem.coe_id == coe.id)):
        record("delete", "agenda_item", item.id, before={"coe_id": coe.id, "status": item.status.value},
               summary=f"back to draft, off the agenda: {coe.title}")
        touch(item.meeting_id)
        db.session.delete(item)


def on_an_open_agenda(coe: Coe) -> AgendaItem | None:
    return db.session.scalars(_on_open_agendas().where(AgendaItem.coe_id == coe.id)).first()


class NotReady(Exception):
    """Only a COE that is ready for review goes on an agenda."""

    def __str__(self) -> str:
        return "Only a COE that is ready for review goes on the agenda."


def add_to_agenda(coe: Coe, meeting: Meeting) -> tuple[AgendaItem, bool]:
    """The host puts ``coe`` on ``meeting``'s agenda, accepted; one waiting on another agenda moves here.

    Returns the item and whether it was accepted onto an agenda already (then it stays there).
    Raises NotReady, or AgendaClosed for a meeting that is over.
    """
    check_open(meeting)
    if coe.status != CoeStatus.READY:
        raise NotReady()
    _lock(coe)
    found = on_an_open_agenda(coe)
    if found is not None and found.status == ItemStatus.ACCEPTED:
        return found, True
    if found is not None:
        before = {"meeting_id": found.meeting_id, "status": found.status.value}
        if found.meeting_id != meeting.id:
            touch(found.meeting_id)
            found.meeting_id, found.position = meeting.id, last_position(meeting.id, Kind.COE)
        found.status = ItemStatus.ACCEPTED
        record("update", "agenda_item", found.id, before, {"meeting_id": meeting.id, "status": "accepted"},
               summary=f"COE on the agenda of {meeting.held_on}: {coe.title}")
        touch(meeting.id)
        db.session.commit()
        return found, False
    item = _new_item(coe, meeting, ItemStatus.ACCEPTED)
    db.session.commit()
    return item, False


def _lock(coe: Coe) -> None:
    # On PostgreSQL, two nominations of one COE queue up here; SQLite writes one at a time anyway.
    db.session.execute(db.select(Coe.id).where(Coe.id == coe.id).with_for_update())


def nominate(coe: Coe, meeting: Meeting, accepted: bool) -> AgendaItem:
    """Put ``coe`` on ``meeting``'s agenda (a host accepts it at once), unless an open agenda has it already."""
    check_open(meeting)
    _lock(coe)
    found = on_an_open_agenda(coe)
    return found if found is not None else _new_item(coe, meeting, ItemStatus.ACCEPTED if accepted else ItemStatus.SUBMITTED)


def _new_item(coe: Coe, meeting: Meeting, status: ItemStatus) -> AgendaItem:
    agenda_of(meeting)
    item = AgendaItem(
        meeting_id=meeting.id, kind=Kind.COE, title=coe.title, coe_id=coe.id,
        presenter=coe.team.name if coe.team else "", status=status,
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
    on_agenda = _on_open_agendas().where(AgendaItem.coe_id.is_not(None)).with_only_columns(AgendaItem.coe_id)
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
