"""A warm dashboard: the shared numbers read from the database on every view, and nothing else twice."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from opsreview.accounts.models import Role
from opsreview.dashboards import cache
from opsreview.dashboards.models import FetchedNumbers
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_team

FIGURES = re.compile(r'<script type="application/json" id="dashboard-figures">(.*?)</script>', re.S)


@pytest.fixture
def slug(app) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Zahlungen · Süd", slug="zahlungen-sud").slug


@contextmanager
def tables_read(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The table each SELECT sent to the database reads from, in order."""
    read: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        found = re.search(r'\bFROM "?(\w+)"?', statement)
        if statement.lstrip().upper().startswith("SELECT") and found:
            read.append(found.group(1))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield read
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _stored(app) -> FetchedNumbers:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalars(db.select(FetchedNumbers)).one()


def test_a_warm_view_reads_the_shared_numbers_once_and_nothing_twice(app, client, slug) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/teams/{slug}/dashboard").status_code == 200  # fetched and stored
    with tables_read(app) as read:
        assert client.get(f"/teams/{slug}/dashboard").status_code == 200
    assert sorted(read) == ["dashboard", "fetched_numbers", "team", "user"]


def test_a_warm_view_shows_numbers_another_worker_stored_meanwhile(app, client, slug) -> None:  # type: ignore[no-untyped-def]
    assert "worker-two-alarm" not in client.get(f"/teams/{slug}/dashboard").get_data(as_text=True)
    with app.app_context():  # another process stores new numbers under the same key and time
        row = db.session.scalars(db.select(FetchedNumbers)).one()
        payload = json.loads(row.payload)
        payload["alarms"] = [{"name": "worker-two-alarm", "state": "ALARM", "type": "metric", "children": []}]
        row.payload = json.dumps(payload)
        db.session.commit()
    assert "worker-two-alarm" in client.get(f"/teams/{slug}/dashboard").get_data(as_text=True)


def test_a_warm_view_does_not_parse_numbers_it_has_already_parsed(app, client, slug, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/teams/{slug}/dashboard")
    client.get(f"/teams/{slug}/dashboard")
    stored = _stored(app).payload
    parsed: list[str] = []
    real = json.loads  # the json module is everybody's (the session cookie is JSON too): count the numbers only
    monkeypatch.setattr(cache.json, "loads", lambda text, **kw: (text == stored and parsed.append(text)) or real(text, **kw))
    page = client.get(f"/teams/{slug}/dashboard").get_data(as_text=True)
    assert parsed == [] and "Zahlungen · Süd" in page


def test_the_page_carries_the_stored_charts_as_they_are_beside_any_name(app, client, slug) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/teams/{slug}/dashboard").get_data(as_text=True)
    assert "<h1>Zahlungen · Süd" in page
    assert FIGURES.findall(page) == [_stored(app).figures]
    assert json.loads(FIGURES.findall(page)[0])[0]["title"] == "Latency of GetOrder (ms)"


def test_chart_points_that_are_whole_numbers_are_written_without_decimals(app, client, slug) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/teams/{slug}/dashboard")
    charts = json.loads(_stored(app).figures)
    requests = next(chart for chart in charts if chart["title"] == "Requests per period")["figure"]["data"][0]["y"]
    assert all(isinstance(value, int) for value in requests if value is not None)
    assert not re.search(r"\d\.0[,\]]", _stored(app).figures)


@pytest.mark.parametrize(("role", "offered"), [(Role.VIEWER, False), (Role.MEMBER, True)])
def test_only_members_are_offered_the_form_to_add_a_widget(app, slug, role, offered) -> None:  # type: ignore[no-untyped-def]
    page = client_as(app, role).get(f"/teams/{slug}/dashboard").get_data(as_text=True)
    assert ('id="add-widget"' in page) == offered
