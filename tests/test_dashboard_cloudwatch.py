"""A CloudWatch-backed dashboard, end to end: moto over real HTTP, every number checked by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsreview.clock import now_utc
from opsreview.dashboards.models import Dashboard, Source
from opsreview.dashboards.weeks import iso_week
from opsreview.extensions import db
from tests.cloudwatch_fixtures import aws_env, cloudwatch_client, moto, moto_url  # noqa: F401
from tests.factories import add_team

NAMESPACE = "Shop"
SERVICE = [{"Name": "Service", "Value": "checkout"}]


def _last_full_week() -> tuple[str, datetime]:
    """The ISO week before this one, and its Monday 00:00 UTC."""
    day = now_utc().date() - timedelta(days=7)
    monday = day - timedelta(days=day.weekday())
    return iso_week(monday), datetime(monday.year, monday.month, monday.day, tzinfo=UTC)


def _put(client, metric: str, dimensions: list[dict[str, str]], when: datetime, value: float) -> None:  # type: ignore[no-untyped-def]
    client.put_metric_data(
        Namespace=NAMESPACE,
        MetricData=[{"MetricName": metric, "Dimensions": dimensions, "Timestamp": when, "Value": value, "Unit": "Count"}],
    )


# Known counts: (instance, requests, errors, faults) for this week and the week before.
THIS_WEEK = [("i-aaa", 1000, 10, 1), ("i-bbb", 2000, 40, 20), ("i-ccc", 500, 30, 0)]
LAST_WEEK = [("i-aaa", 800, 8, 0), ("i-bbb", 1200, 12, 3), ("i-ccc", 500, 5, 1)]


def _seed(url: str, monday: datetime) -> None:
    client = cloudwatch_client(url)
    for week_start, rows in ((monday, THIS_WEEK), (monday - timedelta(days=7), LAST_WEEK)):
        moment = week_start + timedelta(days=2, hours=10)
        for instance, requests, errors, faults in rows:
            dims = SERVICE + [{"Name": "InstanceId", "Value": instance}]
            for metric, value in (("Requests", requests), ("Errors", errors), ("Faults", faults)):
                _put(client, metric, dims, moment, value)
        for metric, index in (("Requests", 1), ("Errors", 2), ("Faults", 3)):
            # The service total, put in two parts at different times of the week.
            total = sum(row[index] for row in rows)
            _put(client, metric, SERVICE, moment, total - total // 4)
            _put(client, metric, SERVICE, moment + timedelta(days=3), total // 4)
    # Outside both weeks: must not be counted.
    _put(client, "Requests", SERVICE, monday + timedelta(days=8), 99999)
    for name, state in (("checkout-faults", "ALARM"), ("checkout-latency", "OK"), ("other-team-alarm", "ALARM")):
        client.put_metric_alarm(
            AlarmName=name, Namespace=NAMESPACE, MetricName="Faults", Dimensions=SERVICE, Statistic="Sum",
            Period=300, EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
        )
        client.set_alarm_state(AlarmName=name, StateValue=state, StateReason="test")


@pytest.fixture
def checkout(app, moto):  # type: ignore[no-untyped-def]
    app.config.update(CLOUDWATCH_ENDPOINT_URL=moto, CLOUDWATCH_MAX_ATTEMPTS=1, AWS_REGION="us-east-1")
    with app.app_context():
        team = add_team("Checkout")
        db.session.add(Dashboard(
            team_id=team.id, source=Source.CLOUDWATCH, namespace=NAMESPACE, service_name="checkout", apis="",
            alarm_prefix="checkout-", period=300, top_n=2, worse_threshold=0.10,
        ))
        db.session.commit()
    return "checkout"


def test_every_number_of_the_json_matches_the_counts_put_into_cloudwatch(client, checkout, moto) -> None:  # type: ignore[no-untyped-def]
    week, monday = _last_full_week()
    _seed(moto, monday)
    body = client.get(f"/api/v1/teams/{checkout}/dashboard?week={week}").get_json()

    assert body["week"] == week and body["stale"] is False and body["problems"] == {}
    assert body["summary"] == {
        "requests": 3500, "errors": 80, "faults": 21,
        "error_rate": pytest.approx(80 / 3500), "availability": pytest.approx(1 - 21 / 3500), "latency": {},
    }
    assert body["previous_week"] == {
        "requests": 2500, "errors": 25, "faults": 4,
        "error_rate": pytest.approx(25 / 2500), "availability": pytest.approx(1 - 4 / 2500), "latency": {},
    }
    assert body["instances"] == [  # worst availability first
        {"instance": "i-bbb", "requests": 2000, "errors": 40, "faults": 20, "availability": pytest.approx(0.99)},
        {"instance": "i-aaa", "requests": 1000, "errors": 10, "faults": 1, "availability": pytest.approx(0.999)},
        {"instance": "i-ccc", "requests": 500, "errors": 30, "faults": 0, "availability": 1.0},
    ]
    # moto cannot run SORT(SEARCH(...)); the fallback sorts the per-instance sums.
    assert body["top_errors"] == [{"instance": "i-bbb", "errors": 40}, {"instance": "i-ccc", "errors": 30}]
    assert sorted((a["name"], a["state"], a["type"]) for a in body["alarms"]) == [
        ("checkout-faults", "ALARM", "metric"), ("checkout-latency", "OK", "metric"),
    ]


def test_week_over_week_flags_what_got_worse(client, checkout, moto) -> None:  # type: ignore[no-untyped-def]
    week, monday = _last_full_week()
    _seed(moto, monday)
    rows = {r["key"]: r for r in client.get(f"/api/v1/teams/{checkout}/dashboard?week={week}").get_json()["comparisons"]}
    assert rows["faults"]["change"] == pytest.approx((21 - 4) / 4) and rows["faults"]["worse"]
    assert rows["requests"]["change"] == pytest.approx(0.4) and not rows["requests"]["worse"]  # traffic is no fault
    unavailability = (21 / 3500 - 4 / 2500) / (4 / 2500)
    assert rows["availability"]["change"] == pytest.approx(unavailability) and rows["availability"]["worse"]


def test_the_page_shows_the_same_numbers_and_marks_the_worse_ones(client, checkout, moto) -> None:  # type: ignore[no-untyped-def]
    week, monday = _last_full_week()
    _seed(moto, monday)
    page = client.get(f"/teams/{checkout}/dashboard?week={week}").get_data(as_text=True)
    assert "3,500" in page and "2,500" in page and "99.400%" in page  # requests and availability
    assert page.count('class="worse"') >= 3 and "checkout-faults" in page and "other-team-alarm" not in page


def test_an_unreachable_endpoint_explains_itself_instead_of_failing(client, checkout, app) -> None:  # type: ignore[no-untyped-def]
    app.config.update(CLOUDWATCH_ENDPOINT_URL="http://127.0.0.1:9", CLOUDWATCH_TIMEOUT=2)
    response = client.get(f"/teams/{checkout}/dashboard")
    assert response.status_code == 200
    assert "Could not reach CloudWatch" in response.get_data(as_text=True)
    body = client.get(f"/api/v1/teams/{checkout}/dashboard").get_json()
    assert "Could not reach CloudWatch" in body["problems"]["metrics"]


def test_missing_credentials_say_how_to_provide_them(client, checkout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    body = client.get(f"/api/v1/teams/{checkout}/dashboard").get_json()
    assert "No AWS credentials" in body["problems"]["metrics"]
    assert "No AWS credentials" in body["problems"]["alarms"]


def test_when_cloudwatch_fails_later_the_last_good_numbers_stay_with_a_stale_banner(client, checkout, moto, app) -> None:  # type: ignore[no-untyped-def]
    week, monday = _last_full_week()
    _seed(moto, monday)
    app.config.update(DASHBOARD_PAST_WEEK_CACHE_SECONDS=0)  # every view asks again
    assert client.get(f"/api/v1/teams/{checkout}/dashboard?week={week}").get_json()["summary"]["requests"] == 3500
    app.config.update(CLOUDWATCH_ENDPOINT_URL="http://127.0.0.1:9", CLOUDWATCH_TIMEOUT=2)
    from opsreview import cloudwatch

    cloudwatch._clients.clear()
    body = client.get(f"/api/v1/teams/{checkout}/dashboard?week={week}").get_json()
    assert body["stale"] is True and body["summary"]["requests"] == 3500
    assert "Could not reach CloudWatch" in body["stale_because"]
    page = client.get(f"/teams/{checkout}/dashboard?week={week}").get_data(as_text=True)
    assert "Stale since" in page and "3,500" in page


def test_a_team_role_is_assumed_through_sts_before_reading_its_metrics(client, checkout, moto, app) -> None:  # type: ignore[no-untyped-def]
    week, monday = _last_full_week()
    _seed(moto, monday)
    app.config.update(STS_ENDPOINT_URL=moto)
    with app.app_context():
        dashboard = db.session.scalars(db.select(Dashboard)).one()
        dashboard.role_arn = "arn:aws:iam::123456789012:role/opsreview-read"
        dashboard.revision += 1
        db.session.commit()
    body = client.get(f"/api/v1/teams/{checkout}/dashboard?week={week}").get_json()
    assert body["problems"] == {} and body["summary"]["requests"] == 3500
    from opsreview import cloudwatch

    assert any(target.role_arn for _, target in cloudwatch._clients)


def test_a_snapshot_is_refused_when_cloudwatch_gives_no_numbers(checkout, app) -> None:  # type: ignore[no-untyped-def]
    from opsreview.dashboards import services
    from opsreview.teams.services import get_team

    app.config.update(CLOUDWATCH_ENDPOINT_URL="http://127.0.0.1:9", CLOUDWATCH_TIMEOUT=2)
    start = now_utc() - timedelta(days=2)
    with app.app_context(), pytest.raises(ValueError, match="Could not reach CloudWatch"):
        services.snapshot(get_team(checkout), start, start + timedelta(hours=1))


def test_a_missing_aws_profile_says_which_profile_to_fix(client, checkout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    page = client.get(f"/teams/{checkout}/dashboard")
    assert page.status_code == 200 and "No AWS profile named no-such-profile" in page.get_data(as_text=True)
    response = client.get(f"/api/v1/teams/{checkout}/dashboard")
    assert response.status_code == 200
    assert "No AWS profile named no-such-profile" in response.get_json()["problems"]["metrics"]
    assert "set AWS_PROFILE" in response.get_json()["problems"]["alarms"]


def _seed_last_days(url: str) -> None:
    """1,234 requests yesterday: inside the last seven days now and an hour from now."""
    _put(cloudwatch_client(url), "Requests", SERVICE, now_utc() - timedelta(days=1), 1234)


def _unreachable(app) -> None:  # type: ignore[no-untyped-def]
    from opsreview import cloudwatch

    app.config.update(CLOUDWATCH_ENDPOINT_URL="http://127.0.0.1:9", CLOUDWATCH_TIMEOUT=2)
    cloudwatch._clients.clear()


def _first_good_fetch(app) -> str | None:  # type: ignore[no-untyped-def]
    from opsreview.clock import iso
    from opsreview.dashboards.models import FetchedNumbers

    with app.app_context():
        row = db.session.scalars(db.select(FetchedNumbers).where(FetchedNumbers.failed_at.is_(None))).one()
        return iso(row.fetched_at)


def test_when_the_hour_rolls_over_and_cloudwatch_fails_the_last_hours_numbers_stay_stale(client, checkout, moto, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from opsreview import clock

    _seed_last_days(moto)
    first = client.get(f"/api/v1/teams/{checkout}/dashboard").get_json()
    assert first["summary"]["requests"] == 1234 and first["stale"] is False
    fetched_at = _first_good_fetch(app)
    an_hour_later = clock.now_utc() + timedelta(hours=1)
    monkeypatch.setattr(clock, "now_utc", lambda: an_hour_later)  # a new window, so a new cache key
    _unreachable(app)
    for _ in range(2):  # the failed fetch, then a view during the pause before it is tried again
        body = client.get(f"/api/v1/teams/{checkout}/dashboard").get_json()
        assert body["stale"] is True and body["summary"]["requests"] == 1234
        assert body["stale_since"] == fetched_at and "Could not reach CloudWatch" in body["stale_because"]
    page = client.get(f"/teams/{checkout}/dashboard").get_data(as_text=True)
    assert "Stale since" in page and "1,234" in page and "No numbers" not in page


def test_after_an_edit_a_failing_cloudwatch_shows_the_numbers_from_before_it_as_stale(app, checkout, moto) -> None:  # type: ignore[no-untyped-def]
    from opsreview.accounts.models import Role
    from tests.conftest import client_as

    member = client_as(app, Role.MEMBER)
    _seed_last_days(moto)
    assert member.get(f"/api/v1/teams/{checkout}/dashboard").get_json()["summary"]["requests"] == 1234
    fetched_at = _first_good_fetch(app)
    _unreachable(app)
    note = {"kind": "note", "title": "On call", "text": "Page the checkout rota."}
    assert member.post(f"/teams/{checkout}/dashboard/widgets", data=note).status_code == 302
    body = member.get(f"/api/v1/teams/{checkout}/dashboard").get_json()
    assert body["stale"] is True and body["summary"]["requests"] == 1234 and body["stale_since"] == fetched_at
    page = member.get(f"/teams/{checkout}/dashboard").get_data(as_text=True)
    assert "Stale since" in page and "Could not reach CloudWatch" in page and "No numbers" not in page
