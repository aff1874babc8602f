"""Where the room goes when the wheel picks a team: the one place that talks to the dashboards feature."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for

from opsreview.clock import today
from opsreview.dashboards.services import has_dashboard, highlights, iso_week
from opsreview.teams.models import Team


def presentation(team: Team) -> dict[str, Any]:
    """The team's dashboard page when it has one set up, and its links either way."""
    links = [{"label": link.label, "url": link.url} for link in team.links]
    dashboard = url_for("dashboards.show", slug=team.slug) if has_dashboard(team) else None
    return {"dashboard_url": dashboard, "links": links}


def dashboard_highlights(team: Team, held_on: date) -> list[str]:
    """Headline numbers that got worse in the meeting's week (this week, for a meeting closed ahead of its date)."""
    return highlights(team, iso_week(min(held_on, today())))
