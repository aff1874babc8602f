"""Every number a dashboard needs, as one list of CloudWatch queries for one 14-day window.

Each standard number is asked twice: at the dashboard's period (5 or 1 minutes) for the charts,
and with a week-long period for the headline, so a weekly p99 is CloudWatch's own p99 of the week,
never an average of hourly percentiles. Query ids say what each result is for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from opsreview.dashboards.models import Dashboard, Widget, WidgetKind
from opsreview.dashboards.weeks import Window

PERCENTILES = ("p50", "p90", "p99")
TOTALS = {"req": "requests_metric", "err": "errors_metric", "flt": "faults_metric"}
# How long CloudWatch keeps each resolution: 1-minute data 15 days, 5-minute data 63 days, then hourly.
# Asking for a finer period than it still keeps returns no data points at all.
RETENTION = ((timedelta(days=15), 60), (timedelta(days=63), 300))
HOURLY = 3600


@dataclass(frozen=True)
class MetricQuery:
    id: str
    namespace: str
    metric: str
    dimensions: tuple[tuple[str, str], ...]
    stat: str
    period: int


@dataclass(frozen=True)
class MathQuery:
    id: str
    expression: str
    period: int
    label: str


Query = MetricQuery | MathQuery


@dataclass
class Plan:
    window: Window
    period: int
    apis: list[str]
    instances: list[str]
    queries: list[Query] = field(default_factory=list)
    metric_widgets: list[int] = field(default_factory=list)
    top_n: int = 10

    def add(self, query: Query) -> None:
        self.queries.append(query)


def chart_period(period: int, start: datetime, now: datetime) -> int:
    """The dashboard's period, or the finest one CloudWatch still keeps for data from ``start`` on."""
    age = now - start
    kept = next((finest for within, finest in RETENTION if age <= within), HOURLY)
    return max(period, kept)


def build(dashboard: Dashboard, window: Window, instances: list[str], now: datetime) -> Plan:
    """The queries for ``dashboard`` over ``window`` as of ``now``; ``instances`` come from ListMetrics."""
    period = chart_period(dashboard.period, window.start, now)
    plan = Plan(window, period, dashboard.api_names, instances, top_n=dashboard.top_n)
    service = ((dashboard.service_dimension, dashboard.service_name),)
    for index, api in enumerate(plan.apis):
        dims = (*service, (dashboard.api_dimension, api))
        for stat in PERCENTILES:
            _twice(plan, f"lat{index}_{stat}", dashboard.namespace, dashboard.latency_metric, dims, stat)
    for key, attribute in TOTALS.items():
        _twice(plan, key, dashboard.namespace, getattr(dashboard, attribute), service, "Sum")
    for index, instance in enumerate(instances):
        dims = (*service, (dashboard.instance_dimension, instance))
        for key, attribute in TOTALS.items():
            metric = getattr(dashboard, attribute)
            plan.add(MetricQuery(f"w_i{key}{index}", dashboard.namespace, metric, dims, "Sum", window.seconds))
    if instances:
        label = "${PROP('Dim.%s')}" % dashboard.instance_dimension
        plan.add(MathQuery("top", _top_errors(dashboard, window.seconds), window.seconds, label))
    for widget in dashboard.widgets:
        if widget.kind == WidgetKind.METRIC:
            plan.metric_widgets.append(widget.id)
            _twice(plan, f"wd{widget.id}", widget.namespace, widget.metric_name, _dimensions(widget), widget.statistic)
    return plan


def _twice(plan: Plan, key: str, namespace: str, metric: str, dims: tuple[tuple[str, str], ...], stat: str) -> None:
    plan.add(MetricQuery(f"s_{key}", namespace, metric, dims, stat, plan.period))
    plan.add(MetricQuery(f"w_{key}", namespace, metric, dims, stat, plan.window.seconds))


def _dimensions(widget: Widget) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in widget.dimensions)


def _top_errors(dashboard: Dashboard, period: int) -> str:
    """Top-N instances by errors, sorted by CloudWatch: SORT over a SEARCH of every instance."""
    schema = ",".join(_quoted(d) for d in (dashboard.namespace, dashboard.service_dimension, dashboard.instance_dimension))
    search = (
        f"SEARCH('{{{schema}}} MetricName={_quoted(dashboard.errors_metric)} "
        f"{_quoted(dashboard.service_dimension)}={_quoted(dashboard.service_name)}', 'Sum', {period})"
    )
    return f"SORT({search}, SUM, DESC, {dashboard.top_n})"


def _quoted(term: str) -> str:
    """A SEARCH term in double quotes, so names with spaces or dots match exactly."""
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'
