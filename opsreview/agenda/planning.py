"""Planning meetings from the template: the template itself, a meeting's agenda, next week's meeting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from opsreview.agenda.models import Agenda, AgendaItem, ItemStatus, Kind, MeetingTemplate, Section
from opsreview.audit.log import record, snapshot
from opsreview.clock import today
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus

# Two hours: six teams of 15 minutes at the wheel, one COE, and short wins, follow-ups and org-wide items.
DEFAULT_SECTIONS = [
    {"section": Section.WINS.value, "minutes": 5},
    {"section": Section.COES.value, "minutes": 15},
    {"section": Section.WHEEL.value, "minutes": 90},
    {"section": Section.FOLLOW_UPS.value, "minutes": 5},
    {"section": Section.ORG.value, "minutes": 5},
]
TEMPLATE_FIELDS = ("length_minutes", "wheel_slots", "minutes_per_team", "sections")


def template() -> MeetingTemplate:
    """The meeting template (there is one), created with the domain's defaults on first use."""
    found = db.session.scalars(db.select(MeetingTemplate).order_by(MeetingTemplate.id)).first()
    if found is None:
        found = MeetingTemplate(length_minutes=120, wheel_slots=6, minutes_per_team=15, sections=DEFAULT_SECTIONS)
        db.session.add(found)
        db.session.flush()
    return found


def save_template(length: int, wheel_slots: int, minutes_per_team: int, sections: list[dict]) -> MeetingTemplate:
    """Change the template; meetings planned from now on use it."""
    found = template()
    before = snapshot(found, TEMPLATE_FIELDS)
    found.length_minutes, found.wheel_slots, found.minutes_per_team = length, wheel_slots, minutes_per_team
    found.sections = sections
    record("update", "meeting_template", found.id, before, snapshot(found, TEMPLATE_FIELDS), summary="meeting template")
    db.session.commit()
    return found


def agenda_of(meeting: Meeting) -> Agenda:
    """The meeting's agenda row, made from the template (with its wheel and follow-up slots) on first use."""
    agenda = db.session.get(Agenda, meeting.id)
    return agenda if agenda is not None else _new_agenda(meeting)


def ensure_agenda(meeting: Meeting) -> None:
    """Make (and commit) the agenda on a page's or a poll's first sight of the meeting.

    For read paths only, which have nothing else pending: many followers may open a meeting
    at once, and all but one find the agenda another request has just made.
    """
    if db.session.get(Agenda, meeting.id) is not None:
        return
    try:
        _new_agenda(meeting)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if db.session.get(Agenda, meeting.id, populate_existing=True) is None:
            raise


def _new_agenda(meeting: Meeting) -> Agenda:
    plan = template()
    agenda = Agenda(meeting_id=meeting.id, length_minutes=plan.length_minutes, minutes_per_team=plan.minutes_per_team,
                    sections=list(plan.sections), version=1, timer_elapsed=0.0)
    db.session.add(agenda)
    minutes = agenda.section_minutes()
    for slot in range(1, meeting.wheel_slots + 1):
        db.session.add(AgendaItem(meeting_id=meeting.id, kind=Kind.DASHBOARD, title=f"Wheel slot {slot}",
                                  status=ItemStatus.ACCEPTED, position=slot, wheel_slot=slot,
                                  timebox_minutes=plan.minutes_per_team))
    db.session.add(AgendaItem(meeting_id=meeting.id, kind=Kind.FOLLOW_UP, title="Action items due and overdue",
                              status=ItemStatus.ACCEPTED, position=1,
                              timebox_minutes=minutes.get(Section.FOLLOW_UPS, 10)))
    db.session.flush()
    record("create", "agenda", meeting.id, after={"sections": agenda.sections, "length_minutes": agenda.length_minutes},
           summary=f"agenda for {meeting.held_on}")
    return agenda


def plan_meeting(held_on) -> Meeting:  # type: ignore[no-untyped-def]
    """A planned meeting on ``held_on`` with its agenda, from the template."""
    plan = template()
    meeting = Meeting(held_on=held_on, status=MeetingStatus.PLANNED, wheel_slots=plan.wheel_slots)
    db.session.add(meeting)
    db.session.flush()
    record("create", "meeting", meeting.id, after={"held_on": held_on.isoformat(), "wheel_slots": meeting.wheel_slots},
           summary=f"{held_on} (planned from the template)")
    agenda_of(meeting)
    return meeting


def following(meeting: Meeting) -> Meeting:
    """The next meeting still to be held after ``meeting``; planned a week later from the template if there is none."""
    found = db.session.scalars(
        db.select(Meeting)
        .where(Meeting.held_on > meeting.held_on, Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.LIVE]))
        .order_by(Meeting.held_on)
    ).first()
    if found is not None:
        return found
    day = meeting.held_on + timedelta(days=7)
    while db.session.scalars(db.select(Meeting.id).where(Meeting.held_on == day)).first() is not None:
        day += timedelta(days=7)  # that week's meeting was cancelled or closed: the week after
    return plan_meeting(day)


def next_meeting() -> Meeting:
    """Where new submissions go: the next planned meeting from today on, planned from the template if none."""
    found = db.session.scalars(
        db.select(Meeting)
        .where(Meeting.status == MeetingStatus.PLANNED, Meeting.held_on >= today())
        .order_by(Meeting.held_on)
    ).first()
    if found is not None:
        return found
    latest = db.session.scalars(db.select(Meeting).order_by(Meeting.held_on.desc())).first()
    meeting = following(latest) if latest is not None and latest.held_on >= today() else plan_meeting(today())
    db.session.commit()
    return meeting
