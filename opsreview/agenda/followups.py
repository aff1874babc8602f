"""The follow-ups section: action items due since the last meeting, overdue ones, and what was reported."""

from __future__ import annotations

from datetime import date

from opsreview.actions import services as actions
from opsreview.actions.models import ActionItem, Status
from opsreview.agenda.models import FollowUpReport, Outcome
from opsreview.agenda.services import touch
from opsreview.audit.log import record
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus

OPEN = (Status.OPEN, Status.IN_PROGRESS)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return db.session.scalars(
        db.select(Meeting)
        .where(Meeting.held_on < meeting.held_on, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.held_on.desc())
    ).first()


def due_items(meeting: Meeting) -> list[ActionItem]:
    """Every item due since the last meeting (whatever its status), every older one still open,
    and those already reported in this meeting (a new date may have moved them out of range)."""
    previous = previous_meeting(meeting)
    since = previous.held_on if previous else date.min
    reported = db.select(FollowUpReport.action_item_id).where(FollowUpReport.meeting_id == meeting.id)
    query = db.select(ActionItem).where(
        db.or_(
            db.and_(ActionItem.due_on <= meeting.held_on,
                    db.or_(ActionItem.due_on > since, ActionItem.status.in_(OPEN))),
            ActionItem.id.in_(reported),
        )
    )
    return list(db.session.scalars(query.order_by(ActionItem.due_on, ActionItem.id).limit(300)))


def reports_of(meeting: Meeting) -> dict[int, FollowUpReport]:
    """The latest report per action item in this meeting."""
    reports = db.session.scalars(
        db.select(FollowUpReport).where(FollowUpReport.meeting_id == meeting.id).order_by(FollowUpReport.id)
    )
    return {r.action_item_id: r for r in reports}


def report(
    meeting: Meeting, item: ActionItem, reported_by: int, outcome: Outcome, note: str = "", due_on: date | None = None
) -> FollowUpReport:
    """Record what the owner reported, and apply it to the item through the action item rules.

    Raises ValueError for a meeting that is over (its minutes are written) or an item not due at it.
    """
    if not meeting.is_open:
        raise ValueError("This meeting is over and its minutes are written; report this at the next meeting.")
    if item.id not in {due.id for due in due_items(meeting)}:
        raise ValueError(f"“{item.title}” is not due at this meeting; it is followed up at the meeting after its due date.")
    entry = FollowUpReport(meeting_id=meeting.id, action_item_id=item.id, outcome=outcome, note=note.strip(),
                           new_due_on=due_on if outcome == Outcome.NEW_DATE else None, reported_by_id=reported_by)
    db.session.add(entry)
    db.session.flush()
    record("create", "follow_up_report", entry.id,
           after={"meeting_id": meeting.id, "action_item_id": item.id, "outcome": outcome.value, "note": entry.note},
           summary=f"{outcome.value}: {item.title}")
    touch(meeting.id)
    try:
        # The action item services commit, and with them this report: one transaction.
        if outcome == Outcome.DONE:
            actions.set_status(item, Status.DONE)
        elif outcome == Outcome.NEW_DATE:
            actions.reschedule(item, due_on, note)  # type: ignore[arg-type]
        else:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return entry
