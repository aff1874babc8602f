"""Creating, changing and archiving teams. A team with history is never deleted."""

from __future__ import annotations

from datetime import date

from opsreview.audit.log import record, snapshot
from opsreview.clock import now_utc
from opsreview.extensions import db
from opsreview.spins.waiting import meetings_since_presented
from opsreview.teams.forms import TeamForm
from opsreview.teams.links import parse_links
from opsreview.teams.models import Team, TeamLink


TEAM_FIELDS = ("name", "slug", "org", "description", "contact", "links", "away_until", "away_reason", "archived_at")


def _audit_view(team: Team) -> dict[str, object]:
    view = snapshot(team, tuple(f for f in TEAM_FIELDS if f != "links"))
    view["links"] = [f"{link.label} {link.url}" for link in team.links]
    return view


def save_team(form: TeamForm, team: Team | None = None) -> Team:
    """Create a team, or update ``team``, from a validated form."""
    before = _audit_view(team) if team is not None else None
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
    db.session.flush()
    record("create" if before is None else "update", "team", team.id, before, _audit_view(team), summary=team.name)
    db.session.commit()
    return team


def archive_team(team: Team) -> None:
    """Take a team off the wheel; its history stays."""
    if team.archived_at is None:
        team.archived_at = now_utc()
        record("archive", "team", team.id, {"archived": False}, {"archived": True}, summary=team.name)
        db.session.commit()


def restore_team(team: Team) -> None:
    if team.archived_at is not None:
        team.archived_at = None
        record("restore", "team", team.id, {"archived": True}, {"archived": False}, summary=team.name)
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
