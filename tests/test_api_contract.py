"""The OpenAPI document matches the API, and schemathesis finds no 5xx or schema break."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path


from opsreview.accounts.models import Role, TokenScope
from opsreview.accounts.services import create_token
from opsreview.openapi import document
from tests.conftest import make_app
from tests.factories import add_meeting, add_teams, add_user
from tests.live import serve

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def api_routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule.rule[len("/api/v1") :])
            routes |= {(path, m) for m in (rule.methods or set()) & METHODS}
    return routes


def documented() -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in document()["paths"].items() for method in item}


def test_the_openapi_document_describes_every_route_and_nothing_else(app) -> None:  # type: ignore[no-untyped-def]
    assert documented() == api_routes(app)


def test_the_openapi_document_is_served_without_signing_in(anonymous) -> None:  # type: ignore[no-untyped-def]
    body = anonymous.get("/api/v1/openapi.json").get_json()
    assert body["openapi"].startswith("3.") and "/teams" in body["paths"]


def test_schemathesis_finds_no_server_error_or_schema_break(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path)
    with app.app_context():
        add_teams(8)
        add_meeting(date(2030, 1, 10))
        _, token = create_token(add_user(Role.ADMIN), "schemathesis", TokenScope.READ_WRITE)
    report = tmp_path / "schemathesis.xml"
    examples = os.environ.get("SCHEMATHESIS_EXAMPLES", "20")
    with serve(app) as base:
        run = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")), "run", f"{base}/api/v1/openapi.json",
                "--header", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples", examples, "--seed", "1", "--workers", "1",
                "--phases", "examples,coverage,fuzzing",
                "--report", "junit", "--report-junit-path", str(report),
                "--request-timeout", "20",
            ],
            capture_output=True, text=True, timeout=900,
        )
    summary = "\n".join(run.stdout.strip().splitlines()[-25:])
    print(summary)
    suites = ET.parse(report).getroot()
    cases = suites.findall(".//testcase")
    failures = [
        f"{c.get('name')}: {(c.find('failure') if c.find('failure') is not None else c.find('error')).text}"
        for c in cases
        if c.find("failure") is not None or c.find("error") is not None
    ]
    # Every operation was exercised (schemathesis leaves out the document it reads).
    operations = sum(len(item) for path, item in document()["paths"].items() if path != "/openapi.json")
    assert len(cases) == operations, summary
    assert failures == [], summary
    assert run.returncode == 0, summary
