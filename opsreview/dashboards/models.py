"""A team's dashboard settings, its wiki-like widgets, and the shared cache of fetched numbers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsreview.clock import now_utc
from opsreview.columns import stored_enum
from opsreview.extensions import db



class Source(enum.StrEnum):
    SAMPLE = "sample"
    CLOUDWATCH = "cloudwatch"


class Dashboard(db.Model):
    """Where a team's numbers come from and how its standard set of widgets is built."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), unique=True)
    source: Mapped[Source] = mapped_column(stored_enum(Source), default=Source.SAMPLE)
    region: Mapped[str] = mapped_column(String(40), default="")
    role_arn: Mapped[str] = mapped_column(String(300), default="")
    namespace: Mapped[str] = mapped_column(String(255), default="")
    service_dimension: Mapped[str] = mapped_column(String(255), default="Service")
    service_name: Mapped[str] = mapped_column(String(255), default="")
    api_dimension: Mapped[str] = mapped_column(String(255), default="API")
    apis: Mapped[str] = mapped_column(Text, default="")
    instance_dimension: Mapped[str] = mapped_column(String(255), default="InstanceId")
    latency_metric: Mapped[str] = mapped_column(String(255), default="Latency")
    requests_metric: Mapped[str] = mapped_column(String(255), default="Requests")
    errors_metric: Mapped[str] = mapped_column(String(255), default="Errors")
    faults_metric: Mapped[str] = mapped_column(String(255), default="Faults")
    alarm_prefix: Mapped[str] = mapped_column(String(255), default="")
    period: Mapped[int] = mapped_column(default=300)
    top_n: Mapped[int] = mapped_column(default=10)
    worse_threshold: Mapped[float] = mapped_column(default=0.10)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    widgets: Mapped[list[Widget]] = relationship(
        back_populates="dashboard", cascade="all, delete-orphan", order_by="Widget.position"
    )

    @property
    def api_names(self) -> list[str]:
        return [name.strip() for name in self.apis.splitlines() if name.strip()]


class WidgetKind(enum.StrEnum):
    METRIC = "metric"
    NOTE = "note"
    LINK = "link"


class Better(enum.StrEnum):
    """Which way a business metric should move; the other way is highlighted."""

    HIGHER = "higher"
    LOWER = "lower"
    EITHER = "either"


class Widget(db.Model):
    """One thing anybody added to a dashboard: a metric, a note or a link."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dashboard_id: Mapped[int] = mapped_column(ForeignKey("dashboard.id"), index=True)
    kind: Mapped[WidgetKind] = mapped_column(stored_enum(WidgetKind))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    namespace: Mapped[str] = mapped_column(String(255), default="")
    metric_name: Mapped[str] = mapped_column(String(255), default="")
    dimensions: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    statistic: Mapped[str] = mapped_column(String(40), default="Sum")
    better: Mapped[Better] = mapped_column(stored_enum(Better), default=Better.EITHER)
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    dashboard: Mapped[Dashboard] = relationship(back_populates="widgets")


class FetchedNumbers(db.Model):
    """The numbers of one dashboard window, shared by every viewer and every worker process.

    ``lease_until`` makes the fetch single-flight: whoever sets it fetches, the rest wait for it.
    """

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    payload: Mapped[str | None] = mapped_column(Text)
    figures: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None]
    fresh_until: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    problem: Mapped[str] = mapped_column(Text, default="")
