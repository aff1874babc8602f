"""A dashboard of 3 APIs and 200 instances: CloudWatch calls, the shared cache, render time, bytes.

    python bench/dashboard.py

CloudWatch is the real boto3 client with botocore's Stubber in front of it (this machine has no
AWS account, and moto cannot answer percentiles or metric math); its answers are the sample
source's numbers in CloudWatch's response shape. Every GetMetricData request the app makes is
counted from the client's own events. The app runs on SQLite in a temporary folder.

- calls_cold, metrics_requested_cold: one cold render; beside calls_lower_bound (ceil(queries/500))
  and naive_calls (one request per metric).
- metrics_requested_100_viewers: 100 concurrent viewers on a cold cache (target: one viewer's).
- warm_render_ratio: median server time of a warm dashboard render / of /api/v1/me (a trivial
  page behind the same sign-in), same app, same run, both in-process with the same token; 100 of
  each, in five rounds of 20 dashboards then 20 trivial pages.
- first_visit_bytes, repeat_visit_bytes: the dashboard page in Chromium (bytes over the wire).
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="opsreview-bench-")
os.environ["OPSREVIEW_INSTANCE"] = TMP
for name, value in (("AWS_ACCESS_KEY_ID", "bench"), ("AWS_SECRET_ACCESS_KEY", "bench"), ("AWS_EC2_METADATA_DISABLED", "true")):
    os.environ[name] = value

from botocore.stub import Stubber  # noqa: E402

from opsreview import cloudwatch, create_app  # noqa: E402
from opsreview.accounts.models import Role, TokenScope  # noqa: E402
from opsreview.accounts.services import create_token, create_user  # noqa: E402
from opsreview.clock import now_utc  # noqa: E402
from opsreview.dashboards import plan as planning  # noqa: E402
from opsreview.dashboards import sample  # noqa: E402
from opsreview.dashboards.fetch import _target  # noqa: E402
from opsreview.dashboards.models import Dashboard, FetchedNumbers, Source  # noqa: E402
from opsreview.dashboards.weeks import window_for  # noqa: E402
from opsreview.extensions import db  # noqa: E402
from opsreview.teams.models import Team  # noqa: E402

APIS, INSTANCES, VIEWERS, RENDERS, ROUNDS = 3, 200, 100, 20, 5
PASSWORD = "a long bench passphrase"
NAMES = [f"i-{n:04d}" for n in range(INSTANCES)]


def setup():  # type: ignore[no-untyped-def]
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{TMP}/bench.sqlite3", "CLOUDWATCH_ENDPOINT_URL": "http://127.0.0.1:9",
                      "AWS_REGION": "us-east-1", "DASHBOARD_WARM_ON_PICK": "off"})
    with app.app_context():
        db.create_all()
        team = Team(name="Checkout", slug="checkout")
        db.session.add(team)
        db.session.flush()
        db.session.add(Dashboard(team_id=team.id, source=Source.CLOUDWATCH, namespace="Shop", service_name="checkout",
                                 apis="\n".join(f"Api{n}" for n in range(APIS)), period=300))
        db.session.commit()
        user = create_user("viewer@example.com", "Viewer", Role.VIEWER, PASSWORD)
        token = create_token(user, "bench", TokenScope.READ)[1]
    return app, token


def queue_one_fetch(app, stubber: Stubber) -> int:  # type: ignore[no-untyped-def]
    """CloudWatch's answers for one whole fetch; returns the number of metric queries in it."""
    with app.app_context():
        dashboard = db.session.scalars(db.select(Dashboard)).one()
        now = now_utc()
        plan = planning.build(dashboard, window_for(None, now), NAMES, now)
        data = sample.metric_data(plan, "checkout")
    service = [{"Name": "Service", "Value": "checkout"}]
    stubber.add_response("list_metrics", {"Metrics": [
        {"Namespace": "Shop", "MetricName": "Requests", "Dimensions": service + [{"Name": "InstanceId", "Value": n}]} for n in NAMES]})
    ids = [q.id for q in plan.queries]
    for offset in range(0, len(ids), cloudwatch.MAX_QUERIES_PER_CALL):
        results = []
        for query_id in ids[offset : offset + cloudwatch.MAX_QUERIES_PER_CALL]:
            for series in data.series.get(query_id, []):
                results.append({"Id": query_id, "Label": series.label, "StatusCode": "Complete",
                                "Timestamps": [t for t, _ in series.points], "Values": [v for _, v in series.points]})
        stubber.add_response("get_metric_data", {"MetricDataResults": results})
    stubber.add_response("describe_alarms", {"MetricAlarms": [{"AlarmName": "checkout-p99", "StateValue": "OK"}], "CompositeAlarms": []})
    return len(ids)


class Counter:
    def __init__(self) -> None:
        self.calls = self.metrics = 0
        self.lock = threading.Lock()

    def __call__(self, params, **_) -> None:  # type: ignore[no-untyped-def]
        with self.lock:
            self.calls += 1
            self.metrics += len(params.get("MetricDataQueries", []))


def get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        return response.status


def main() -> None:
    app, token = setup()
    with app.app_context():
        client = cloudwatch._client("cloudwatch", _target(db.session.scalars(db.select(Dashboard)).one()))
    counter = Counter()
    client.meta.events.register("provide-client-params.cloudwatch.GetMetricData", counter)
    stubber = Stubber(client)
    stubber.activate()
    from tests.live import serve

    with serve(app) as base:
        url = f"{base}/teams/checkout/dashboard"
        # 1. one cold render
        queries = queue_one_fetch(app, stubber)
        assert get(url, token) == 200
        calls_cold, metrics_cold = counter.calls, counter.metrics
        # 2. a hundred viewers at once on a cold cache
        with app.app_context():
            db.session.execute(db.delete(FetchedNumbers))
            db.session.commit()
        queue_one_fetch(app, stubber)
        counter.calls = counter.metrics = 0
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda: statuses.append(get(url, token))) for _ in range(VIEWERS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        hundred_seconds = time.perf_counter() - started
        metrics_100, calls_100 = counter.metrics, counter.calls
        # 3. warm render against a trivial page, in-process (server time only)
        test_client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def seconds(path: str) -> list[float]:
            times = []
            for _ in range(RENDERS):
                t = time.perf_counter()
                assert test_client.get(path, headers=headers).status_code == 200
                times.append(time.perf_counter() - t)
            return times

        seconds("/teams/checkout/dashboard")  # warm-up
        seconds("/api/v1/me")
        # In alternating rounds, so that a burst of other work on the machine falls on both pages alike.
        renders: list[float] = []
        trivials: list[float] = []
        for _ in range(ROUNDS):
            renders += seconds("/teams/checkout/dashboard")
            trivials += seconds("/api/v1/me")
        warm, trivial = statistics.median(renders), statistics.median(trivials)
        # 4. bytes in Chromium, first and repeat visit
        first_bytes, repeat_bytes = browser_bytes(base)
    stubber.deactivate()
    figures = {
        "queries": queries, "calls_cold": calls_cold, "metrics_requested_cold": metrics_cold,
        "calls_lower_bound": math.ceil(queries / cloudwatch.MAX_QUERIES_PER_CALL), "naive_calls": queries,
        "viewers": VIEWERS, "viewer_errors": sum(1 for s in statuses if s != 200), "calls_100_viewers": calls_100,
        "metrics_requested_100_viewers": metrics_100, "seconds_100_viewers": round(hundred_seconds, 2),
        "warm_render_ms": round(warm * 1000, 2), "trivial_page_ms": round(trivial * 1000, 2),
        "warm_render_ratio": round(warm / trivial, 2),
        "first_visit_bytes": first_bytes, "repeat_visit_bytes": repeat_bytes,
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures))


def browser_bytes(base: str) -> tuple[int, int]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        page.goto(f"{base}/login")
        page.fill("#email", "viewer@example.com")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        sizes = []
        for _ in range(2):
            page.goto(f"{base}/teams/checkout/dashboard")
            page.wait_for_selector("#charts[data-drawn=true]", timeout=30000)
            sizes.append(int(page.evaluate(
                "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                ".reduce((total, e) => total + e.transferSize, 0)")))
        browser.close()
    return sizes[0], sizes[1]


if __name__ == "__main__":
    main()
