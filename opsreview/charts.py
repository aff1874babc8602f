"""Plain data in, plotly figures (as JSON for the page's script) out. Sized for a projector."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

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


# -- team dashboards: plain figure dicts (built without plotly's validation, which is slow) ---------

THIS_WEEK = "#1f5fa8"
LAST_WEEK = "#8a8a8a"
PERCENTILE_COLOURS = {"p50": "#1d7a35", "p90": "#9a6100", "p99": "#b3261e"}


def dashboard(payload: dict[str, Any], series: dict[str, list[list[float]]]) -> str:
    """Every chart of a dashboard as one JSON list of {"title", "figure"}."""
    grid = _Grid(payload)
    charts: list[tuple[str, dict[str, Any]]] = []
    for index, api in enumerate(payload["summary"]["latency"]):
        traces = [grid.line(series.get(f"s_lat{index}_{stat}"), stat, PERCENTILE_COLOURS[stat]) for stat in ("p50", "p90", "p99")]
        traces.append(grid.line(series.get(f"s_lat{index}_p99"), "p99 last week", LAST_WEEK, previous=True))
        charts.append((f"Latency of {api} (ms)", _figure(traces)))
    charts.append(("Requests per period", _figure([
        grid.line(series.get("s_req"), "this week", THIS_WEEK), grid.line(series.get("s_req"), "last week", LAST_WEEK, previous=True)])))
    charts.append(("Errors and faults per period", _figure([
        grid.line(series.get("s_err"), "errors", "#9a6100"), grid.line(series.get("s_flt"), "faults", "#b3261e"),
        grid.line(series.get("s_flt"), "faults last week", LAST_WEEK, previous=True)])))
    availability = _availability(series.get("s_req"), series.get("s_flt"))
    charts.append(("Availability (%)", _figure([
        grid.line(availability, "this week", THIS_WEEK), grid.line(availability, "last week", LAST_WEEK, previous=True)])))
    worst = payload["instances"][:25]
    charts.append(("Availability by instance, worst first (%)", _figure([{
        "type": "bar", "x": [r["instance"] for r in worst], "marker": {"color": "#b3261e"},
        "y": [round(100 * r["availability"], 3) if r["availability"] is not None else None for r in worst]}], category=True)))
    top = payload["top_errors"]
    charts.append((f"Top {len(top)} instances by errors", _figure([{
        "type": "bar", "x": [r["instance"] for r in top], "y": [r["errors"] for r in top], "marker": {"color": "#9a6100"}}],
        category=True)))
    for widget in payload["widgets"]:
        if widget["kind"] == "metric":
            found = series.get(f"s_wd{widget['id']}")
            charts.append((widget["title"], _figure([grid.line(found, "this week", THIS_WEEK), grid.line(found, "last week", LAST_WEEK, previous=True)])))
    text = json.dumps([{"title": title, "figure": figure} for title, figure in charts], separators=(",", ":"))
    # Made safe once, here, to sit inside the page's <script type="application/json"> element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Grid:
    """Evenly spaced points on the week shown, so a trace needs only its values (x0 and dx)."""

    def __init__(self, payload: dict[str, Any]) -> None:
        window = payload["window"]
        self.start = datetime.fromisoformat(window["start"]).timestamp()
        self.split = datetime.fromisoformat(window["split"]).timestamp()
        self.end = datetime.fromisoformat(window["end"]).timestamp()
        self.period = payload["period"]
        self.x0 = window["split"]

    def line(self, points: list[list[float]] | None, name: str, colour: str, previous: bool = False) -> dict[str, Any]:
        first = self.start if previous else self.split
        count = int((self.split - self.start) // self.period)
        values: list[float | None] = [None] * count
        for moment, value in points or []:
            slot = int((moment - first) // self.period)
            if 0 <= slot < count:
                values[slot] = _compact(value)
        dash = "dot" if previous else "solid"
        return {"type": "scatter", "mode": "lines", "name": name, "x0": self.x0, "dx": self.period * 1000, "y": values,
                "line": {"color": colour, "width": 2, "dash": dash}, "connectgaps": False}


def _compact(value: float) -> float | int:
    """Three decimals below 1000, none above, and whole numbers without ".0": a week of 5-minute
    points is 2016 per line, and every character of them is in the page."""
    if abs(value) >= 1000:
        return round(value)
    rounded = round(value, 3)
    return int(rounded) if float(rounded).is_integer() else rounded


def _availability(requests: list[list[float]] | None, faults: list[list[float]] | None) -> list[list[float]]:
    faulted = {moment: value for moment, value in faults or []}
    return [[moment, 100 * (1 - faulted.get(moment, 0) / value)] for moment, value in requests or [] if value]


def _figure(traces: list[dict[str, Any]], category: bool = False) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": FONT, "height": 360, "margin": {"t": 20, "b": 60, "l": 70, "r": 20}, "legend": {"orientation": "h"},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "yaxis": {"gridcolor": "#e3e3e3"},
        "xaxis": {"type": "category" if category else "date", "gridcolor": "#e3e3e3"},
    }
    return {"data": traces, "layout": layout}


SERIES_NAMES = {"s_req": "requests", "s_err": "errors", "s_flt": "faults"}


def series_names(payload: dict[str, Any]) -> dict[str, str]:
    """Readable names of a dashboard's per-period series (for a COE's frozen snapshot)."""
    names = dict(SERIES_NAMES)
    for index, api in enumerate(payload["summary"]["latency"]):
        for stat in ("p50", "p90", "p99"):
            names[f"s_lat{index}_{stat}"] = f"{stat} latency of {api}"
    for widget in payload["widgets"]:
        if widget["kind"] == "metric":
            names[f"s_wd{widget['id']}"] = widget["title"]
    return names


def unit_of(key: str) -> str:
    return "ms" if key.startswith("s_lat") else "count"


def metrics_snapshot(series: list[dict]) -> str:  # type: ignore[type-arg]
    """A COE's frozen dashboard series: one panel per unit, so milliseconds and counts never share an axis."""
    units = sorted({s.get("unit", "") for s in series})
    figure = make_subplots(rows=max(1, len(units)), cols=1, shared_xaxes=True, vertical_spacing=0.08,
                           subplot_titles=units or None)
    for s in series:
        points = s.get("points") or []
        figure.add_scatter(x=[p[0] for p in points], y=[p[1] for p in points], name=s.get("name", ""), mode="lines",
                           row=units.index(s.get("unit", "")) + 1, col=1)
    figure.update_layout(template="plotly_white", font=FONT, height=260 * max(1, len(units)) + 80,
                         margin={"t": 40, "b": 40})
    return figure.to_json()
