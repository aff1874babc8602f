"""Follow-through per team over the last quarter: the numbers, and the chart in a browser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem, Status
from opsreview.actions.stats import team_records
from opsreview.extensions import db
from tests.conftest import make_app
from tests.factories import add_team, add_user
from tests.live import serve
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

TODAY = date(2030, 6, 30)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def seed_quarter() -> None:
    owner = add_user(Role.MEMBER).id
    ledger, refunds = add_team("Ledger").id, add_team("Refunds").id
    made = TODAY - timedelta(days=60)
    db.session.add_all(
        [
            # Ledger: 2 due, 1 done on time, 1 done late; one open item 10 days old with 2 slips
            ActionItem(title="a", owner_id=owner, team_id=ledger, due_on=TODAY - timedelta(days=30), created_at=at(made),
                       status=Status.DONE, closed_at=at(TODAY - timedelta(days=31))),
            ActionItem(title="b", owner_id=owner, team_id=ledger, due_on=TODAY - timedelta(days=20), created_at=at(made),
                       status=Status.DONE, closed_at=at(TODAY - timedelta(days=5))),
            ActionItem(title="c", owner_id=owner, team_id=ledger, due_on=TODAY + timedelta(days=9),
                       created_at=at(TODAY - timedelta(days=10)), slips=2),
            # Refunds: 1 due and still open (not on time), 30 days old
            ActionItem(title="d", owner_id=owner, team_id=refunds, due_on=TODAY - timedelta(days=1),
                       created_at=at(TODAY - timedelta(days=30))),
        ]
    )
    db.session.commit()


def test_on_time_rate_age_and_slips_per_team(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        seed_quarter()
        records = {r.team: r for r in team_records(TODAY)}
        order = [r.team for r in team_records(TODAY)]
    assert records["Ledger"].due == 2 and records["Ledger"].on_time == 1 and records["Ledger"].on_time_rate == 0.5
    assert records["Ledger"].median_open_age_days == 10 and records["Ledger"].slips == 2
    assert records["Refunds"].on_time_rate == 0 and records["Refunds"].median_open_age_days == 30
    assert order == ["Refunds", "Ledger"]  # worst first


@pytest.mark.browser
def test_the_chart_draws_in_the_browser_from_plotly_served_here(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app = make_app(f"sqlite:///{tmp_path / 'stats.sqlite3'}", tmp_path)
    with app.app_context():
        add_user(Role.VIEWER, password="a long test passphrase")
        seed_quarter()
        db.session.execute(db.update(ActionItem).values(created_at=at(date.today() - timedelta(days=20))))
        db.session.commit()
    with serve(app) as base:
        page = browser.new_page()
        problems: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/login")
        page.fill("#email", "viewer@example.com")
        page.fill("#password", "a long test passphrase")
        page.click("button[type=submit]")
        page.goto(f"{base}/actions/stats")
        page.wait_for_selector("#follow-through[data-drawn=true]", timeout=20_000)
        assert page.locator("#follow-through .main-svg").count() >= 1
        page.close()
    assert problems == []
    assert all(url.startswith(base) for url in requests), "everything is served by the app itself"
