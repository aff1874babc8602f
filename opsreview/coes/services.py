"""COEs: write, save as you go, pass the gate, review in a meeting, close when the actions are done."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_login import current_user

from opsreview.accounts.models import Role, User
from opsreview.audit.log import record, snapshot
from opsreview.clock import now_utc
from opsreview.coes import quality, search
from opsreview.coes.blameless import Person
from opsreview.coes.forms import CoeForm
from opsreview.coes.models import Coe, CoeStatus, Severity, TimelineEntry, Why
from opsreview.coes.signals import coe_ready, coe_withdrawn
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.teams.models import Team
from opsreview.teams.services import list_teams

FIELDS = ("title", "severity", "team_id", "service", "event_start_at", "detected_at", "mitigated_at", "resolved_at",
          "summary", "customer_impact", "contributing_factors", "lessons_learned", "related", "status",
          "reviewed_meeting_id")
TEXTS = ("summary", "customer_impact", "contributing_factors", "lessons_learned", "related")
EDITABLE = (CoeStatus.DRAFT, CoeStatus.READY)
NOT_EDITABLE = "Only the author or a leader may change this COE, and only before it is reviewed."


class Refused(Exception):
    """A state change the COE's rules do not allow; the message says why."""


def may_edit(coe: Coe, user: User) -> bool:
    """Authors edit their own COE, leaders any, while it is a draft or waiting for review."""
    if coe.status not in EDITABLE or not user.is_authenticated:
        return False
    return user.has_role(Role.LEADER) or (user.has_role(Role.MEMBER) and user.id == coe.author_id)


def may_add_action(coe: Coe, user: User) -> bool:
    """Whoever may edit the COE; and leaders once it is reviewed, since the review often raises actions."""
    if may_edit(coe, user):
        return True
    return coe.status == CoeStatus.REVIEWED and user.is_authenticated and user.has_role(Role.LEADER)


def get_editable(coe_id: int, allowed=may_edit) -> Coe:  # type: ignore[no-untyped-def]
    """The COE, or 403 when the signed-in person may not change it (``allowed`` says who may)."""
    coe = get_or_404(coe_id)
    if not allowed(coe, current_user):
        abort(403, description=NOT_EDITABLE)
    return coe


def team_choices(coe: Coe | None) -> list[Team]:
    """The teams a COE can name: the active ones, and its own team even once that is archived."""
    teams = list_teams()
    if coe is not None and coe.team is not None and coe.team not in teams:
        teams.append(coe.team)
    return teams


def _audit_view(coe: Coe) -> dict[str, Any]:
    view = snapshot(coe, FIELDS)
    view["timeline"] = [f"{row.at:%Y-%m-%d %H:%M} {row.text}" for row in coe.timeline]
    view["whys"] = [f"{w.question} / {w.answer}" for w in coe.whys]
    return view


def _fill(coe: Coe, form: CoeForm) -> None:
    coe.title = form.title.data.strip()
    coe.severity = Severity(form.severity.data)
    coe.team_id = form.team_id.data
    coe.service = (form.service.data or "").strip()
    for name in ("event_start_at", "detected_at", "mitigated_at", "resolved_at"):
        setattr(coe, name, getattr(form, name).data)
    for name in TEXTS:
        setattr(coe, name, (getattr(form, name).data or "").strip())
    coe.timeline = [TimelineEntry(position=i, at=row.at.data, text=row.text.data.strip())
                    for i, row in enumerate(form.timeline_rows())]
    coe.whys = [Why(position=i, question=row.question.data.strip(), answer=(row.answer.data or "").strip())
                for i, row in enumerate(form.why_rows())]
    coe.updated_at = now_utc()
    coe.updated_by_id = current_user.id if current_user.is_authenticated else None


def create(form: CoeForm) -> Coe:
    """A new draft from the editor or the API."""
    coe = Coe(status=CoeStatus.DRAFT, author_id=current_user.id if current_user.is_authenticated else None)
    _fill(coe, form)
    db.session.add(coe)
    db.session.flush()
    search.reindex(coe)
    record("create", "coe", coe.id, after=_audit_view(coe), summary=coe.title)
    db.session.commit()
    return coe


def save(coe: Coe, form: CoeForm) -> None:
    """Save the editor (by hand or by the autosave); a COE waiting for review that no longer passes
    the gate goes back to draft."""
    if not may_edit(coe, current_user):
        raise Refused(NOT_EDITABLE)
    before = _audit_view(coe)
    _fill(coe, form)
    demote_if_failing(coe)
    search.reindex(coe)
    record("update", "coe", coe.id, before, _audit_view(coe), summary=coe.title)
    db.session.commit()


def known_people() -> list[Person]:
    """Everyone with an account, as the blameless check looks for them: name and email."""
    return [Person(name, email) for name, email in db.session.execute(db.select(User.name, User.email))]


def checklist(coe: Coe) -> list[quality.Check]:
    return quality.gate(coe, known_people())


def failures(coe: Coe) -> list[str]:
    """What the quality gate still asks for, one message per failed check."""
    return [c.message for c in checklist(coe) if not c.passed]


def demote_if_failing(coe: Coe) -> bool:
    """A COE waiting for review that no longer passes the gate goes back to draft; True when it did."""
    if coe.status == CoeStatus.READY and failures(coe):
        coe.status = CoeStatus.DRAFT
        coe_withdrawn.send(current_app._get_current_object(), coe=coe)  # off the agenda, in this transaction
        return True
    return False


def _move(coe: Coe, status: CoeStatus, summary: str, **changes: Any) -> None:
    before = snapshot(coe, FIELDS)
    coe.status = status
    for name, value in changes.items():
        setattr(coe, name, value)
    record("update", "coe", coe.id, before, snapshot(coe, FIELDS), summary=f"{status.value}: {summary}")
    db.session.commit()


def submit(coe: Coe) -> None:
    """Draft to ready for review, only through the quality gate."""
    if not may_edit(coe, current_user) or coe.status != CoeStatus.DRAFT:
        raise Refused("Only a draft can be sent for review, by its author or a leader.")
    failed = failures(coe)
    if failed:
        raise Refused("Not ready for review yet: " + " ".join(failed))
    _move(coe, CoeStatus.READY, coe.title)
    coe_ready.send(current_app._get_current_object(), coe=coe)  # the meeting puts it on the next agenda


def back_to_draft(coe: Coe) -> None:
    if not may_edit(coe, current_user) or coe.status != CoeStatus.READY:
        raise Refused("Only a COE waiting for review goes back to draft.")
    coe_withdrawn.send(current_app._get_current_object(), coe=coe)  # off the agenda, with the move
    _move(coe, CoeStatus.DRAFT, coe.title)


def mark_reviewed(coe: Coe, meeting: Meeting) -> None:
    """Reviewed at ``meeting`` (a host's call, in the room)."""
    if coe.status != CoeStatus.READY:
        raise Refused("Only a COE that is ready for review can be marked reviewed.")
    failed = failures(coe)
    if failed:
        raise Refused("Not marked reviewed: the COE no longer passes the quality gate. " + " ".join(failed))
    _move(coe, CoeStatus.REVIEWED, f"{coe.title} at the meeting of {meeting.held_on:%d %b %Y}",
          reviewed_meeting_id=meeting.id)


def close(coe: Coe) -> None:
    """Closed once every action item is done or won't-do."""
    if coe.status != CoeStatus.REVIEWED:
        raise Refused("Only a reviewed COE can be closed.")
    still_open = [item.title for item in coe.action_items if not item.status.is_closed]
    if still_open:
        raise Refused("Action items still open: " + "; ".join(still_open) + ".")
    _move(coe, CoeStatus.CLOSED, coe.title)


def reviewable_meetings() -> list[Meeting]:
    """The recent meetings a COE can be marked reviewed at, the latest first."""
    statuses = [MeetingStatus.PLANNED, MeetingStatus.LIVE, MeetingStatus.CLOSED]
    return list(db.session.scalars(
        db.select(Meeting).where(Meeting.status.in_(statuses)).order_by(Meeting.held_on.desc()).limit(20)
    ))


def get_or_404(coe_id: int) -> Coe:
    return db.get_or_404(Coe, coe_id)
