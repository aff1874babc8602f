"""Warming the picked team's dashboard never fails the spin that picked it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from botocore.exceptions import ReadTimeoutError

from opsreview import clock
from opsreview.accounts.models import Role
from opsreview.dashboards import cache, services
from opsreview.dashboards.models import FetchedNumbers
from opsreview.dashboards.weeks import window_for
from opsreview.extensions import db
from opsreview.spins.models import Spin
from tests.conftest import client_as
from tests.factories import add_meeting, add_teams


@pytest.fixture
def team_ids(app) -> list[int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return [team.id for team in add_teams(3)]


@pytest.fixture
def meeting_id(app, team_ids) -> int:  # type: ignore[no-untyped-def]
    """Today's meeting, whose picks are warmed inline, in the spin's own request."""
    app.config["DASHBOARD_WARM_ON_PICK"] = "inline"
    with app.app_context():
        return add_meeting(date.today()).id


def _spin(app, meeting_id: int):  # type: ignore[no-untyped-def]
    return client_as(app, Role.HOST).post(f"/api/v1/meetings/{meeting_id}/spins", json={})


def _spins(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return len(db.session.scalars(db.select(Spin)).all())


def test_a_pick_stands_when_warming_its_dashboard_fails(app, meeting_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ReadTimeoutError(endpoint_url="https://monitoring.us-east-1.amazonaws.com/")

    monkeypatch.setattr(services, "fetch", broken)
    response = _spin(app, meeting_id)
    assert response.status_code == 201 and response.get_json()["spin"]["team"] is not None
    assert _spins(app) == 1


def test_a_pick_stands_when_someone_else_is_already_fetching_its_dashboard(app, meeting_id, team_ids, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    now = clock.now_utc()
    monkeypatch.setattr(clock, "now_utc", lambda: now)
    monkeypatch.setattr(cache, "WAIT", timedelta(seconds=0.2))
    with app.app_context():  # a viewer's fetch of every team's numbers is under way
        for team_id in team_ids:
            key = cache.key(team_id, 0, 300, "last7", window_for(None, now).key())
            db.session.add(FetchedNumbers(key=key, team_id=team_id, lease_until=now + timedelta(minutes=1)))
        db.session.commit()
    response = _spin(app, meeting_id)
    assert response.status_code == 201 and _spins(app) == 1
