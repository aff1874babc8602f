"""What followers see: the live state of a meeting as JSON, the one read a poll needs, and this
process's copies of the states it has built."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import text

from opsreview.agenda.followups import due_items, reports_of
from opsreview.agenda.models import Agenda, AgendaItem, Kind, Section
from opsreview.agenda.presenting import link_of, presentation
from opsreview.agenda.services import plan_of
from opsreview.clock import aware, now_utc
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.teams.models import Team


def elapsed_seconds(agenda: Agenda) -> float:
    running = (now_utc() - aware(agenda.timer_started_at)).total_seconds() if agenda.timer_started_at else 0.0
    return agenda.timer_elapsed + max(0.0, running)


def picked_teams(meeting_id: int) -> dict[int, Team]:
    """Wheel slot -> the team picked for it (re-spins replace the earlier pick)."""
    spins_ = db.session.scalars(
        db.select(Spin).where(Spin.meeting_id == meeting_id, Spin.outcome == SpinOutcome.PICKED).order_by(Spin.attempt)
    )
    return {s.slot: s.team for s in spins_}


def current_version(meeting_id: int) -> int | None:
    return db.session.scalar(db.select(Agenda.version).where(Agenda.meeting_id == meeting_id))


# Plain SQL on purpose: this runs for every poll of every follower, and a fixed text
# statement skips building and caching an expression each time. "user" is quoted:
# it is a reserved word in PostgreSQL.
_POLL = text(
    'SELECT u.active, a.version FROM "user" u LEFT JOIN agenda a ON a.meeting_id = :meeting_id WHERE u.id = :user_id'
)


def poll(meeting_id: int, user_id: int) -> tuple[bool, int | None]:
    """The one read a follower's poll needs: whether the session's user may read, and the live version."""
    row = db.session.connection().execute(_POLL, {"meeting_id": meeting_id, "user_id": user_id}).first()
    return (bool(row[0]), row[1]) if row is not None else (False, None)


def _item_json(item: AgendaItem, teams: dict[int, Team]) -> dict[str, Any]:
    team = teams.get(item.wheel_slot) if item.wheel_slot else None
    return {
        "id": item.id,
        "kind": item.kind.value,
        "section": item.section.value,
        "section_label": item.section.label,
        "title": f"{item.title}: {team.name}" if team else item.title,
        "presenter": team.name if team else item.presenter,
        "link": link_of(item),
        "timebox_minutes": item.timebox_minutes,
        "team": {"name": team.name, "slug": team.slug, **presentation(team)} if team else None,
    }


# A state built for one version of one meeting, kept by this process: when the host
# moves, hundreds of followers ask for the same new version within a second, and all
# but the first get it from here. The version is read from the database on every
# request, so this never serves a state the database has moved past.
_BUILT_LOCK = threading.Lock()
_BUILT_KEEP = 64


def _built() -> OrderedDict[tuple[int, int], tuple[dict[str, Any], float, datetime | None]]:
    return current_app.extensions.setdefault("opsreview_live_states", OrderedDict())  # one per app (and database)


def built_state(meeting_id: int, version: int) -> dict[str, Any] | None:
    """The state of ``version`` if this process built it already, its timer brought up to now."""
    with _BUILT_LOCK:
        found = _built().get((meeting_id, version))
    if found is None:
        return None
    body, elapsed, started = found
    running = (now_utc() - started).total_seconds() if started else 0.0
    return {**body, "timer": {**body["timer"], "elapsed_seconds": round(elapsed + max(0.0, running), 1)}}


def _keep(body: dict[str, Any], agenda: Agenda) -> None:
    started = aware(agenda.timer_started_at) if agenda.timer_started_at else None
    with _BUILT_LOCK:
        built = _built()
        built[(agenda.meeting_id, agenda.version)] = (body, agenda.timer_elapsed, started)
        while len(built) > _BUILT_KEEP:
            built.popitem(last=False)


def live_state(meeting: Meeting) -> dict[str, Any]:
    """Everything a follower's page shows, as JSON."""
    plan = plan_of(meeting)
    agenda = plan.agenda
    teams = picked_teams(meeting.id)
    order = plan.running_order()
    current = next((i for i in order if i.id == agenda.current_item_id), None)
    index = order.index(current) if current else -1
    running = meeting.status == MeetingStatus.LIVE
    body: dict[str, Any] = {
        "meeting": {"id": meeting.id, "held_on": meeting.held_on.isoformat(), "title": meeting.title,
                    "status": meeting.status.value},
        "version": agenda.version,
        "current": None,
        "next": _item_json(order[index + 1], teams) if index + 1 < len(order) and running else None,
        "position": {"index": index + 1, "count": len(order)},
        "timer": {"elapsed_seconds": round(elapsed_seconds(agenda), 1), "running": agenda.timer_started_at is not None,
                  "timebox_seconds": current.timebox_minutes * 60 if current else 0},
        "items": [_item_json(i, teams) for i in order],
    }
    if current is not None:
        body["current"] = {**_item_json(current, teams), "body": current.body,
                           "in_wheel": current.section == Section.WHEEL,
                           "follow_ups": _follow_ups(meeting) if current.kind == Kind.FOLLOW_UP else []}
    _keep(body, agenda)
    return body


def _follow_ups(meeting: Meeting) -> list[dict[str, Any]]:
    reports = reports_of(meeting)
    return [
        {"id": i.id, "title": i.title, "owner": i.owner.name, "due_on": i.due_on.isoformat(), "status": i.status.value,
         "overdue": i.days_overdue(meeting.held_on) > 0,
         "reported": reports[i.id].outcome.value if i.id in reports else None}
        for i in due_items(meeting)
    ]
