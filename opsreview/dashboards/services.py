"""Dashboards: what a team shows, where it comes from, and who changed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from opsreview import charts
from opsreview import clock
from opsreview.dashboards import assemble, cache
from opsreview.dashboards.fetch import Fetched, fetch
from opsreview.dashboards.models import Dashboard
from opsreview.dashboards.weeks import Window, event_window, iso_week, window_for
from opsreview.extensions import db
from opsreview.teams.models import Team

__all__ = ["DashboardView", "has_dashboard", "highlights", "iso_week", "settings", "show", "snapshot"]


@dataclass
class DashboardView:
    team: Team
    dashboard: Dashboard
    window: Window
    payload: dict[str, Any]
    figures: str
    stale_since: datetime | None
    problem: str

    @property
    def worse(self) -> list[dict[str, Any]]:
        return [row for row in self.payload["comparisons"] if row["worse"]]


def settings(team: Team) -> Dashboard:
    """The team's dashboard; until someone edits it, the embedded sample with three APIs."""
    found = db.session.scalars(db.select(Dashboard).where(Dashboard.team_id == team.id)).first()
    if found is not None:
        return found
    return Dashboard(
        team_id=team.id, revision=0, namespace=f"Sample/{team.slug}", service_name=team.slug,
        apis="GetOrder\nPutOrder\nListOrders", widgets=[], **_column_defaults(),
    )


def _column_defaults() -> dict[str, Any]:
    """Python-side defaults of a Dashboard that is not (yet) in the database."""
    columns = Dashboard.__table__.columns
    names = ("source", "region", "role_arn", "service_dimension", "api_dimension", "instance_dimension",
             "latency_metric", "requests_metric", "errors_metric", "faults_metric", "alarm_prefix",
             "period", "top_n", "worse_threshold")
    return {name: columns[name].default.arg for name in names}


def has_dashboard(team: Team) -> bool:
    """Every team has one: the sample until the team points it at CloudWatch."""
    return team is not None


def show(team: Team, week: str | None = None) -> DashboardView:
    """The numbers for ``week`` (ISO ``YYYY-Www``; None for the last seven days), shared by all viewers.

    Raises ValueError for a week that is not well formed or has not started, and
    cache.StillFetching while someone else's first fetch of these numbers is still under way.
    """
    dashboard = settings(team)
    window = window_for(week, clock.now_utc())
    config = current_app.config
    seconds = config["DASHBOARD_CACHE_SECONDS"] if window.rolling else config["DASHBOARD_PAST_WEEK_CACHE_SECONDS"]
    view = "last7" if window.rolling else window.week
    key = cache.key(team.id, dashboard.revision, dashboard.period, view, window.key())
    slug = team.slug
    cached = cache.shared(key, team.id, timedelta(seconds=seconds), lambda: fetch(dashboard, slug, window), _draw)
    if cached is None:
        raise cache.StillFetching()
    return DashboardView(team, dashboard, window, cached.payload, cached.figures, cached.stale_since, cached.problem)


def _draw(fetched: Fetched) -> str:
    return charts.dashboard(fetched.payload, fetched.series)


def highlights(team: Team, week: str) -> list[str]:
    """Sentences for the headline numbers that got worse beyond the threshold, for the minutes."""
    try:
        rows = show(team, week).worse
    except cache.StillFetching:  # the minutes cannot wait for the room's fetch: ask once more
        fetched = fetch(settings(team), team.slug, window_for(week, clock.now_utc()))
        rows = [row for row in fetched.payload["comparisons"] if row["worse"]]
    return [assemble.sentence(row) for row in rows]


def snapshot(team: Team, start: datetime, end: datetime) -> dict[str, Any]:
    """The dashboard's numbers over an event, frozen: kept with a COE after CloudWatch forgets them.

    Raises ValueError, with a sentence for the person asking, for a window that cannot be shown
    (reversed, over 14 days, out of range) or when the source gave no numbers.
    """
    dashboard = settings(team)
    window = event_window(start, end)
    fetched = fetch(dashboard, team.slug, window)
    if fetched.failed:
        raise ValueError(fetched.problems["metrics"])
    names = charts.series_names(fetched.payload)
    return {
        "team": team.slug,
        "start": fetched.payload["window"]["split"],
        "end": fetched.payload["window"]["end"],
        "source": dashboard.source.value,
        "summary": fetched.payload["summary"],
        "before": fetched.payload["previous_week"],
        "problems": fetched.problems,
        "series": [
            {"name": names.get(key, key), "unit": unit, "points": [[_iso(t), v] for t, v in points if t >= window.split.timestamp()]}
            for key, points in fetched.series.items()
            for unit in [charts.unit_of(key)]
        ],
    }


def _iso(epoch: float) -> str:
    from datetime import UTC

    return datetime.fromtimestamp(epoch, UTC).isoformat()
