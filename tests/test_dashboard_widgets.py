"""Adding a widget: a bad one is refused with the reason and what was typed, whatever the numbers are doing."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from markupsafe import escape

from opsreview import clock
from opsreview.accounts.models import Role
from opsreview.dashboards import cache
from opsreview.dashboards.models import FetchedNumbers
from opsreview.dashboards.weeks import window_for
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_team


@pytest.fixture
def ledger(app) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    with app.app_context():
        team = add_team("Ledger")
        return SimpleNamespace(id=team.id, slug=team.slug)


def _metric(dimensions: str) -> dict[str, str]:
    return {"kind": "metric", "title": "Orders placed", "namespace": "Shop", "metric_name": "Orders",
            "dimensions": dimensions, "statistic": "Sum", "better": "higher"}


@pytest.mark.parametrize(
    ("dimensions", "reason"),
    [
        ("N" * 256 + "=ledger", "A dimension name has at most 255 characters"),
        ("Service=" + "v" * 1025, "A dimension value has at most 1024 characters; Service's is longer."),
        ("Service=ledger\nStage=prod\nService=other", "Service is given twice; a metric has each dimension once."),
        ("\n".join(f"D{n}=v" for n in range(31)), "CloudWatch allows at most 30 dimensions."),
    ],
    ids=["long-name", "long-value", "twice", "31-dimensions"],
)
def test_a_widget_cloudwatch_would_refuse_is_refused_with_the_reason_and_what_was_typed(app, ledger, dimensions, reason) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    response = member.post(f"/teams/{ledger.slug}/dashboard/widgets", data=_metric(dimensions))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and str(escape(reason)) in page
    assert str(escape(dimensions)) in page and 'value="Orders placed"' in page
    assert member.get(f"/api/v1/teams/{ledger.slug}/dashboard").get_json()["widgets"] == []


def test_thirty_distinct_dimensions_at_their_longest_are_accepted(app, ledger) -> None:  # type: ignore[no-untyped-def]
    dimensions = "\n".join(f"{n:02d}{'N' * 253}={'v' * 1024}" for n in range(30))
    response = client_as(app, Role.MEMBER).post(f"/teams/{ledger.slug}/dashboard/widgets", data=_metric(dimensions))
    assert response.status_code == 302


def test_a_bad_widget_while_the_numbers_are_still_being_fetched_keeps_what_was_typed(app, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    now = clock.now_utc()
    monkeypatch.setattr(clock, "now_utc", lambda: now)
    monkeypatch.setattr(cache, "WAIT", timedelta(seconds=0.2))
    with app.app_context():  # somebody else's first fetch of these numbers is under way
        key = cache.key(ledger.id, 0, 300, "last7", window_for(None, now).key())
        db.session.add(FetchedNumbers(key=key, team_id=ledger.id, lease_until=now + timedelta(minutes=1)))
        db.session.commit()
    member = client_as(app, Role.MEMBER)
    assert member.get(f"/teams/{ledger.slug}/dashboard").status_code == 503
    response = member.post(f"/teams/{ledger.slug}/dashboard/widgets",
                           data={"kind": "link", "title": "Our runbook", "url": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "must be an http or https address" in page
    assert 'value="Our runbook"' in page and 'http-equiv="refresh"' not in page  # a refresh would lose it
