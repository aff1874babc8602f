"""Changing a dashboard, wiki style: anybody adds, removes and reorders; every change is kept."""

from __future__ import annotations

from decimal import Decimal

from opsreview.audit.log import record as audit
from opsreview.audit.log import snapshot
from opsreview.clock import now_utc
from opsreview.dashboards import cache
from opsreview.dashboards.forms import SettingsForm, WidgetForm
from opsreview.dashboards.models import Better, Dashboard, Source, Widget, WidgetKind
from opsreview.dashboards.services import settings
from opsreview.extensions import db
from opsreview.teams.models import Team

SETTINGS = ("source", "region", "role_arn", "namespace", "service_dimension", "service_name", "api_dimension",
            "apis", "instance_dimension", "latency_metric", "requests_metric", "errors_metric", "faults_metric",
            "alarm_prefix", "period", "top_n", "worse_threshold")
WIDGET = ("kind", "title", "namespace", "metric_name", "dimensions", "statistic", "better", "text", "url", "position")


def _stored(team: Team) -> Dashboard:
    dashboard = settings(team)
    if dashboard.id is None:
        dashboard.revision = 1
        db.session.add(dashboard)
        db.session.flush()
    return dashboard


def _changed(team: Team, dashboard: Dashboard) -> None:
    """A new revision: the cache key changes, so every viewer sees the edit at once."""
    dashboard.revision += 1
    dashboard.updated_at = now_utc()
    cache.forget(team.id)
    db.session.commit()


def save_settings(team: Team, form: SettingsForm) -> Dashboard:
    dashboard = _stored(team)
    before = snapshot(dashboard, SETTINGS)
    for name in SETTINGS:
        value = getattr(form, name).data
        if name == "source":
            value = Source(value)
        elif name == "period":
            value = int(value)
        elif name == "worse_threshold":
            value = float(Decimal(value) / 100)
        elif isinstance(value, str):
            value = value.strip()
        setattr(dashboard, name, value)
    audit("update", "dashboard", team.id, before, snapshot(dashboard, SETTINGS), summary=f"{team.name}: settings")
    _changed(team, dashboard)
    return dashboard


def add_widget(team: Team, form: WidgetForm) -> Widget:
    dashboard = _stored(team)
    kind = WidgetKind(form.kind.data)
    widget = Widget(
        kind=kind, title=form.title.data.strip(), position=len(dashboard.widgets),
        namespace=(form.namespace.data or "").strip() if kind == WidgetKind.METRIC else "",
        metric_name=(form.metric_name.data or "").strip() if kind == WidgetKind.METRIC else "",
        dimensions=form.dimension_pairs() if kind == WidgetKind.METRIC else [],
        statistic=form.statistic.data, better=Better(form.better.data),
        text=(form.text.data or "").strip() if kind == WidgetKind.NOTE else "",
        url=(form.url.data or "").strip() if kind == WidgetKind.LINK else "",
    )
    dashboard.widgets.append(widget)
    db.session.flush()
    audit("create", "dashboard", team.id, after=snapshot(widget, WIDGET), summary=f"{team.name}: added {kind.value} “{widget.title}”")
    _changed(team, dashboard)
    return widget


def _widget(team: Team, widget_id: int) -> tuple[Dashboard, Widget] | None:
    dashboard = settings(team)
    found = next((w for w in dashboard.widgets if w.id == widget_id), None)
    return (dashboard, found) if found is not None else None


def remove_widget(team: Team, widget_id: int) -> bool:
    found = _widget(team, widget_id)
    if found is None:
        return False
    dashboard, widget = found
    audit("delete", "dashboard", team.id, before=snapshot(widget, WIDGET), summary=f"{team.name}: removed “{widget.title}”")
    dashboard.widgets.remove(widget)
    db.session.delete(widget)
    _renumber(dashboard)
    _changed(team, dashboard)
    return True


def move_widget(team: Team, widget_id: int, step: int) -> bool:
    """Move a widget one place up (-1) or down (+1)."""
    found = _widget(team, widget_id)
    if found is None:
        return False
    dashboard, widget = found
    order = list(dashboard.widgets)
    index = order.index(widget)
    target = max(0, min(len(order) - 1, index + step))
    if target == index:
        return True
    order.insert(target, order.pop(index))
    before = [w.title for w in dashboard.widgets]
    for position, each in enumerate(order):
        each.position = position
    audit("update", "dashboard", team.id, {"order": before}, {"order": [w.title for w in order]},
          summary=f"{team.name}: moved “{widget.title}”")
    _changed(team, dashboard)
    return True


def _renumber(dashboard: Dashboard) -> None:
    for position, widget in enumerate(dashboard.widgets):
        widget.position = position
