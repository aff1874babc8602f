"""What moto cannot do (percentiles, metric math, composite alarms, NextToken), checked with
botocore's Stubber on the real client: the exact request sent, and a realistic response parsed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from botocore.stub import Stubber

from opsreview import cloudwatch
from opsreview.cloudwatch import Target
from opsreview.dashboards.models import Dashboard, Source
from opsreview.extensions import db
from tests.cloudwatch_fixtures import aws_env  # noqa: F401
from tests.factories import add_team

TARGET = Target(region="us-east-1", endpoint_url="http://127.0.0.1:9", max_attempts=1)
START = datetime(2026, 11, 2, tzinfo=UTC)
SPLIT = START + timedelta(days=7)
END = SPLIT + timedelta(days=7)
WEEK = 604800


@pytest.fixture
def stubbed(aws_env):  # type: ignore[no-untyped-def]
    """The very client the app will use for TARGET, with a Stubber in front of it."""
    client = cloudwatch._client("cloudwatch", TARGET)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _query(n: int) -> dict:
    metric = {"Namespace": "Shop", "MetricName": "Requests", "Dimensions": [{"Name": "InstanceId", "Value": f"i-{n}"}]}
    return {"Id": f"q{n}", "MetricStat": {"Metric": metric, "Period": WEEK, "Stat": "Sum"}, "ReturnData": True}


def test_queries_go_in_calls_of_500_and_every_page_is_followed(stubbed) -> None:  # type: ignore[no-untyped-def]
    queries = [_query(n) for n in range(620)]
    first, second = queries[:500], queries[500:]
    stubbed.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "q0", "Label": "q0", "Timestamps": [SPLIT], "Values": [5.0], "StatusCode": "PartialData"}],
         "NextToken": "page-2"},
        {"MetricDataQueries": first, "StartTime": START, "EndTime": END},
    )
    stubbed.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "q0", "Label": "q0", "Timestamps": [START], "Values": [3.0], "StatusCode": "Complete"}]},
        {"MetricDataQueries": first, "StartTime": START, "EndTime": END, "NextToken": "page-2"},
    )
    stubbed.add_response(
        "get_metric_data",
        {"MetricDataResults": [{"Id": "q619", "Label": "q619", "Timestamps": [SPLIT], "Values": [7.0], "StatusCode": "Complete"}]},
        {"MetricDataQueries": second, "StartTime": START, "EndTime": END},
    )
    data = cloudwatch.get_metric_data(TARGET, queries, START, END)
    assert data.calls == 3 and data.queries_sent == 500 + 500 + 120
    assert data.series["q0"][0].points == [(START, 3.0), (SPLIT, 5.0)]  # both pages, in time order
    assert data.series["q619"][0].points == [(SPLIT, 7.0)]


def test_composite_alarms_are_asked_for_and_come_back_with_their_children(stubbed) -> None:  # type: ignore[no-untyped-def]
    stubbed.add_response(
        "describe_alarms",
        {
            "MetricAlarms": [{"AlarmName": "checkout-p99", "StateValue": "OK"}],
            "CompositeAlarms": [{"AlarmName": "checkout-health", "StateValue": "ALARM",
                                 "AlarmRule": 'ALARM("checkout-p99") OR ALARM(checkout-faults) OR OK(\'checkout-canary\')'}],
        },
        {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"], "AlarmNamePrefix": "checkout-"},
    )
    assert cloudwatch.describe_alarms(TARGET, "checkout-") == [
        {"name": "checkout-p99", "state": "OK", "type": "metric", "children": []},
        {"name": "checkout-health", "state": "ALARM", "type": "composite",
         "children": ["checkout-p99", "checkout-faults", "checkout-canary"]},
    ]


def test_access_denied_names_the_iam_action_to_allow(stubbed) -> None:  # type: ignore[no-untyped-def]
    stubbed.add_client_error("describe_alarms", "AccessDenied", "User is not authorized to perform: cloudwatch:DescribeAlarms")
    with pytest.raises(cloudwatch.CloudWatchProblem, match="allow cloudwatch:DescribeAlarms"):
        cloudwatch.describe_alarms(TARGET, "")


def test_throttling_is_said_plainly(stubbed) -> None:  # type: ignore[no-untyped-def]
    stubbed.add_client_error("get_metric_data", "Throttling", "Rate exceeded", http_status_code=400)
    with pytest.raises(cloudwatch.CloudWatchProblem, match="throttling GetMetricData"):
        cloudwatch.get_metric_data(TARGET, [_query(1)], START, END)


def test_a_dashboard_asks_for_weekly_percentiles_and_cloudwatch_sorted_top_n(app, client, stubbed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The whole plan of a small dashboard, request and response, through the page's JSON."""
    from opsreview import clock

    monkeypatch.setattr(clock, "now_utc", lambda: END + timedelta(days=2))  # 5-minute data is still kept
    app.config.update(CLOUDWATCH_ENDPOINT_URL=TARGET.endpoint_url, CLOUDWATCH_MAX_ATTEMPTS=1, AWS_REGION="us-east-1")
    with app.app_context():
        team = add_team("Checkout")
        db.session.add(Dashboard(team_id=team.id, source=Source.CLOUDWATCH, namespace="Shop", service_name="checkout",
                                 apis="GetCart", top_n=2, period=300, alarm_prefix="checkout-"))
        db.session.commit()
    service = [{"Name": "Service", "Value": "checkout"}]
    stubbed.add_response(
        "list_metrics",
        {"Metrics": [{"Namespace": "Shop", "MetricName": "Requests", "Dimensions": service + [{"Name": "InstanceId", "Value": v}]}
                     for v in ("i-2", "i-1", "i-2")]},  # de-duplicated
        {"Namespace": "Shop", "MetricName": "Requests", "Dimensions": service + [{"Name": "InstanceId"}]},
    )

    def stat(metric, dims, stat_name, period):  # type: ignore[no-untyped-def]
        return {"Metric": {"Namespace": "Shop", "MetricName": metric, "Dimensions": dims}, "Period": period, "Stat": stat_name}

    api = service + [{"Name": "API", "Value": "GetCart"}]
    expected = []
    for p in ("p50", "p90", "p99"):
        expected += [{"Id": f"s_lat0_{p}", "MetricStat": stat("Latency", api, p, 300), "ReturnData": True},
                     {"Id": f"w_lat0_{p}", "MetricStat": stat("Latency", api, p, WEEK), "ReturnData": True}]
    for key, metric in (("req", "Requests"), ("err", "Errors"), ("flt", "Faults")):
        expected += [{"Id": f"s_{key}", "MetricStat": stat(metric, service, "Sum", 300), "ReturnData": True},
                     {"Id": f"w_{key}", "MetricStat": stat(metric, service, "Sum", WEEK), "ReturnData": True}]
    for index, instance in enumerate(("i-1", "i-2")):
        for key, metric in (("req", "Requests"), ("err", "Errors"), ("flt", "Faults")):
            dims = service + [{"Name": "InstanceId", "Value": instance}]
            expected.append({"Id": f"w_i{key}{index}", "MetricStat": stat(metric, dims, "Sum", WEEK), "ReturnData": True})
    expected.append({
        "Id": "top", "ReturnData": True, "Label": "${PROP('Dim.InstanceId')}",
        "Expression": "SORT(SEARCH('{\"Shop\",\"Service\",\"InstanceId\"} MetricName=\"Errors\" \"Service\"=\"checkout\"', 'Sum', 604800), SUM, DESC, 2)",
    })
    week = "2026-W46"
    weekly = lambda i, this, last: {"Id": i, "Label": i, "Timestamps": [SPLIT, START], "Values": [this, last], "StatusCode": "Complete"}  # noqa: E731
    results = [
        weekly("w_lat0_p50", 21.0, 20.0), weekly("w_lat0_p90", 80.0, 60.0), weekly("w_lat0_p99", 410.0, 300.0),
        weekly("w_req", 1000.0, 900.0), weekly("w_err", 10.0, 9.0), weekly("w_flt", 2.0, 1.0),
        weekly("w_ireq0", 600.0, 500.0), weekly("w_ierr0", 4.0, 4.0), weekly("w_iflt0", 0.0, 0.0),
        weekly("w_ireq1", 400.0, 400.0), weekly("w_ierr1", 6.0, 5.0), weekly("w_iflt1", 2.0, 1.0),
        {"Id": "top", "Label": "i-2", "Timestamps": [SPLIT, START], "Values": [6.0, 5.0], "StatusCode": "Complete"},
        {"Id": "top", "Label": "i-1", "Timestamps": [SPLIT, START], "Values": [4.0, 4.0], "StatusCode": "Complete"},
    ]
    stubbed.add_response("get_metric_data", {"MetricDataResults": results},
                         {"MetricDataQueries": expected, "StartTime": START, "EndTime": END})
    stubbed.add_response("describe_alarms", {"MetricAlarms": [], "CompositeAlarms": []},
                         {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"], "AlarmNamePrefix": "checkout-"})

    body = client.get(f"/api/v1/teams/checkout/dashboard?week={week}").get_json()
    assert body["problems"] == {}
    assert body["summary"]["latency"] == {"GetCart": {"p50": 21.0, "p90": 80.0, "p99": 410.0}}
    assert body["previous_week"]["latency"] == {"GetCart": {"p50": 20.0, "p90": 60.0, "p99": 300.0}}
    assert body["top_errors"] == [{"instance": "i-2", "errors": 6}, {"instance": "i-1", "errors": 4}]
    assert body["top_errors_from"] == "cloudwatch"
    p99 = next(r for r in body["comparisons"] if r["key"] == "latency.GetCart.p99")
    assert p99["change"] == pytest.approx(110 / 300) and p99["worse"] is True
    assert [r["instance"] for r in body["instances"]] == ["i-2", "i-1"]


def test_instances_are_found_on_every_page_of_list_metrics_once_each(stubbed) -> None:  # type: ignore[no-untyped-def]
    def page(*names: str) -> list[dict]:
        return [{"Namespace": "Shop", "MetricName": "Requests",
                 "Dimensions": [{"Name": "Service", "Value": "checkout"}, {"Name": "InstanceId", "Value": n}]} for n in names]

    request = {"Namespace": "Shop", "MetricName": "Requests",
               "Dimensions": [{"Name": "Service", "Value": "checkout"}, {"Name": "InstanceId"}]}
    stubbed.add_response("list_metrics", {"Metrics": page("i-3", "i-1"), "NextToken": "more"}, request)
    stubbed.add_response("list_metrics", {"Metrics": page("i-1", "i-2")}, {**request, "NextToken": "more"})
    found = cloudwatch.list_dimension_values(TARGET, "Shop", "Requests", {"Service": "checkout"}, "InstanceId")
    assert found == ["i-1", "i-2", "i-3"]
