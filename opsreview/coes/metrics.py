"""The metrics section: a frozen copy of the team's dashboard for the event's window.

The dashboards feature owns the numbers; this is the one place that asks it for them
(``opsreview.dashboards.services.snapshot``). The copy is
stored with the COE, so it outlives CloudWatch's retention.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from opsreview.audit.log import record
from opsreview.charts import metrics_snapshot
from opsreview.clock import aware, now_utc
from opsreview.coes.models import Coe
from opsreview.dashboards import services as dashboards
from opsreview.extensions import db

MARGIN = timedelta(hours=1)  # some normal traffic either side, so the event stands out


class NoSnapshot(Exception):
    """The dashboard cannot be copied for this COE now; the message says why (an earlier copy is kept)."""


def _window(coe: Coe) -> tuple[datetime, datetime]:
    """From the event start to its resolution (or mitigation, or now), refused when they are out of order."""
    if coe.team is None or coe.event_start_at is None:
        raise NoSnapshot("Set the team and the event start first.")
    start = aware(coe.event_start_at)
    if coe.resolved_at:
        end, until = aware(coe.resolved_at), "the resolution time"
    elif coe.mitigated_at:
        end, until = aware(coe.mitigated_at), "the mitigation time"
    else:
        end, until = now_utc(), "now (the event is not resolved yet)"
    if end <= start:
        raise NoSnapshot(f"The event start must be before {until}: fix the times, then copy the dashboard.")
    return start, end


def dashboard_snapshot(coe: Coe) -> dict[str, Any]:
    """The team's dashboard numbers from an hour before the event to an hour after it ends."""
    start, end = _window(coe)
    if not dashboards.has_dashboard(coe.team):
        raise NoSnapshot(f"{coe.team.name} has no dashboard to copy; attach a graph as an image.")
    try:
        taken = dashboards.snapshot(coe.team, start - MARGIN, end + MARGIN)
    except OverflowError as refused:  # a year such as 0001 or 9999: the window (or the week before) runs off the calendar
        raise NoSnapshot("The dashboard could not be copied: the event's times are outside the years a dashboard "
                         "can show. Check the event start and resolution times.") from refused
    except ValueError as refused:  # a window the dashboard cannot show, or a source that failed
        raise NoSnapshot(f"The dashboard could not be copied: {refused}") from refused
    failed = (taken.get("problems") or {}).get("metrics")
    if failed:
        raise NoSnapshot(f"The dashboard could not be copied: {failed}")
    return taken


def freeze(coe: Coe) -> None:
    """Store the snapshot with the COE; a failed one leaves the earlier copy in place."""
    taken = dashboard_snapshot(coe)
    before = {"metrics": _span(coe.metrics)}
    coe.metrics = taken
    record("update", "coe", coe.id, summary=f"metrics snapshot for {coe.title}",
           before=before, after={"metrics": _span(coe.metrics)})
    db.session.commit()


def _span(snapshot: dict[str, Any] | None) -> str | None:
    return f"{snapshot.get('start')} to {snapshot.get('end')}" if snapshot else None


def has_points(snapshot: dict[str, Any] | None) -> bool:
    """A snapshot counts as metrics only when at least one of its series has points."""
    return any(series.get("points") for series in (snapshot or {}).get("series") or [])


def figure(coe: Coe) -> str | None:
    """The snapshot's series as a chart, when there are any."""
    series = (coe.metrics or {}).get("series")
    return metrics_snapshot(series) if series else None
