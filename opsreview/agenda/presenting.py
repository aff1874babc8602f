"""What the room opens for an item: the picked team's dashboard, the COE, the item's own link."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for

from opsreview.agenda.models import AgendaItem
from opsreview.clock import today
from opsreview.dashboards.services import has_dashboard, highlights, iso_week
from opsreview.teams.models import Team


def presentation(team: Team) -> dict[str, Any]:
    """The team's dashboard page when it has one set up, and its links either way."""
    links = [{"label": link.label, "url": link.url} for link in team.links]
    dashboard = url_for("dashboards.show", slug=team.slug) if has_dashboard(team) else None
    return {"dashboard_url": dashboard, "links": links}


def dashboard_highlights(team: Team, held_on: date) -> list[str]:
    """Headline numbers that got worse, as the room saw them.

    Closed within a day of the meeting: the last seven days, the window the room looked at (in
    the shared cache since the pick, so closing does not wait for CloudWatch). Later: the
    meeting's ISO week.
    """
    if abs((today() - held_on).days) <= 1:
        return highlights(team, None)
    return highlights(team, iso_week(min(held_on, today())))


def coe_link(coe_id: int, external: bool = False) -> str:
    return url_for("coe_export.present", coe_id=coe_id, _external=external)


def link_of(item: AgendaItem, external: bool = False) -> str:
    """The item's own link; for a COE on the agenda without one, the COE in projector mode."""
    return item.link or (coe_link(item.coe_id, external) if item.coe_id else "")
