"""Agenda items: submit, accept, defer to the following meeting, reorder; the agenda as the room sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import func

from opsreview.accounts.models import User
from opsreview.agenda.forms import SubmitItemForm
from opsreview.agenda.models import Agenda, AgendaItem, ItemStatus, Kind, Section
from opsreview.agenda.planning import agenda_of, following
from opsreview.audit.log import record, snapshot
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.meetings.signals import meeting_cancelled
from opsreview.spins.signals import spin_recorded

FIELDS = ("meeting_id", "kind", "title", "body", "link", "presenter", "status", "position", "timebox_minutes",
          "deferred_from_id")
TIMEBOX = {Kind.WIN: 2, Kind.COE: 15, Kind.ORG_ITEM: 5, Kind.ANNOUNCEMENT: 2}


class AgendaClosed(Exception):
    """A closed or cancelled meeting's agenda no longer changes."""

    def __str__(self) -> str:
        return "This meeting is over; its agenda no longer changes."


def check_open(meeting: Meeting) -> None:
    """Raise AgendaClosed unless the meeting's agenda can still change."""
    if not meeting.is_open:
        raise AgendaClosed()


def touch(meeting_id: int) -> None:
    """Tell followers something changed: the live state's version goes up (in the caller's transaction)."""
    db.session.execute(db.update(Agenda).where(Agenda.meeting_id == meeting_id).values(version=Agenda.version + 1))


def init_app(app: Flask) -> None:
    """A spin from anywhere (the projector, the wheel page, the API, a re-spin) reaches the followers."""
    spin_recorded.connect(_wheel_moved, app)
    meeting_cancelled.connect(_cancelled, app)


def _wheel_moved(_app: Flask, meeting_id: int, **_: object) -> None:
    touch(meeting_id)


def _cancelled(_app: Flask, meeting: Meeting, **_: object) -> None:
    """A meeting that will not be held: everything submitted to it moves on, accepted or not."""
    for item in items_of(meeting.id):
        if item.kind not in (Kind.DASHBOARD, Kind.FOLLOW_UP):
            move_on(item)


def last_position(meeting_id: int, kind: Kind) -> int:
    kinds = [k for k in Kind if k.section == kind.section]
    top = db.session.scalar(
        db.select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id, AgendaItem.kind.in_(kinds))
    )
    return (top or 0) + 1


def submit(meeting: Meeting, form: SubmitItemForm, by: User) -> AgendaItem:
    """A win, COE, org-wide item or announcement for ``meeting``, waiting for the host to accept it."""
    check_open(meeting)
    agenda_of(meeting)
    kind = Kind(form.kind.data)
    item = AgendaItem(
        meeting_id=meeting.id, kind=kind, title=form.title.data.strip(), body=(form.body.data or "").strip(),
        link=(form.link.data or "").strip(), presenter=(form.presenter.data or "").strip() or by.name,
        status=ItemStatus.SUBMITTED, position=last_position(meeting.id, kind), timebox_minutes=TIMEBOX[kind],
        submitted_by_id=by.id,
    )
    db.session.add(item)
    db.session.flush()
    record("create", "agenda_item", item.id, after=snapshot(item, FIELDS), summary=f"{kind.value}: {item.title}")
    touch(meeting.id)
    db.session.commit()
    return item


def accept(item: AgendaItem) -> None:
    """Put a submitted or deferred item on the agenda."""
    check_open(item.meeting)
    before = snapshot(item, FIELDS)
    item.status = ItemStatus.ACCEPTED
    record("update", "agenda_item", item.id, before, snapshot(item, FIELDS), summary=f"accepted: {item.title}")
    touch(item.meeting_id)
    db.session.commit()


def defer(item: AgendaItem) -> Meeting:
    """Move an item to the following meeting (planned from the template if need be); it is never dropped."""
    check_open(item.meeting)
    if item.kind in (Kind.DASHBOARD, Kind.FOLLOW_UP):
        raise ValueError("The wheel and follow-up slots belong to the meeting; they are not deferred.")
    target = move_on(item)
    db.session.commit()
    return target


def move_on(item: AgendaItem) -> Meeting:
    """``item`` goes to the following meeting, waiting for its host (in the caller's transaction)."""
    before = snapshot(item, FIELDS)
    old = item.meeting
    target = following(old)
    agenda_of(target)
    _leave(old, item)
    item.meeting_id, item.meeting = target.id, target
    item.deferred_from_id = old.id
    item.status = ItemStatus.DEFERRED
    item.position = last_position(target.id, item.kind)
    record("update", "agenda_item", item.id, before, snapshot(item, FIELDS),
           summary=f"deferred to {target.held_on}: {item.title}")
    touch(old.id)
    touch(target.id)
    return target


def _leave(meeting: Meeting, item: AgendaItem) -> None:
    """If the room is on ``item``, it stays where it was but points at nothing."""
    agenda = db.session.get(Agenda, meeting.id)
    if agenda is not None and agenda.current_item_id == item.id:
        agenda.current_item_id = None
        agenda.timer_started_at = None
        agenda.timer_elapsed = 0.0


def move(item: AgendaItem, step: int) -> None:
    """Swap an item with its neighbour in its section (``step`` -1 earlier, +1 later)."""
    check_open(item.meeting)
    siblings = [i for i in items_of(item.meeting_id) if i.section == item.section]
    index = siblings.index(item)
    other_index = index + step
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], item
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    record("update", "agenda_item", item.id, {"position": index + 1}, {"position": other_index + 1},
           summary=f"moved {'up' if step < 0 else 'down'}: {item.title}")
    touch(item.meeting_id)
    db.session.commit()


def set_timebox(item: AgendaItem, minutes: int) -> None:
    """Give an item more or fewer minutes (the wheel's slots too: a team may need less)."""
    check_open(item.meeting)
    before = snapshot(item, FIELDS)
    item.timebox_minutes = minutes
    record("update", "agenda_item", item.id, before, snapshot(item, FIELDS), summary=f"{minutes} min: {item.title}")
    touch(item.meeting_id)
    db.session.commit()


def items_of(meeting_id: int) -> list[AgendaItem]:
    return list(db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position, AgendaItem.id)
    ))


@dataclass
class SectionPlan:
    section: Section
    minutes: int
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(i.timebox_minutes for i in self.items if i.status == ItemStatus.ACCEPTED)


@dataclass
class AgendaPlan:
    agenda: Agenda
    sections: list[SectionPlan]

    @property
    def planned_minutes(self) -> int:
        return sum(s.planned for s in self.sections)

    @property
    def over_by(self) -> int:
        return max(0, self.planned_minutes - self.agenda.length_minutes)

    def running_order(self) -> list[AgendaItem]:
        """The accepted items, section by section: what the arrows step through."""
        return [i for s in self.sections for i in s.items if i.status == ItemStatus.ACCEPTED]


def plan_of(meeting: Meeting) -> AgendaPlan:
    agenda = agenda_of(meeting)
    minutes = agenda.section_minutes()
    sections = {s: SectionPlan(s, minutes.get(s, 0)) for s in agenda.section_order()}
    for item in items_of(meeting.id):
        if item.section in sections:
            sections[item.section].items.append(item)
    return AgendaPlan(agenda, list(sections.values()))
