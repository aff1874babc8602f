"""What each GetMetricData query asks and how its answer is read, with botocore's Stubber on the real
client: the chart period CloudWatch still keeps, top-N by this week only, a query CloudWatch refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from opsreview import clock
from opsreview.dashboards.models import Dashboard, Source, Widget, WidgetKind
from opsreview.extensions import db
from tests.cloudwatch_fixtures import aws_env  # noqa: F401
from tests.factories import add_team
from tests.test_dashboard_stubber import END, SPLIT, START, TARGET, WEEK, stubbed  # noqa: F401

NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)  # two and a half days after END
SERVICE = [{"Name": "Service", "Value": "checkout"}]


@pytest.fixture
def checkout(app, stubbed, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """A CloudWatch dashboard on the stubbed client, at a fixed moment; returns the requests sent."""
    monkeypatch.setattr(clock, "now_utc", lambda: NOW)
    app.config.update(CLOUDWATCH_ENDPOINT_URL=TARGET.endpoint_url, CLOUDWATCH_MAX_ATTEMPTS=1, AWS_REGION="us-east-1")
    with app.app_context():
        team = add_team("Checkout")
        db.session.add(Dashboard(team_id=team.id, source=Source.CLOUDWATCH, namespace="Shop", service_name="checkout",
                                 apis="", top_n=2, period=300))
        db.session.commit()
    sent: list[dict[str, Any]] = []
    stubbed.client.meta.events.register("provide-client-params.cloudwatch.GetMetricData",
                                        lambda params, **_: sent.append(params))
    return sent


def _answer(stubbed, instances: list[str], results: list[dict[str, Any]]) -> None:  # type: ignore[no-untyped-def]
    metrics = [{"Namespace": "Shop", "MetricName": "Requests", "Dimensions": SERVICE + [{"Name": "InstanceId", "Value": v}]}
               for v in instances]
    stubbed.add_response("list_metrics", {"Metrics": metrics})
    stubbed.add_response("get_metric_data", {"MetricDataResults": results})
    stubbed.add_response("describe_alarms", {"MetricAlarms": [], "CompositeAlarms": []})


def _weekly(query_id: str, this: float, last: float, label: str = "") -> dict[str, Any]:
    return {"Id": query_id, "Label": label or query_id, "Timestamps": [SPLIT, START], "Values": [this, last], "StatusCode": "Complete"}


@pytest.mark.parametrize(
    ("week", "period", "asked"),
    [
        (None, 60, 60),  # the last seven days and the seven before: all within CloudWatch's 15 days of 1-minute data
        ("2026-W46", 60, 300),  # starts 16 days ago: 1-minute data is gone, 5-minute data is kept
        ("2026-W40", 60, 300),
        ("2026-W38", 300, 3600),  # starts 72 days ago: only hourly data is left
    ],
)
def test_charts_ask_for_the_finest_period_cloudwatch_still_keeps(app, client, stubbed, checkout, week, period, asked) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with app.app_context():
        db.session.scalars(db.select(Dashboard)).one().period = period
        db.session.commit()
    _answer(stubbed, [], [])
    body = client.get("/api/v1/teams/checkout/dashboard", query_string={"week": week} if week else {}).get_json()
    queries = checkout[0]["MetricDataQueries"]
    assert {q["MetricStat"]["Period"] for q in queries if q["Id"].startswith("s_")} == {asked}
    assert {q["MetricStat"]["Period"] for q in queries if q["Id"].startswith("w_")} == {WEEK}
    assert body["period"] == asked


def test_the_hourly_granularity_is_said_on_the_page(app, client, stubbed, checkout) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _answer(stubbed, [], [])
    assert "1-hour granularity" in client.get("/teams/checkout/dashboard?week=2026-W38").get_data(as_text=True)


def test_top_errors_rank_this_weeks_errors_not_both_weeks(client, stubbed, checkout) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    # i-1 was the worst last week (50 errors) and is quiet now (1); i-3 has this week's second most.
    errors = {"i-1": (1.0, 50.0), "i-2": (6.0, 0.0), "i-3": (4.0, 0.0)}
    results = [_weekly("w_req", 3000, 3000), _weekly("w_err", 11, 50), _weekly("w_flt", 0, 0)]
    for index, (this, last) in enumerate(errors.values()):
        results += [_weekly(f"w_ireq{index}", 1000, 1000), _weekly(f"w_ierr{index}", this, last), _weekly(f"w_iflt{index}", 0, 0)]
    # SORT(SEARCH(...), SUM, DESC, 2) over the 14-day window: both weeks summed, so i-1 (51) comes first.
    results += [_weekly("top", 1, 50, label="i-1"), _weekly("top", 6, 0, label="i-2")]
    _answer(stubbed, list(errors), results)
    body = client.get("/api/v1/teams/checkout/dashboard?week=2026-W46").get_json()
    assert body["top_errors"] == [{"instance": "i-2", "errors": 6}, {"instance": "i-3", "errors": 4}]
    assert body["top_errors_from"] == "per-instance sums"
    assert len(checkout) == 1  # still one GetMetricData call for the whole dashboard


def test_a_query_cloudwatch_refused_is_a_problem_for_its_part_not_a_zero(app, client, stubbed, checkout) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with app.app_context():
        dashboard = db.session.scalars(db.select(Dashboard)).one()
        dashboard.widgets.append(Widget(kind=WidgetKind.METRIC, title="Orders", namespace="Shop", metric_name="Orders",
                                        dimensions=[["Service", "checkout"]], statistic="Sum"))
        db.session.commit()
        widget_id = dashboard.widgets[0].id
    refused = {"Id": f"w_wd{widget_id}", "Label": "Orders", "Timestamps": [], "Values": [], "StatusCode": "Forbidden",
               "Messages": [{"Code": "Forbidden", "Value": "Not authorized for namespace Shop"}]}
    broken = {"Id": "w_flt", "Label": "Faults", "Timestamps": [], "Values": [], "StatusCode": "InternalError",
              "Messages": [{"Code": "InternalError", "Value": "Internal service error"}]}
    _answer(stubbed, [], [_weekly("w_req", 1000, 900), _weekly("w_err", 10, 9), broken, refused])
    body = client.get("/api/v1/teams/checkout/dashboard?week=2026-W46").get_json()
    widget = body["widgets"][0]
    assert widget["value"] is None and "Forbidden: Not authorized for namespace Shop" in widget["problem"]
    assert "Faults (InternalError: Internal service error)" in body["problems"]["summary"]
    assert "metrics" not in body["problems"] and body["summary"]["requests"] == 1000  # the rest of the call stands
    page = client.get("/teams/checkout/dashboard?week=2026-W46").get_data(as_text=True)  # the same numbers, cached
    assert "Not authorized for namespace Shop" in page and "Internal service error" in page
