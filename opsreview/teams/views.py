"""Team pages: list, create, edit, archive, CSV import and export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.actions import services as actions
from opsreview.actions.calendar import feed_url
from opsreview.clock import today
from opsreview.spins.services import spins_of_team
from opsreview.teams import csv_io, services
from opsreview.teams.forms import ImportForm, TeamForm
from opsreview.teams.links import LinkLine, format_links
from opsreview.teams.models import Team

bp = Blueprint("teams", __name__, url_prefix="/teams")


def _team_or_404(slug: str) -> Team:
    team = services.get_team(slug)
    if team is None:
        abort(404)
    return team


@bp.get("/")
def index() -> str:
    """List the teams with how long each has waited."""
    show_archived = request.args.get("archived") == "1"
    org = request.args.get("org") or None
    teams = services.list_teams(include_archived=show_archived, org=org)
    waited = services.standings(teams, today())
    return render_template(
        "teams/index.html", teams=teams, waited=waited, orgs=services.orgs(), org=org, show_archived=show_archived
    )


@bp.route("/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def create() -> str | Response:
    """Add a team to the wheel."""
    form = TeamForm()
    if form.validate_on_submit():
        team = services.save_team(form)
        flash(f"Team “{team.name}” added to the wheel.", "success")
        return redirect(url_for("teams.show", slug=team.slug))
    return render_template("teams/form.html", form=form, team=None)


@bp.get("/<slug>")
def show(slug: str) -> str:
    """Show a team, its links and its history on the wheel."""
    team = _team_or_404(slug)
    waited = services.standings([team], today()).get(team.id)
    items = actions.find(actions.Filters(team_id=team.id))
    feed = feed_url("team", team.id)
    return render_template(
        "teams/show.html", team=team, waited=waited, spins=spins_of_team(team), items=items, feed=feed
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit(slug: str) -> str | Response:
    """Change a team's details, links or away dates."""
    team = _team_or_404(slug)
    form = TeamForm(obj=team, team=team)
    if request.method == "GET":
        form.links.data = format_links([LinkLine(link.label, link.url) for link in team.links])
    if form.validate_on_submit():
        services.save_team(form, team)
        flash("Team saved.", "success")
        return redirect(url_for("teams.show", slug=team.slug))
    return render_template("teams/form.html", form=form, team=team)


@bp.post("/<slug>/archive")
@require(Role.ADMIN)
def archive(slug: str) -> Response:
    """Take a team off the wheel, keeping its history."""
    team = _team_or_404(slug)
    services.archive_team(team)
    flash(f"“{team.name}” is archived: off the wheel, history kept.", "success")
    return redirect(url_for("teams.show", slug=team.slug))


@bp.post("/<slug>/restore")
@require(Role.ADMIN)
def restore(slug: str) -> Response:
    """Put an archived team back on the wheel."""
    team = _team_or_404(slug)
    services.restore_team(team)
    flash(f"“{team.name}” is back on the wheel.", "success")
    return redirect(url_for("teams.show", slug=team.slug))


@bp.get("/export.csv")
def export() -> Response:
    """Download every team as CSV."""
    body = csv_io.export_teams(services.list_teams(include_archived=False))
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=opsreview-teams.csv"}
    )


@bp.route("/import", methods=["GET", "POST"])
@require(Role.ADMIN)
def import_csv() -> str:
    """Upload a CSV of teams; every row is reported."""
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        report = csv_io.import_teams(form.file.data.read())
    return render_template("teams/import.html", form=form, report=report, columns=csv_io.COLUMNS)
