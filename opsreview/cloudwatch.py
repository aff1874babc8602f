"""CloudWatch, behind one small module: plain data in, plain data out, clear problems on failure.

Nothing else in the app imports boto3. Credentials come from the standard chain (environment,
profile, instance or task role); a team may name a role to assume, usually in its own account.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
)

MAX_QUERIES_PER_CALL = 500  # GetMetricData's limit
USABLE = ("Complete", "PartialData")  # PartialData: more pages follow, with NextToken
_CHILD = re.compile(r"\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*(?:\"([^\"]+)\"|'([^']+)'|([^\s)]+))\s*\)")


class CloudWatchProblem(Exception):
    """What went wrong, said so that someone knows what to fix."""

    def __init__(self, message: str, action: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.action = action


@dataclass(frozen=True)
class Target:
    """Where to ask: a region, an optional role to assume, an optional emulator endpoint."""

    region: str = ""
    role_arn: str = ""
    endpoint_url: str = ""
    sts_endpoint_url: str = ""
    max_attempts: int = 3
    timeout: float = 10.0


@dataclass
class Series:
    label: str
    points: list[tuple[datetime, float]]


@dataclass
class MetricData:
    series: dict[str, list[Series]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # query id -> what CloudWatch said about it
    calls: int = 0
    queries_sent: int = 0


def get_metric_data(target: Target, queries: list[dict[str, Any]], start: datetime, end: datetime) -> MetricData:
    """All ``queries`` (GetMetricData's MetricDataQueries) in calls of at most 500, every page followed."""
    client = _client("cloudwatch", target)
    data = MetricData()
    for offset in range(0, len(queries), MAX_QUERIES_PER_CALL):
        batch = queries[offset : offset + MAX_QUERIES_PER_CALL]
        token: str | None = None
        while True:
            request: dict[str, Any] = {"MetricDataQueries": batch, "StartTime": start, "EndTime": end}
            if token:
                request["NextToken"] = token
            response = _call(client.get_metric_data, "GetMetricData", **request)
            data.calls += 1
            data.queries_sent += len(batch)
            for result in response.get("MetricDataResults", []):
                _merge(data.series.setdefault(result["Id"], []), result)
                if result.get("StatusCode", "Complete") not in USABLE:
                    data.problems[result["Id"]] = _status_problem(result)
            token = response.get("NextToken")
            if not token:
                break
    return data


def _merge(known: list[Series], result: dict[str, Any]) -> None:
    """Add one result page; a later page of the same series extends it."""
    label = result.get("Label", "")
    points = list(zip(result.get("Timestamps", []), result.get("Values", []), strict=False))
    for series in known:
        if series.label == label:
            series.points = sorted(series.points + points)
            return
    known.append(Series(label, sorted(points)))


def _status_problem(result: dict[str, Any]) -> str:
    """One query CloudWatch would not answer, while the rest of the call succeeded."""
    status = result["StatusCode"]
    said = "; ".join(m.get("Value") or m.get("Code", "") for m in result.get("Messages", [])) or "no reason given"
    what = result.get("Label") or result["Id"]
    if status == "Forbidden":
        return f"CloudWatch refused the query for {what} (Forbidden: {said}); check the metric and the account's access to it."
    return f"CloudWatch could not answer the query for {what} ({status}: {said}); it is asked again when the numbers refresh."


def list_dimension_values(target: Target, namespace: str, metric: str, match: dict[str, str], wanted: str) -> list[str]:
    """Every value of dimension ``wanted`` on ``metric`` whose other dimensions include ``match``."""
    client = _client("cloudwatch", target)
    dimensions = [{"Name": k, "Value": v} for k, v in match.items()] + [{"Name": wanted}]
    values: set[str] = set()
    pages = client.get_paginator("list_metrics").paginate(Namespace=namespace, MetricName=metric, Dimensions=dimensions)
    for page in _pages(pages, "ListMetrics"):
        for found in page.get("Metrics", []):
            values.update(d["Value"] for d in found.get("Dimensions", []) if d["Name"] == wanted)
    return sorted(values)


def describe_alarms(target: Target, prefix: str) -> list[dict[str, Any]]:
    """Metric and composite alarms whose names start with ``prefix``, composites with their children."""
    client = _client("cloudwatch", target)
    request: dict[str, Any] = {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"]}
    if prefix:
        request["AlarmNamePrefix"] = prefix
    alarms: list[dict[str, Any]] = []
    for page in _pages(client.get_paginator("describe_alarms").paginate(**request), "DescribeAlarms"):
        for alarm in page.get("MetricAlarms", []):
            alarms.append({"name": alarm["AlarmName"], "state": alarm["StateValue"], "type": "metric", "children": []})
        for alarm in page.get("CompositeAlarms", []):
            children = [next(g for g in found if g) for found in _CHILD.findall(alarm.get("AlarmRule", ""))]
            alarms.append(
                {"name": alarm["AlarmName"], "state": alarm["StateValue"], "type": "composite", "children": children}
            )
    return alarms


def _pages(pages: Iterable[dict[str, Any]], action: str) -> Iterable[dict[str, Any]]:
    try:
        yield from pages
    except (ClientError, BotoCoreError) as error:
        raise _problem(error, action) from error


def _call(method: Any, action: str, **request: Any) -> dict[str, Any]:
    try:
        return method(**request)
    except (ClientError, BotoCoreError) as error:
        raise _problem(error, action) from error


def _problem(error: Exception, action: str) -> CloudWatchProblem:
    """Turn an SDK error into a sentence that names what to fix."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        text = error.response.get("Error", {}).get("Message", "")
        if code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"):
            service = "sts" if action == "AssumeRole" else "cloudwatch"
            return CloudWatchProblem(f"Access denied: allow {service}:{action} for the credentials opsreview uses.", action)
        if "Throttl" in code or code == "RequestLimitExceeded":
            return CloudWatchProblem(f"CloudWatch is throttling {action}; the numbers refresh once it lets up.", action)
        return CloudWatchProblem(f"CloudWatch refused {action} ({code}): {text}", action)
    if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
        return CloudWatchProblem(
            "No AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
            "or run opsreview with an instance or task role.",
            action,
        )
    if isinstance(error, ProfileNotFound):
        return CloudWatchProblem(
            f"No AWS profile named {error.kwargs.get('profile', '')} in the AWS config: set AWS_PROFILE to one "
            "that exists, or unset it to use the environment's or the instance's credentials.",
            action,
        )
    if isinstance(error, NoRegionError):
        return CloudWatchProblem("No AWS region: set AWS_REGION or the team's region.", action)
    if isinstance(error, EndpointConnectionError):
        return CloudWatchProblem(f"Could not reach CloudWatch ({error}).", action)
    return CloudWatchProblem(f"CloudWatch did not answer {action}: {error}", action)


_clients: dict[tuple[str, Target], tuple[Any, float]] = {}
_clients_lock = threading.Lock()


def _client(service: str, target: Target) -> Any:
    """A client per target, kept until its assumed-role credentials are about to expire."""
    key = (service, target)
    with _clients_lock:
        cached = _clients.get(key)
        if cached and cached[1] > time.time():
            return cached[0]
    client, expires = _new_client(service, target)
    with _clients_lock:
        _clients[key] = (client, expires)
    return client


def _new_client(service: str, target: Target) -> tuple[Any, float]:
    """A new client; any SDK error on the way (a missing profile, a bad region) is a problem, not a 500."""
    try:
        return _connect(service, target)
    except BotoCoreError as error:
        raise _problem(error, "connect") from error


def _connect(service: str, target: Target) -> tuple[Any, float]:
    config = Config(
        connect_timeout=min(3.0, target.timeout),
        read_timeout=target.timeout,
        retries={"max_attempts": target.max_attempts, "mode": "standard"},
        user_agent_extra="opsreview",
    )
    region = target.region or None
    expires = time.time() + 24 * 3600
    session = boto3.session.Session(region_name=region)
    if target.role_arn:
        sts = session.client("sts", endpoint_url=target.sts_endpoint_url or None, config=config)
        credentials = _call(sts.assume_role, "AssumeRole", RoleArn=target.role_arn, RoleSessionName="opsreview")[
            "Credentials"
        ]
        session = boto3.session.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=region,
        )
        expires = credentials["Expiration"].timestamp() - 300
    return session.client(service, endpoint_url=target.endpoint_url or None, config=config), expires
