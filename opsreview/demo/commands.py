"""`flask seed-demo`: load the demo organisation and its history into an empty database."""

from __future__ import annotations

import random
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta

import click
from flask.cli import with_appcontext

from opsreview.accounts.models import Role, User
from opsreview.accounts.services import create_user
from opsreview.clock import today
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins import services as spins
from opsreview.spins.models import SpinOutcome
from opsreview.teams.models import Team, TeamLink

from .organisation import ORGS

HISTORY_WEEKS = 20
HOST = "demo host"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def is_empty() -> bool:
    return db.session.scalar(db.select(db.func.count(Team.id))) == 0


DEMO_PEOPLE = (
    (Role.ADMIN, "Avery Admin"),
    (Role.HOST, "Harper Host"),
    (Role.LEADER, "Lee Leader"),
    (Role.MEMBER, "Morgan Member"),
    (Role.VIEWER, "Vic Viewer"),
)


def seed_people() -> list[tuple[str, str, str]]:
    """One account per role, each with a fresh random password: (role, email, password)."""
    ledger = db.session.scalars(db.select(Team).where(Team.slug == "ledger")).first()
    people = []
    for role, name in DEMO_PEOPLE:
        email = f"{role.value}@example.com"
        password = secrets.token_urlsafe(12)
        create_user(email, name, role, password, team_id=ledger.id if role == Role.MEMBER and ledger else None)
        people.append((role.value, email, password))
    return people


FOLLOW_UPS = (
    "Add p99 latency per API to the dashboard",
    "Alarm on per-instance availability below 99.5%",
    "Runbook for regional failover",
    "Remove the manual step from the deploy pipeline",
    "Load test the new checkout path at 2x peak",
    "Split the noisy composite alarm",
    "Top-10 instances by errors on the dashboard",
    "Retire the legacy health check",
    "Document the cache warm-up after deploys",
    "Rate-limit the batch import API",
    "Backfill business metrics: orders per minute",
    "Chaos game day for the payments dependency",
)


def seed_actions(rng: random.Random) -> None:
    """A dozen follow-ups from past meetings: some done, some slipped, some overdue."""
    from opsreview.actions.models import ActionItem, Source, Status, Term

    people = [u for u in db.session.scalars(db.select(User).order_by(User.id)) if u.has_role(Role.MEMBER)]
    teams = list(db.session.scalars(db.select(Team).order_by(Team.id)))
    for i, title in enumerate(FOLLOW_UPS):
        created = today() - timedelta(days=rng.randint(10, 80))
        item = ActionItem(
            title=title, owner_id=people[i % len(people)].id, team_id=rng.choice(teams).id,
            due_on=created + timedelta(days=rng.choice((7, 14, 21, 28))), term=rng.choice(list(Term)),
            source=rng.choice([Source.DASHBOARD, Source.COE, Source.ORG, Source.AGENDA]),
            created_at=datetime.combine(created, time(17), tzinfo=UTC), slips=rng.choice((0, 0, 0, 1, 2)),
        )
        if item.due_on < today() and rng.random() < 0.5:
            item.status = Status.DONE
            item.closed_at = datetime.combine(item.due_on - timedelta(days=rng.randint(-3, 3)), time(12), tzinfo=UTC)
        db.session.add(item)
    db.session.commit()


def seed(rng: random.Random) -> None:
    """Forty teams, twenty weeks of meetings spun by the real wheel, and next week planned."""
    next_meeting = today() + timedelta(days=(3 - today().weekday()) % 7)  # Thursday, today or next
    first = next_meeting - timedelta(weeks=HISTORY_WEEKS)
    joined = datetime.combine(first - timedelta(weeks=30), time(9), tzinfo=UTC)
    for org, teams in ORGS.items():
        for name, description in teams:
            slug = _slug(name)
            team = Team(name=name, slug=slug, org=org, description=description, created_at=joined)
            team.contact = f"#{slug}-oncall"
            team.links = [
                TeamLink(label="Runbook", url=f"https://wiki.example.com/{slug}/runbook", position=0),
                TeamLink(label="Dashboard", url=f"https://dashboards.example.com/{slug}", position=1),
            ]
            db.session.add(team)
    db.session.commit()
    for week in range(HISTORY_WEEKS):
        held_on = first + timedelta(weeks=week)
        meeting = Meeting(held_on=held_on, status=MeetingStatus.PLANNED)
        db.session.add(meeting)
        db.session.commit()
        if week == 7:  # a holiday week: cancelled, and it does not count as a week waited
            meeting.status = MeetingStatus.CANCELLED
            db.session.commit()
            continue
        _run_wheel(meeting, rng)
        meeting.status = MeetingStatus.CLOSED
        db.session.commit()
    _plan_next(next_meeting)


def _run_wheel(meeting: Meeting, rng: random.Random) -> None:
    spun_at = datetime.combine(meeting.held_on, time(16, 20), tzinfo=UTC)
    for slot in range(1, meeting.wheel_slots + 1):
        record = spins.spin(meeting, HOST, rng=rng)
        record.spun_at = spun_at + timedelta(minutes=15 * slot)
        if rng.random() < 0.06:  # now and then a team is absent and the slot is spun again
            record = spins.respin(record, SpinOutcome.SKIPPED, "Whole team at a game day, nobody to present", HOST, rng=rng)
            record.spun_at = spun_at + timedelta(minutes=15 * slot, seconds=40)
    db.session.commit()


def _plan_next(upcoming: date) -> None:
    db.session.add(Meeting(held_on=upcoming, status=MeetingStatus.PLANNED))
    away = db.session.scalars(db.select(Team).where(Team.slug == "warehouse-robotics")).one()
    away.away_until = upcoming + timedelta(weeks=2)
    away.away_reason = "Peak-season change freeze drill"
    db.session.commit()


@click.command("seed-demo")
@click.option("--seed", "seed_value", default=2026, show_default=True, help="Random seed for the history.")
@with_appcontext
def seed_demo(seed_value: int) -> None:
    """Load demo teams and wheel history, if the database has no teams yet."""
    if not is_empty():
        click.echo("The database already has teams; demo data not loaded.")
        return
    seed(random.Random(seed_value))
    click.echo(f"Loaded {sum(len(t) for t in ORGS.values())} teams and {HISTORY_WEEKS} weeks of meetings.")
    click.echo("Demo accounts (passwords are shown only now; change them with `flask users set-password`):")
    for role, email, password in seed_people():
        click.echo(f"  {role:<7} {email:<22} {password}")
    seed_actions(random.Random(seed_value))
    from opsreview.demo.agenda import seed_agenda
    from opsreview.demo.coes import seed_coes

    seed_coes()
    seed_agenda()
