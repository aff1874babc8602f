"""Plain data in, plotly figures (as JSON for the page's script) out. Sized for a projector."""

from __future__ import annotations

import plotly.graph_objects as go

from opsreview.actions.stats import TeamRecord

FONT = {"size": 18}


def follow_through(records: list[TeamRecord]) -> str:
    """On-time completion, median age of open items and slips, per team."""
    teams = [r.team for r in records]
    figure = go.Figure()
    figure.add_bar(
        name="On time (%)", x=teams, y=[round(100 * r.on_time_rate, 1) if r.on_time_rate is not None else None for r in records]
    )
    figure.add_bar(name="Median age of open items (days)", x=teams, y=[r.median_open_age_days for r in records])
    figure.add_bar(name="Slips", x=teams, y=[r.slips for r in records])
    figure.update_layout(
        template="plotly_white", barmode="group", font=FONT, height=480, margin={"t": 30, "b": 120},
        legend={"orientation": "h", "y": 1.12},
    )
    return figure.to_json()
