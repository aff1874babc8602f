"""Action items: create, report back, reschedule with a reason, close."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy.orm import selectinload

from opsreview.accounts.models import Role, User
from opsreview.actions.forms import ActionItemForm, OwnerAndDate
from opsreview.actions.models import ActionItem, Source, Status, Term
from opsreview.audit.log import record, snapshot
from opsreview.clock import now_utc, today
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus

FIELDS = ("title", "description", "owner_id", "team_id", "due_on", "term", "status", "closing_note", "source",
          "source_ref", "report_meeting_id", "slips", "coe_id")


class NotYours(Exception):
    """Only the owner, or a leader, may change an item."""


class ItemClosed(Exception):
    """A done or won't-do item keeps its record: it is not re-dated or closed again."""

    def __str__(self) -> str:
        return "This item is already closed."


def may_change(item: ActionItem, user: User) -> bool:
    return user.id == item.owner_id or user.has_role(Role.LEADER)


def _check(item: ActionItem) -> None:
    if not may_change(item, current_user):
        raise NotYours()


def report_meeting_for(due_on: date) -> Meeting | None:
    """The first meeting on or after the due date that will be held: where the item reports back."""
    return db.session.scalars(
        db.select(Meeting)
        .where(Meeting.held_on >= due_on, Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.LIVE]))
        .order_by(Meeting.held_on)
    ).first()


def create(
    form: OwnerAndDate, coe_id: int | None = None, source: Source = Source.NONE, source_ref: str = "",
    team_id: int | None = None,
) -> ActionItem:
    """A new item from the quick capture or the full form (or a COE's corrective actions, or the room)."""
    item = ActionItem(title=form.title.data.strip(), owner_id=form.owner_user.id, due_on=form.due_on.data,
                      coe_id=coe_id, source=source, source_ref=source_ref, team_id=team_id)
    if isinstance(form, ActionItemForm):
        _fill_details(item, form)
    item.created_by_id = current_user.id if current_user.is_authenticated else None
    item.report_meeting = report_meeting_for(item.due_on)
    db.session.add(item)
    db.session.flush()
    record("create", "action_item", item.id, after=snapshot(item, FIELDS), summary=item.title)
    db.session.commit()
    return item


def _fill_details(item: ActionItem, form: ActionItemForm) -> None:
    item.description = (form.description.data or "").strip()
    item.team_id = form.team_id.data
    item.term = Term(form.term.data)
    item.source = Source(form.source.data)
    item.source_ref = (form.source_ref.data or "").strip()


def update(item: ActionItem, form: ActionItemForm, reason: str = "") -> None:
    """Change an item; a later due date counts as a slip and needs ``reason``."""
    _check(item)
    before = snapshot(item, FIELDS)
    if form.due_on.data != item.due_on:
        _move(item, form.due_on.data, reason)
    item.title = form.title.data.strip()
    item.owner_id = form.owner_user.id
    _fill_details(item, form)
    record("update", "action_item", item.id, before, snapshot(item, FIELDS), summary=reason or item.title)
    db.session.commit()


def _move(item: ActionItem, due_on: date, reason: str) -> None:
    if not reason.strip():
        raise ValueError("Moving a due date needs a reason.")
    if due_on > item.due_on:
        item.slips += 1
    item.due_on = due_on
    item.report_meeting = report_meeting_for(due_on)


def reschedule(item: ActionItem, due_on: date, reason: str) -> None:
    """A new date with a reason, from any list."""
    _check(item)
    if item.status.is_closed:
        raise ItemClosed()
    before = snapshot(item, FIELDS)
    _move(item, due_on, reason)
    record("reschedule", "action_item", item.id, before, snapshot(item, FIELDS), summary=reason.strip())
    db.session.commit()


def set_status(item: ActionItem, status: Status, note: str = "") -> None:
    """Start, finish, or decide not to do an item (with a reason)."""
    _check(item)
    if item.status.is_closed and status.is_closed:
        raise ItemClosed()  # closing twice would rewrite when it was closed
    if status == Status.WONT_DO and not note.strip():
        raise ValueError("Say why this will not be done.")
    before = snapshot(item, FIELDS)
    item.status = status
    item.closing_note = note.strip() if status == Status.WONT_DO else item.closing_note
    item.closed_at = now_utc() if status.is_closed else None
    record("update", "action_item", item.id, before, snapshot(item, FIELDS), summary=f"{status.value}: {item.title}")
    db.session.commit()


@dataclass(frozen=True)
class Filters:
    owner_id: int | None = None
    team_id: int | None = None
    source: Source | None = None
    term: Term | None = None
    overdue: bool = False
    include_closed: bool = False
    sort: str = "due"


SORTS = {
    "due": (ActionItem.due_on, ActionItem.id),
    "slips": (ActionItem.slips.desc(), ActionItem.due_on),
    "created": (ActionItem.created_at.desc(),),
    "title": (ActionItem.title,),
}


def find(filters: Filters) -> list[ActionItem]:
    query = db.select(ActionItem).options(selectinload(ActionItem.owner), selectinload(ActionItem.team))
    if not filters.include_closed:
        query = query.where(ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]))
    if filters.owner_id:
        query = query.where(ActionItem.owner_id == filters.owner_id)
    if filters.team_id:
        query = query.where(ActionItem.team_id == filters.team_id)
    if filters.source:
        query = query.where(ActionItem.source == filters.source)
    if filters.term:
        query = query.where(ActionItem.term == filters.term)
    if filters.overdue:
        query = query.where(ActionItem.due_on < today(), ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]))
    return list(db.session.scalars(query.order_by(*SORTS.get(filters.sort, SORTS["due"]))))


def overdue_by_team() -> list[tuple[str, list[ActionItem]]]:
    """Overdue open items grouped by team, most overdue first in each, the worst team first."""
    groups: dict[str, list[ActionItem]] = defaultdict(list)
    for item in find(Filters(overdue=True)):
        groups[item.team.name if item.team else "No team"].append(item)
    return sorted(groups.items(), key=lambda kv: min(i.due_on for i in kv[1]))


def owners() -> list[User]:
    return list(db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.name)))
