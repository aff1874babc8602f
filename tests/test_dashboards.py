"""The dashboard page on the embedded sample: numbers, weeks, widgets, the shared cache."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from datetime import date

import pytest
from markupsafe import escape

from opsreview.accounts.models import Role, TokenScope
from opsreview.accounts.services import create_token
from opsreview.dashboards import fetch as fetch_module
from opsreview.dashboards import services
from opsreview.dashboards.models import FetchedNumbers
from opsreview.extensions import db
from opsreview.teams.services import get_team
from tests.conftest import client_as
from tests.factories import add_meeting, add_team, add_teams, add_user
from tests.live import serve


@pytest.fixture
def ledger(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Ledger").slug


def test_the_page_and_the_json_show_the_same_week(client, ledger) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/teams/{ledger}/dashboard").get_json()
    page = client.get(f"/teams/{ledger}/dashboard").get_data(as_text=True)
    assert f"{body['summary']['requests']:,}" in page and f"{body['previous_week']['requests']:,}" in page
    assert f"{100 * body['summary']['availability']:.3f}%" in page
    for api, stats in body["summary"]["latency"].items():
        assert stats["p50"] < stats["p90"] < stats["p99"], api
    assert 0 <= body["summary"]["error_rate"] <= 1 and 0 <= body["summary"]["availability"] <= 1


def test_the_sample_has_one_bad_instance_worst_by_availability_and_first_by_errors(client, ledger) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/teams/{ledger}/dashboard").get_json()
    availability = [row["availability"] for row in body["instances"]]
    assert availability == sorted(availability)
    errors = [row["errors"] for row in body["top_errors"]]
    assert errors == sorted(errors, reverse=True) and len(errors) == 10
    assert body["top_errors"][0]["instance"] == body["instances"][0]["instance"]


def test_a_past_week_is_the_same_every_time_it_is_fetched(client, ledger, app) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"/api/v1/teams/{ledger}/dashboard?week=2026-W30").get_json()
    with app.app_context():
        db.session.execute(db.delete(FetchedNumbers))
        db.session.commit()
    again = client.get(f"/api/v1/teams/{ledger}/dashboard?week=2026-W30").get_json()
    assert first["summary"] == again["summary"] and first["window"]["split"].startswith("2026-07-20")


@pytest.mark.parametrize("week", ["2026-30", "2026-W54", "2999-W01", "<script>", "0001-W01", "9999-W52"])
def test_a_bad_week_is_refused_with_the_reason(client, ledger, week) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/teams/{ledger}/dashboard", query_string={"week": week})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "week"
    reason = response.get_json()["error"]["fields"]["week"]
    page = client.get(f"/teams/{ledger}/dashboard", query_string={"week": week}, follow_redirects=True)
    assert page.status_code == 200 and f'<p class="flash flash-error" role="status">{escape(reason)}</p>' in page.get_data(as_text=True)


def test_anyone_who_is_a_member_adds_reorders_and_removes_widgets_and_it_is_all_kept(app, ledger) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    for title, extra in (("Orders placed", {"kind": "metric", "namespace": "Shop", "metric_name": "Orders",
                                             "dimensions": "Service=ledger", "statistic": "Sum", "better": "higher"}),
                         ("On call", {"kind": "note", "text": "Page the ledger rota first."}),
                         ("Runbook", {"kind": "link", "url": "https://wiki.example.com/ledger"})):
        assert member.post(f"/teams/{ledger}/dashboard/widgets", data={"title": title, **extra}).status_code == 302
    body = member.get(f"/api/v1/teams/{ledger}/dashboard").get_json()
    assert [w["title"] for w in body["widgets"]] == ["Orders placed", "On call", "Runbook"]
    orders = body["widgets"][0]
    assert orders["value"] > 0 and orders["previous"] > 0  # a business metric, week over week
    link_id = body["widgets"][2]["id"]
    member.post(f"/teams/{ledger}/dashboard/widgets/{link_id}/move", data={"direction": "up"})
    note_id = body["widgets"][1]["id"]
    member.post(f"/teams/{ledger}/dashboard/widgets/{note_id}/delete")
    after = member.get(f"/api/v1/teams/{ledger}/dashboard").get_json()
    assert [w["title"] for w in after["widgets"]] == ["Orders placed", "Runbook"]
    with app.app_context():
        team_id = get_team(ledger).id
    history = client_as(app, Role.VIEWER).get(f"/audit/dashboard/{team_id}").get_data(as_text=True)
    assert history.count("Member Person") >= 5 and "On call" in history


def test_a_bad_widget_says_what_is_wrong_and_keeps_what_was_typed(app, ledger) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    response = member.post(f"/teams/{ledger}/dashboard/widgets",
                           data={"kind": "link", "title": "Our runbook", "url": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "must be an http or https address" in page
    assert 'value="Our runbook"' in page


def test_a_viewer_reads_but_does_not_edit(app, ledger) -> None:  # type: ignore[no-untyped-def]
    viewer = client_as(app, Role.VIEWER)
    assert viewer.get(f"/teams/{ledger}/dashboard").status_code == 200
    response = viewer.post(f"/teams/{ledger}/dashboard/widgets", data={"kind": "note", "title": "x", "text": "y"})
    assert response.status_code == 403
    assert client_as(app, Role.MEMBER).get(f"/teams/{ledger}/dashboard/settings").status_code == 403


def test_a_leader_points_the_dashboard_at_cloudwatch_and_mistakes_are_shown(app, ledger) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    form = {"source": "cloudwatch", "region": "eu-west-1", "role_arn": "arn:aws:iam::12345:role/x",
            "namespace": "Ledger", "service_dimension": "Service", "service_name": "ledger", "api_dimension": "API",
            "apis": "Post\nGet", "instance_dimension": "InstanceId", "latency_metric": "Latency",
            "requests_metric": "Requests", "errors_metric": "Errors", "faults_metric": "Faults", "alarm_prefix": "",
            "period": "60", "top_n": "5", "worse_threshold": "15"}
    response = leader.post(f"/teams/{ledger}/dashboard/settings", data=form)
    assert response.status_code == 200 and "Write a role ARN like" in response.get_data(as_text=True)
    assert 'value="arn:aws:iam::12345:role/x"' in response.get_data(as_text=True)
    form["role_arn"] = "arn:aws:iam::123456789012:role/opsreview-read"
    assert leader.post(f"/teams/{ledger}/dashboard/settings", data=form).status_code == 302
    with app.app_context():
        dashboard = services.settings(get_team(ledger))
        assert (dashboard.period, dashboard.top_n, dashboard.api_names, dashboard.worse_threshold) == (60, 5, ["Post", "Get"], 0.15)


def test_a_hundred_viewers_at_once_cause_one_fetch(app, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fetches = []
    real = fetch_module.fetch

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        fetches.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "fetch", counted)
    with serve(app) as base:
        token = _token(app)
        statuses: list[int] = []
        failures: list[str] = []

        def view() -> None:
            # As a browser would: a 503 "still fetching" is asked again after its Retry-After.
            request = urllib.request.Request(f"{base}/api/v1/teams/{ledger}/dashboard", headers={"Authorization": f"Bearer {token}"})
            for _ in range(3):
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        statuses.append(response.status)
                        return
                except urllib.error.HTTPError as error:
                    if error.code != 503:
                        failures.append(f"{error.code}: {error.read()[:300]!r}")
                        return
                    time.sleep(int(error.headers.get("Retry-After", "1")))
                except OSError as error:
                    failures.append(repr(error))
                    return
            failures.append("still fetching after three tries")

        threads = [threading.Thread(target=view) for _ in range(100)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert statuses == [200] * 100
    assert len(fetches) == 1


def _token(app) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        user = add_user(Role.VIEWER, email="watcher@example.com")
        return create_token(user, "watching", TokenScope.READ)[1]


def test_a_pick_warms_the_picked_teams_dashboard(app) -> None:  # type: ignore[no-untyped-def]
    app.config["DASHBOARD_WARM_ON_PICK"] = "inline"
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(date.today()).id
    spin = client_as(app, Role.HOST).post(f"/api/v1/meetings/{meeting_id}/spins", json={}).get_json()["spin"]
    with app.app_context():
        warmed = db.session.scalars(db.select(FetchedNumbers.team_id)).all()
    assert warmed == [spin["team"]["id"]]


def test_numbers_nobody_asked_for_in_a_week_are_dropped_when_new_ones_are_fetched(client, ledger, app) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from opsreview.clock import now_utc

    with app.app_context():
        team_id = get_team(ledger).id
        db.session.add(FetchedNumbers(key="old", team_id=team_id, payload="{}", fresh_until=now_utc() - timedelta(days=8)))
        db.session.commit()
    client.get(f"/api/v1/teams/{ledger}/dashboard")
    with app.app_context():
        keys = db.session.scalars(db.select(FetchedNumbers.key)).all()
    assert "old" not in keys and len(keys) == 1


def test_from_nothing_to_something_bad_is_highlighted_without_a_percentage() -> None:
    from opsreview.dashboards.assemble import comparisons

    clean = {"requests": 1000, "errors": 0, "faults": 0, "error_rate": 0.0, "availability": 1.0, "latency": {}}
    outage = {"requests": 1000, "errors": 5, "faults": 10, "error_rate": 0.005, "availability": 0.99, "latency": {}}
    rows = {row["key"]: row for row in comparisons(outage, clean, 0.10)}
    assert rows["errors"]["worse"] and rows["faults"]["worse"] and rows["availability"]["worse"]
    assert rows["errors"]["change"] is None and not rows["requests"]["worse"]
    better = {row["key"]: row for row in comparisons(clean, outage, 0.10)}
    assert not any(row["worse"] for row in better.values())


def test_while_a_slow_fetch_runs_other_viewers_wait_then_are_told_to_retry_and_never_fetch_too(app, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time
    from datetime import timedelta

    from opsreview.dashboards import cache

    monkeypatch.setattr(cache, "WAIT", timedelta(seconds=0.3))
    fetches = []
    real = fetch_module.fetch

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        fetches.append(1)
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "fetch", slow)
    token = _token(app)
    with serve(app) as base:
        statuses: list[int] = []

        def view() -> None:
            request = urllib.request.Request(f"{base}/api/v1/teams/{ledger}/dashboard", headers={"Authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
                assert error.headers["Retry-After"] == "5"

        threads = [threading.Thread(target=view) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200] + [503] * 5 and len(fetches) == 1
        view()  # asking again after the fetch: the shared numbers, no new fetch
    assert statuses[-1] == 200 and len(fetches) == 1


def test_a_snapshot_refuses_windows_it_cannot_show_and_sources_that_failed(app, ledger) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 3, 4, 10, tzinfo=UTC)
    with app.app_context():
        team = get_team(ledger)
        snap = services.snapshot(team, start, start + timedelta(minutes=90))
        assert snap["start"].startswith("2026-03-04T10:00") and snap["series"] and snap["summary"]["requests"] > 0
        for end, message in ((start - timedelta(hours=1), "end after it starts"), (start + timedelta(days=20), "at most 14 days")):
            with pytest.raises(ValueError, match=message):
                services.snapshot(team, start, end)
        with pytest.raises(ValueError, match="between"):
            services.snapshot(team, datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 2, tzinfo=UTC))
