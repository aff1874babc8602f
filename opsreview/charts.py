"""Plain data in, plotly figures (as JSON for the page's script) out. Sized for a projector."""

from __future__ import annotations

from plotly.subplots import make_subplots

from opsreview.actions.stats import TeamRecord

FONT = {"size": 16}


def follow_through(records: list[TeamRecord]) -> str:
    """On-time completion, median age of open items and slips per team: three panels, one axis each."""
    teams = [r.team for r in records]
    figure = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.08,
        subplot_titles=("Done on time (%)", "Median age of open items (days)", "Due dates moved later"),
    )
    on_time = [round(100 * r.on_time_rate, 1) if r.on_time_rate is not None else None for r in records]
    figure.add_bar(x=teams, y=on_time, name="On time", marker_color="#1d7a35", row=1, col=1)
    figure.add_bar(x=teams, y=[r.median_open_age_days for r in records], name="Age", marker_color="#9a6100", row=2, col=1)
    figure.add_bar(x=teams, y=[r.slips for r in records], name="Slips", marker_color="#b3261e", row=3, col=1)
    figure.update_yaxes(range=[0, 100], row=1, col=1)
    figure.update_layout(template="plotly_white", font=FONT, height=720, showlegend=False, margin={"t": 40, "b": 140})
    return figure.to_json()
