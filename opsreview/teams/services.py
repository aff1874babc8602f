"""Creating, changing and archiving teams. A team with history is never deleted."""

from __future__ import annotations

from datetime import date

from opsreview.clock import now_utc
from opsreview.extensions import db
from opsreview.spins.waiting import meetings_since_presented
from opsreview.teams.forms import TeamForm
from opsreview.teams.links import parse_links
from opsreview.teams.models import Team, TeamLink


def save_team(form: TeamForm, team: Team | None = None) -> Team:
    """Create a team, or update ``team``, from a validated form."""
    team = team or Team()
    team.name = form.name.data.strip()
    team.slug = form.slug.data
    team.org = (form.org.data or "").strip()
    team.description = (form.description.data or "").strip()
    team.contact = (form.contact.data or "").strip()
    team.away_until = form.away_until.data
    team.away_reason = (form.away_reason.data or "").strip() if form.away_until.data else ""
    links, _ = parse_links(form.links.data or "")
    team.links = [TeamLink(label=link.label, url=link.url, position=i) for i, link in enumerate(links)]
    db.session.add(team)
    db.session.commit()
    return team


def archive_team(team: Team) -> None:
    """Take a team off the wheel; its history stays."""
    if team.archived_at is None:
        team.archived_at = now_utc()
        db.session.commit()


def restore_team(team: Team) -> None:
    team.archived_at = None
    db.session.commit()


def get_team(slug: str) -> Team | None:
    return db.session.scalars(db.select(Team).where(Team.slug == slug)).first()


def list_teams(include_archived: bool = False, org: str | None = None) -> list[Team]:
    query = db.select(Team).order_by(Team.org, Team.name)
    if not include_archived:
        query = query.where(Team.archived_at.is_(None))
    if org:
        query = query.where(Team.org == org)
    return list(db.session.scalars(query))


def orgs() -> list[str]:
    return [o for o in db.session.scalars(db.select(Team.org).distinct().order_by(Team.org)) if o]


def standings(teams: list[Team], on: date) -> dict[int, int | None]:
    """Held meetings since each team last presented, as of ``on`` (None: never presented)."""
    return meetings_since_presented(teams, on)
