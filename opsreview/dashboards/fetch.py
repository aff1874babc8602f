"""One fetch for a whole dashboard: instances, every widget's numbers, alarms; problems per part."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from opsreview import cloudwatch
from opsreview import clock
from opsreview.clock import iso
from opsreview.cloudwatch import CloudWatchProblem, MetricData, Target
from opsreview.dashboards import assemble, sample
from opsreview.dashboards.models import Dashboard, Source, WidgetKind
from opsreview.dashboards.plan import MathQuery, MetricQuery, Plan, build
from opsreview.dashboards.weeks import Window


@dataclass
class Fetched:
    payload: dict[str, Any]
    series: dict[str, list[list[Any]]]
    calls: int = 0
    queries_sent: int = 0
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Nothing usable came back: keep showing the last good numbers instead."""
        return "metrics" in self.problems


def fetch(dashboard: Dashboard, slug: str, window: Window) -> Fetched:
    """Ask the dashboard's source for everything the page and the API show."""
    problems: dict[str, str] = {}
    target = _target(dashboard)
    instances = _attempt(problems, "instances", lambda: _instances(dashboard, slug, target), [])
    plan = build(dashboard, window, instances, clock.now_utc())
    data = _attempt(problems, "metrics", lambda: _metric_data(dashboard, slug, plan, target), MetricData())
    _query_problems(problems, data)
    alarms = _attempt(problems, "alarms", lambda: _alarms(dashboard, slug, target), [])
    summary, previous = assemble.summaries(plan, data)
    rows = assemble.instances(plan, data)
    top, top_source = assemble.top_errors(plan, data, rows)
    comparisons = assemble.comparisons(summary, previous, dashboard.worse_threshold)
    payload = {
        "team": slug,
        "week": window.week,
        "window": {"start": iso(window.start), "split": iso(window.split), "end": iso(window.end), "rolling": window.rolling},
        "period": plan.period,
        "source": dashboard.source.value,
        "summary": summary,
        "previous_week": previous,
        "comparisons": comparisons,
        "instances": rows,
        "top_errors": top,
        "top_errors_from": top_source,
        "alarms": alarms,
        "widgets": _widgets(dashboard, data, window),
        "problems": problems,
        "fetched_at": iso(clock.now_utc()),
    }
    return Fetched(payload, _series(plan, data), data.calls, data.queries_sent, problems)


def _attempt(problems: dict[str, str], part: str, call: Any, fallback: Any) -> Any:
    try:
        return call()
    except CloudWatchProblem as problem:
        problems[part] = problem.message
        return fallback


def _query_problems(problems: dict[str, str], data: MetricData) -> None:
    """Queries CloudWatch answered with Forbidden or InternalError: a problem for their part, not a 0.

    A widget's own problem is shown with the widget (see ``_widgets``).
    """
    for query_id, message in sorted(data.problems.items()):
        if query_id.startswith(("s_wd", "w_wd")):
            continue
        part = "top_errors" if query_id == "top" else "instances" if query_id.startswith("w_i") else "summary"
        problems.setdefault(part, message)


def _target(dashboard: Dashboard) -> Target:
    config = current_app.config
    return Target(
        region=dashboard.region or config["AWS_REGION"],
        role_arn=dashboard.role_arn,
        endpoint_url=config["CLOUDWATCH_ENDPOINT_URL"],
        sts_endpoint_url=config["STS_ENDPOINT_URL"],
        max_attempts=config["CLOUDWATCH_MAX_ATTEMPTS"],
        timeout=config["CLOUDWATCH_TIMEOUT"],
    )


def _instances(dashboard: Dashboard, slug: str, target: Target) -> list[str]:
    if dashboard.source == Source.SAMPLE:
        return sample.instances(slug, dashboard.period)
    match = {dashboard.service_dimension: dashboard.service_name}
    return cloudwatch.list_dimension_values(
        target, dashboard.namespace, dashboard.requests_metric, match, dashboard.instance_dimension
    )


def _metric_data(dashboard: Dashboard, slug: str, plan: Plan, target: Target) -> MetricData:
    if dashboard.source == Source.SAMPLE:
        return sample.metric_data(plan, slug)
    return cloudwatch.get_metric_data(target, [_request(q) for q in plan.queries], plan.window.start, plan.window.end)


def _alarms(dashboard: Dashboard, slug: str, target: Target) -> list[dict[str, Any]]:
    if dashboard.source == Source.SAMPLE:
        return sample.alarms(slug)
    return cloudwatch.describe_alarms(target, dashboard.alarm_prefix)


def _request(query: MetricQuery | MathQuery) -> dict[str, Any]:
    """One MetricDataQuery, as GetMetricData takes it."""
    if isinstance(query, MathQuery):
        return {"Id": query.id, "Expression": query.expression, "Label": query.label, "ReturnData": True}
    metric = {
        "Namespace": query.namespace,
        "MetricName": query.metric,
        "Dimensions": [{"Name": name, "Value": value} for name, value in query.dimensions],
    }
    return {"Id": query.id, "MetricStat": {"Metric": metric, "Period": query.period, "Stat": query.stat}, "ReturnData": True}


def _widgets(dashboard: Dashboard, data: MetricData, window: Window) -> list[dict[str, Any]]:
    """Notes, links and business metrics in the order the team put them."""
    shown = []
    for widget in dashboard.widgets:
        entry: dict[str, Any] = {"id": widget.id, "kind": widget.kind.value, "title": widget.title}
        if widget.kind == WidgetKind.METRIC:
            this, previous = assemble.weekly(data, f"w_wd{widget.id}", window.split)
            row = assemble.metric_row(widget, this, previous, dashboard.worse_threshold)
            entry.update(row)
            problem = data.problems.get(f"w_wd{widget.id}") or data.problems.get(f"s_wd{widget.id}")
            if problem:
                entry["problem"] = problem
        elif widget.kind == WidgetKind.NOTE:
            entry["text"] = widget.text
        else:
            entry["url"] = widget.url
        shown.append(entry)
    return shown


def _series(plan: Plan, data: MetricData) -> dict[str, list[list[Any]]]:
    """The per-period series for the charts: id -> [[epoch seconds, value], ...]."""
    return {
        query_id: [[moment.timestamp(), value] for moment, value in found[0].points]
        for query_id, found in data.series.items()
        if query_id.startswith("s_") and found
    }
