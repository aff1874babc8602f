"""Dashboard pages: the team's numbers for the room, and the wiki-like editing of its widgets."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.dashboards import editing, services
from opsreview.dashboards.cache import StillFetching
from opsreview.dashboards.forms import SettingsForm, WidgetForm
from opsreview.dashboards.weeks import iso_week, parse_week
from opsreview.teams.services import get_team
from opsreview.teams.models import Team
from opsreview.vendor import plotly_version

bp = Blueprint("dashboards", __name__, url_prefix="/teams")
# Where the charts' JSON goes; text from anyone else is escaped, so only the template can write this.
FIGURES_GO_HERE = Markup("<!--dashboard-figures-->")


def _team(slug: str) -> Team:
    team = get_team(slug)
    if team is None:
        abort(404)
    return team


@bp.get("/<slug>/dashboard")
@require(Role.VIEWER)
def show(slug: str) -> ResponseReturnValue:
    """Show the team's week beside the week before."""
    return _dashboard_page(_team(slug), request.args.get("week") or None)


def _dashboard_page(team: Team, week: str | None, widget_form: WidgetForm | None = None) -> ResponseReturnValue:
    """The dashboard page; with ``widget_form``, the rejected widget re-shown with its errors (422)."""
    status = 422 if widget_form is not None else 200
    try:
        view = services.show(team, week)
    except ValueError as error:
        flash(str(error), "error")
        return redirect(url_for("dashboards.show", slug=team.slug))
    except StillFetching:
        page = render_template("dashboards/fetching.html", team=team, title=f"{team.name}: dashboard", widget_form=widget_form)
        return (page, status) if widget_form is not None else (page, 503, {"Retry-After": "5"})
    if widget_form is None and current_user.has_role(Role.MEMBER):  # only members are shown the form
        widget_form = WidgetForm()
    monday = parse_week(view.window.week)
    page = render_template(
        "dashboards/show.html", view=view, team=team, title=f"{team.name}: dashboard",
        figures=FIGURES_GO_HERE, plotly_version=plotly_version(), widget_form=widget_form,
        earlier=iso_week(monday - timedelta(days=7)), later=None if view.window.rolling else iso_week(monday + timedelta(days=7)),
    )
    return _with_figures(page, view.figures), status


def _with_figures(page: str, figures: str) -> bytes:
    """The page with its charts' JSON put in as bytes.

    The JSON is most of the page and plain ASCII; the rest is not ("·", "→", people's names).
    Rendered into one string, every byte of the JSON would be transcoded to UTF-8 on every view;
    put in this way it is only copied.
    """
    return page.encode().replace(FIGURES_GO_HERE.encode(), figures.encode(), 1)


@bp.route("/<slug>/dashboard/settings", methods=["GET", "POST"])
@require(Role.LEADER)
def settings(slug: str) -> ResponseReturnValue:
    """Point the dashboard at CloudWatch (or the sample) and name the service's metrics."""
    team = _team(slug)
    dashboard = services.settings(team)
    form = SettingsForm(obj=dashboard) if request.method == "GET" else SettingsForm()
    if request.method == "GET":
        form.source.data, form.period.data = dashboard.source.value, str(dashboard.period)
        form.worse_threshold.data = round(dashboard.worse_threshold * 100, 1)
    if form.validate_on_submit():
        editing.save_settings(team, form)
        flash("Dashboard settings saved.", "success")
        return redirect(url_for("dashboards.show", slug=slug))
    return render_template("dashboards/settings.html", form=form, team=team, title=f"{team.name}: dashboard settings")


@bp.post("/<slug>/dashboard/widgets")
@require(Role.MEMBER)
def add_widget(slug: str) -> ResponseReturnValue:
    """Add a metric, note or link; a mistake re-shows the page with what was typed."""
    team = _team(slug)
    form = WidgetForm()
    if not form.validate_on_submit():
        return _dashboard_page(team, None, widget_form=form)
    editing.add_widget(team, form)
    flash(f"Added “{form.title.data}”.", "success")
    return redirect(url_for("dashboards.show", slug=slug) + "#widgets")


@bp.post("/<slug>/dashboard/widgets/<int:widget_id>/delete")
@require(Role.MEMBER)
def remove_widget(slug: str, widget_id: int) -> ResponseReturnValue:
    """Remove a widget (its history stays in the audit log)."""
    if not editing.remove_widget(_team(slug), widget_id):
        abort(404)
    flash("Widget removed.", "success")
    return redirect(url_for("dashboards.show", slug=slug) + "#widgets")


@bp.post("/<slug>/dashboard/widgets/<int:widget_id>/move")
@require(Role.MEMBER)
def move_widget(slug: str, widget_id: int) -> ResponseReturnValue:
    """Move a widget one place up or down."""
    step = -1 if request.form.get("direction") == "up" else 1
    if not editing.move_widget(_team(slug), widget_id, step):
        abort(404)
    return redirect(url_for("dashboards.show", slug=slug) + "#widgets")
