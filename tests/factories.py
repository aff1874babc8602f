"""Small helpers that put teams, meetings and spins in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from opsreview.accounts.models import Role, User
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.teams.models import Team, TeamLink

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def add_team(name: str, org: str = "Payments", **fields) -> Team:  # type: ignore[no-untyped-def]
    slug = fields.pop("slug", name.lower().replace(" ", "-"))
    team = Team(name=name, slug=slug, org=org, created_at=fields.pop("created_at", LONG_AGO), **fields)
    team.links = [TeamLink(label="Runbook", url=f"https://wiki.example.com/{slug}", position=0)]
    db.session.add(team)
    db.session.commit()
    return team


def add_teams(count: int, org: str = "Payments") -> list[Team]:
    return [add_team(f"Team {i:02d}", org) for i in range(count)]


def add_meeting(held_on: date, status: MeetingStatus = MeetingStatus.PLANNED, slots: int = 6) -> Meeting:
    meeting = Meeting(held_on=held_on, status=status, wheel_slots=slots)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def weekly(start: date, count: int) -> list[date]:
    return [start + timedelta(weeks=i) for i in range(count)]


def add_user(role: Role, email: str | None = None, name: str | None = None, password: str | None = None) -> User:
    from opsreview.accounts.services import create_user

    return create_user(email or f"{role.value}@example.com", name or f"{role.value.capitalize()} Person", role, password)
