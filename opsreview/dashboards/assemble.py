"""From raw query results to the numbers the room reads: this week, last week, and what moved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opsreview.cloudwatch import MetricData, Series
from opsreview.dashboards.display import shown
from opsreview.dashboards.models import Better
from opsreview.dashboards.plan import PERCENTILES, TOTALS, Plan


def weekly(data: MetricData, query_id: str, split: datetime) -> tuple[float | None, float | None]:
    """(this week, previous week) of a week-long-period query."""
    this = previous = None
    for series in data.series.get(query_id, [])[:1]:
        for moment, value in series.points:
            if moment >= split:
                this = value
            else:
                previous = value
    return this, previous


def summaries(plan: Plan, data: MetricData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The headline numbers of this week and of the previous week, as the API returns them."""
    split = plan.window.split
    weeks: list[dict[str, Any]] = [{}, {}]
    for key, name in zip(TOTALS, ("requests", "errors", "faults"), strict=True):
        this, previous = weekly(data, f"w_{key}", split)
        weeks[0][name], weeks[1][name] = _count(this), _count(previous)
    for week in weeks:
        requests = week["requests"]
        week["error_rate"] = week["errors"] / requests if requests else None
        week["availability"] = 1 - week["faults"] / requests if requests else None
        week["latency"] = {}
    for index, api in enumerate(plan.apis):
        for week in weeks:
            week["latency"][api] = {}
        for stat in PERCENTILES:
            this, previous = weekly(data, f"w_lat{index}_{stat}", split)
            weeks[0]["latency"][api][stat], weeks[1]["latency"][api][stat] = this, previous
    return weeks[0], weeks[1]


def _count(value: float | None) -> int:
    return int(round(value)) if value is not None else 0


def instances(plan: Plan, data: MetricData) -> list[dict[str, Any]]:
    """Each instance's week, worst availability first (instances with no requests last)."""
    rows = []
    for index, name in enumerate(plan.instances):
        requests, errors, faults = (_count(weekly(data, f"w_i{key}{index}", plan.window.split)[0]) for key in TOTALS)
        availability = 1 - faults / requests if requests else None
        rows.append({"instance": name, "requests": requests, "errors": errors, "faults": faults, "availability": availability})
    return sorted(rows, key=lambda r: (r["availability"] is None, r["availability"] or 0, r["instance"]))


def top_errors(plan: Plan, data: MetricData, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """Top-N by this week's errors, from the per-instance sums; "cloudwatch" when its SORT agrees.

    SORT(SEARCH(...), SUM, ...) runs over the whole 14-day window, so it ranks by two weeks of
    errors: last week's worst instance could push out this week's. Its order is kept only where it
    names the same instances, in the same order, with the same counts as this week's sums.
    """
    by_errors = sorted((r for r in rows if r["errors"] > 0), key=lambda r: (-r["errors"], r["instance"]))
    mine = [{"instance": r["instance"], "errors": r["errors"]} for r in by_errors[: plan.top_n]]
    ranked = [_this_week(series, plan.window.split) for series in data.series.get("top", [])]
    sorted_by_cloudwatch = [{"instance": name, "errors": errors} for name, errors in ranked if errors > 0]
    if ranked and sorted_by_cloudwatch == mine:
        return sorted_by_cloudwatch, "cloudwatch"
    return mine, "per-instance sums"


def _this_week(series: Series, split: datetime) -> tuple[str, int]:
    values = [value for moment, value in series.points if moment >= split]
    return series.label, _count(values[-1] if values else 0)


# -- week over week --------------------------------------------------------------------------------

def change(this: float | None, previous: float | None) -> float | None:
    if this is None or previous is None or previous == 0:
        return None
    return (this - previous) / abs(previous)


def comparisons(summary: dict[str, Any], previous: dict[str, Any], threshold: float) -> list[dict[str, Any]]:
    """Every headline number beside last week's; ``worse`` when it moved the bad way beyond ``threshold``."""
    rows = [
        _row("requests", "Requests", summary["requests"], previous["requests"], "count", Better.EITHER, threshold),
        _row("errors", "Errors", summary["errors"], previous["errors"], "count", Better.LOWER, threshold),
        _row("faults", "Faults", summary["faults"], previous["faults"], "count", Better.LOWER, threshold),
        _row("error_rate", "Error rate", summary["error_rate"], previous["error_rate"], "fraction", Better.LOWER, threshold),
        _availability(summary["availability"], previous["availability"], threshold),
    ]
    for api, stats in summary["latency"].items():
        for stat, value in stats.items():
            before = previous["latency"].get(api, {}).get(stat)
            rows.append(_row(f"latency.{api}.{stat}", f"{stat} latency of {api}", value, before, "ms", Better.LOWER, threshold))
    return rows


def _row(key: str, name: str, this: float | None, previous: float | None, unit: str, better: Better, threshold: float) -> dict[str, Any]:
    moved = change(this, previous)
    bad_way = {Better.LOWER: moved, Better.HIGHER: -moved if moved is not None else None}.get(better)
    # From nothing to something has no percentage, but more errors than none is worse all the same.
    from_zero = previous == 0 and this is not None and this > 0
    return {
        "key": key, "name": name, "unit": unit, "value": this, "previous": previous, "change": moved,
        "worse": (bad_way is not None and bad_way > threshold) or (from_zero and better == Better.LOWER),
    }


def _availability(this: float | None, previous: float | None, threshold: float) -> dict[str, Any]:
    """Availability moves in hundredths of a percent, so judge the change in unavailability."""
    row = _row("availability", "Availability", this, previous, "fraction", Better.HIGHER, threshold)
    if this is not None and previous is not None:
        moved = change(1 - this, 1 - previous)
        row["change"] = moved
        row["worse"] = (moved is not None and moved > threshold) or (previous == 1 and this < 1)
        row["change_of"] = "unavailability"
    return row


def sentence(row: dict[str, Any]) -> str:
    """'p99 latency of GetOrder up 23% (412 ms, was 335 ms)'."""
    direction = "up" if (row["change"] or 0) > 0 else "down"
    now, was = shown(row["value"], row["unit"]), shown(row["previous"], row["unit"])
    if row["change"] is None:
        return f"{row['name']} {now}, was {was}"
    if row.get("change_of"):
        return f"Availability {now}, was {was}: unavailability {direction} {abs(row['change']):.0%}"
    return f"{row['name']} {direction} {abs(row['change']):.0%} ({now}, was {was})"


def metric_row(widget: Any, this: float | None, previous: float | None, threshold: float) -> dict[str, Any]:
    """A business metric beside last week's, judged the way its widget says is better."""
    unit = widget.statistic
    return _row(f"widget.{widget.id}", widget.title, this, previous, unit, widget.better, threshold)
