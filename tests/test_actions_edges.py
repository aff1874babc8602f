"""Action item edge cases found in review: nothing half-saved, closed stays closed, no 500s."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem, Status
from opsreview.actions.reminders import digest, plain
from opsreview.actions.stats import team_records
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_team, add_user

SOON = (date.today() + timedelta(days=5)).isoformat()


@pytest.fixture
def item_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.LEADER)
        owner = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        record = ActionItem(title="Alarm on p99", owner_id=owner.id, due_on=date.today() + timedelta(days=7))
        db.session.add(record)
        db.session.commit()
        return record.id


def test_a_patch_that_fails_saves_nothing(app, item_id) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    response = leader.patch(f"/api/v1/action-items/{item_id}", json={"title": "CHANGED", "due_on": "2001-01-01", "reason": "x"})
    assert response.status_code == 422
    assert leader.get(f"/api/v1/action-items/{item_id}").get_json()["action_item"]["title"] == "Alarm on p99"


def test_a_closed_item_stays_closed_when_done_is_clicked_again(app, item_id) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    leader.post(f"/actions/{item_id}/done")
    with app.app_context():
        first_close = db.session.get(ActionItem, item_id).closed_at
    leader.post(f"/actions/{item_id}/done")
    leader.post(f"/actions/{item_id}/reschedule", data={"due_on": SOON, "reason": "again"})
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert item.closed_at == first_close and item.slips == 0 and item.status == Status.DONE
    again = leader.patch(f"/api/v1/action-items/{item_id}", json={"status": "won't do", "reason": "x"})
    assert again.status_code == 409


def test_an_old_item_due_this_quarter_counts(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        owner, team = add_user(Role.MEMBER).id, add_team("Ledger").id
        due = date.today() - timedelta(days=10)
        db.session.add(ActionItem(title="old", owner_id=owner, team_id=team, due_on=due, status=Status.DONE,
                                  created_at=datetime.now(UTC) - timedelta(days=200),
                                  closed_at=datetime.now(UTC) - timedelta(days=12)))
        db.session.commit()
        records = team_records(date.today())
    assert records[0].team == "Ledger" and records[0].due == 1 and records[0].on_time == 1


@pytest.mark.parametrize("path", ["/calendar/person/1/%C3%A9.ics", "/actions/?owner_id=99999999999",
                                  "/actions/export.csv?team_id=99999999999", "/actions/?endpoint=x&_scheme=y"])
def test_odd_addresses_are_answered_without_a_crash(app, item_id, path) -> None:  # type: ignore[no-untyped-def]
    assert client_as(app, Role.LEADER).get(path).status_code in (200, 404)


def test_far_future_dates_and_viewer_owners_are_refused(app, item_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.VIEWER, email="vic@example.com", name="Vic")
    leader = client_as(app, Role.LEADER)
    far = leader.post("/api/v1/action-items", json={"title": "x", "owner": "morgan@example.com", "due_on": "9999-12-31"})
    assert far.status_code == 422 and far.get_json()["error"]["field"] == "due_on"
    viewer = leader.post("/api/v1/action-items", json={"title": "x", "owner": "vic@example.com", "due_on": SOON})
    assert viewer.status_code == 422 and "member role" in viewer.get_json()["error"]["message"]


def test_a_bad_list_filter_names_the_field(app, item_id) -> None:  # type: ignore[no-untyped-def]
    response = client_as(app, Role.LEADER).get("/api/v1/action-items?owner_id=abc")
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "owner_id"


def test_the_chat_digest_cannot_ping_a_whole_channel(app, item_id) -> None:  # type: ignore[no-untyped-def]
    assert plain("<!channel> deploy & <@U123>") == "&lt;!channel&gt; deploy &amp; &lt;@U123&gt;"
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        item.title = "<!channel> fix"
        assert "<!channel>" not in digest(item.owner, [item], date.today())
