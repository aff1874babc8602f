"""Teams in JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from opsreview.clock import today
from opsreview.teams import services
from opsreview.teams.models import Team

bp = Blueprint("teams_api", __name__, url_prefix="/api/v1")


def team_json(team: Team, since: int | None = None) -> dict[str, object]:
    return {
        "id": team.id,
        "name": team.name,
        "slug": team.slug,
        "org": team.org,
        "description": team.description,
        "contact": team.contact,
        "links": [{"label": link.label, "url": link.url} for link in team.links],
        "away_until": team.away_until.isoformat() if team.away_until else None,
        "away_reason": team.away_reason,
        "archived": team.is_archived,
        "meetings_since_presented": since,
    }


@bp.get("/teams")
def teams() -> ResponseReturnValue:
    """List active teams with the meetings held since each last presented (null: never)."""
    listed = services.list_teams()
    since = services.standings(listed, today())
    return jsonify({"teams": [team_json(t, since.get(t.id)) for t in listed]})
