"""How many meetings each team has waited: the one number the wheel runs on.

A wait counts held meetings only: a cancelled meeting is not a week waited.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import func

from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.teams.models import Team


def last_presented(before: date) -> dict[int, date]:
    """Each team's most recent presentation in a meeting held before the day ``before``."""
    rows = db.session.execute(
        db.select(Spin.team_id, func.max(Meeting.held_on))
        .join(Meeting, Spin.meeting_id == Meeting.id)
        .where(Spin.outcome == SpinOutcome.PICKED, Meeting.status != MeetingStatus.CANCELLED, Meeting.held_on < before)
        .group_by(Spin.team_id)
    )
    return {team_id: held_on for team_id, held_on in rows}


def counted_meeting_dates(until: date) -> list[date]:
    """Dates of meetings that count as a week, up to and including ``until``."""
    return list(
        db.session.scalars(
            db.select(Meeting.held_on)
            .where(Meeting.status != MeetingStatus.CANCELLED, Meeting.held_on <= until)
            .order_by(Meeting.held_on)
        )
    )


def meetings_waited(teams: Iterable[Team], on: date, last: dict[int, date] | None = None) -> dict[int, int]:
    """Meetings each team has waited by a meeting held on ``on`` (at least 1).

    A team that never presented counts from the first meeting after it joined,
    as if it had just presented then: it enters the rotation, not the front of it.
    """
    dates = counted_meeting_dates(on)
    if not dates or dates[-1] != on:
        dates.append(on)
    last = last_presented(on) if last is None else last
    waited = {}
    for team in teams:
        if team.id in last:
            count = len(dates) - bisect_right(dates, last[team.id])
        else:
            count = len(dates) - bisect_left(dates, team.created_at.date())
        waited[team.id] = max(1, count)
    return waited


def meetings_since_presented(teams: Iterable[Team], on: date) -> dict[int, int | None]:
    """Held meetings since each team last presented, as of the day ``on`` (None: never).

    0 means the team presented at the latest meeting held by then.
    """
    dates = counted_meeting_dates(on)
    last = last_presented(on + timedelta(days=1))
    return {t.id: (len(dates) - bisect_right(dates, last[t.id]) if t.id in last else None) for t in teams}
