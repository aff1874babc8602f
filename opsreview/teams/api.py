"""Teams in JSON."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body, validated
from opsreview.clock import today
from opsreview.teams import services
from opsreview.teams.forms import TeamForm
from opsreview.teams.models import Team

EDITABLE = ("name", "slug", "org", "description", "contact", "links", "away_until", "away_reason")

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


def _team_or_404(slug: str) -> Team:
    team = services.get_team(slug)
    if team is None:
        abort(404)
    return team


def _form_values(team: Team) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(team, name) for name in EDITABLE if name != "links"}
    values["links"] = [{"label": link.label, "url": link.url} for link in team.links]
    return values


def _text_links(values: dict[str, object]) -> dict[str, object]:
    """Links come as [{"label", "url"}] in JSON and as lines of text in the form."""
    links = values.get("links")
    if isinstance(links, list):
        lines = []
        for link in links:
            if not isinstance(link, dict):
                abort(400, description="links must be a list of {\"label\": ..., \"url\": ...} objects.")
            label = str(link.get("label") or "").replace("\n", " ").strip()
            url = str(link.get("url") or "").strip()
            lines.append(f"{label} {url}".strip())
        values = {**values, "links": "\n".join(lines)}
    return values


@bp.post("/teams")
@require(Role.ADMIN)
def create_team() -> ResponseReturnValue:
    """Add a team (same fields and rules as the page)."""
    values = {k: v for k, v in json_body().items() if k in EDITABLE}
    form = validated(TeamForm, _text_links(values))
    team = services.save_team(form)
    return jsonify({"team": team_json(team)}), 201, {"Location": url_for("teams_api.team", slug=team.slug)}


@bp.get("/teams/<slug>")
def team(slug: str) -> ResponseReturnValue:
    """One team, archived or not."""
    found = _team_or_404(slug)
    return jsonify({"team": team_json(found, services.standings([found], today()).get(found.id))})


@bp.patch("/teams/<slug>")
@require(Role.ADMIN)
def update_team(slug: str) -> ResponseReturnValue:
    """Change some of a team's fields; the others keep their values."""
    found = _team_or_404(slug)
    changes = {k: v for k, v in json_body().items() if k in EDITABLE}
    form = validated(TeamForm, _text_links({**_form_values(found), **changes}), team=found)
    services.save_team(form, found)
    return jsonify({"team": team_json(found)})


@bp.post("/teams/<slug>/archive")
@require(Role.ADMIN)
def archive_team(slug: str) -> ResponseReturnValue:
    """Take a team off the wheel, keeping its history."""
    found = _team_or_404(slug)
    services.archive_team(found)
    return jsonify({"team": team_json(found)})


@bp.post("/teams/<slug>/restore")
@require(Role.ADMIN)
def restore_team(slug: str) -> ResponseReturnValue:
    """Put an archived team back on the wheel."""
    found = _team_or_404(slug)
    services.restore_team(found)
    return jsonify({"team": team_json(found)})
