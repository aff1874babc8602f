"""Action items: an owner and a date, reported back until done."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem, Status
from opsreview.audit.models import AuditEntry
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_meeting, add_team, add_user

SOON = (date.today() + timedelta(days=10)).isoformat()
LATER = (date.today() + timedelta(days=24)).isoformat()


@pytest.fixture
def people(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.LEADER)
        add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        add_user(Role.MEMBER, email="riley@example.com", name="Riley")
        add_team("Ledger")


def item(app, **fields) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        from opsreview.accounts.services import find_user

        record = ActionItem(
            title=fields.pop("title", "Add p99 latency to the dashboard"),
            owner_id=find_user(fields.pop("owner", "morgan@example.com")).id,
            due_on=fields.pop("due_on", date.today() + timedelta(days=7)),
            **fields,
        )
        db.session.add(record)
        db.session.commit()
        return record.id


def test_a_leader_records_an_item_with_owner_and_date(app, people) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    response = leader.post("/actions/new", data={"title": "Alarm on p99", "owner": "morgan@example.com", "due_on": SOON,
                                                 "term": "medium", "source": "dashboard review"})
    assert response.status_code == 302
    page = leader.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alarm on p99" in page and "Morgan" in page and "dashboard review" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"owner": ""}, "An action item needs an owner."),
        ({"due_on": ""}, "An action item needs a due date."),
        ({"due_on": "2001-01-01"}, "cannot be in the past"),
        ({"owner": "nobody@example.com"}, "Nobody with the email “nobody@example.com”"),
    ],
)
def test_an_item_without_owner_or_date_is_refused_and_the_form_kept(app, people, changes, message) -> None:  # type: ignore[no-untyped-def]
    data = {"title": "Alarm on p99", "owner": "morgan@example.com", "due_on": SOON, "term": "long", "source": "none", **changes}
    page = client_as(app, Role.LEADER).post("/actions/new", data=data).get_data(as_text=True)
    assert message in page and 'value="Alarm on p99"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ActionItem.id))) == 0


def test_quick_capture_goes_back_to_the_page_it_came_from(app, people) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    response = leader.post("/actions/quick", data={"title": "Runbook for failover", "owner": "riley@example.com",
                                                   "due_on": SOON, "next": "/teams/ledger"})
    assert response.status_code == 302 and response.headers["Location"] == "/teams/ledger"
    bad = leader.post("/actions/quick", data={"title": "Runbook", "owner": "", "due_on": SOON, "next": "/teams/ledger"})
    assert bad.status_code == 400 and "needs an owner" in bad.get_data(as_text=True)


def test_one_click_done_closes_the_item(app, people) -> None:  # type: ignore[no-untyped-def]
    item_id = item(app)
    owner = client_as(app, Role.MEMBER)  # member@example.com is not the owner
    assert owner.post(f"/actions/{item_id}/done").status_code == 403
    with app.app_context():
        from opsreview.accounts.services import find_user

        morgan = find_user("morgan@example.com")
        client = app.test_client(user=morgan)
    client.post(f"/actions/{item_id}/done", data={"next": "/actions/mine"})
    with app.app_context():
        done = db.session.get(ActionItem, item_id)
        assert done.status == Status.DONE and done.closed_at is not None
    assert "Add p99 latency" not in client.get("/actions/mine").get_data(as_text=True).split("<h1>")[1]


def test_a_new_date_needs_a_reason_and_counts_as_a_slip(app, people) -> None:  # type: ignore[no-untyped-def]
    item_id = item(app)
    leader = client_as(app, Role.LEADER)
    refused = leader.post(f"/actions/{item_id}/reschedule", data={"due_on": LATER, "reason": ""})
    assert refused.status_code == 400 and "needs a reason" in refused.get_data(as_text=True)
    leader.post(f"/actions/{item_id}/reschedule", data={"due_on": LATER, "reason": "Waiting on the vendor"})
    with app.app_context():
        moved = db.session.get(ActionItem, item_id)
        assert moved.slips == 1 and moved.due_on.isoformat() == LATER
        change = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "reschedule")).one()
        assert change.summary == "Waiting on the vendor" and change.after["due_on"] == LATER
    assert "1×" in leader.get("/actions/").get_data(as_text=True)


def test_the_overdue_board_groups_by_team_longest_first(app, people) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        from opsreview.teams.models import Team

        team_id = db.session.scalars(db.select(Team.id)).one()
    item(app, title="Old one", due_on=date.today() - timedelta(days=9), team_id=team_id)
    item(app, title="Newer one", due_on=date.today() - timedelta(days=2), team_id=team_id)
    item(app, title="Not due yet")
    page = client_as(app, Role.VIEWER).get("/actions/overdue").get_data(as_text=True)
    assert "Ledger" in page and page.index("Old one") < page.index("Newer one")
    assert "9 days overdue" in page and "Not due yet" not in page


def test_the_list_filters_and_exports(app, people) -> None:  # type: ignore[no-untyped-def]
    item(app, title="Morgan's item")
    item(app, title="Riley's item", owner="riley@example.com")
    viewer = client_as(app, Role.VIEWER)
    with app.app_context():
        from opsreview.accounts.services import find_user

        riley = find_user("riley@example.com").id
    page = viewer.get(f"/actions/?owner_id={riley}").get_data(as_text=True)
    assert "Riley&#39;s item" in page and "Morgan&#39;s item" not in page
    exported = viewer.get("/actions/export.csv").get_data(as_text=True)
    assert exported.startswith("id,title,owner") and "riley@example.com" in exported


def test_an_item_reports_back_at_the_first_meeting_on_or_after_its_date(app, people) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_meeting(date.today() + timedelta(days=7))
        later = add_meeting(date.today() + timedelta(days=14)).id
    leader = client_as(app, Role.LEADER)
    made = leader.post("/api/v1/action-items", json={"title": "Fix", "owner": "riley@example.com", "due_on": SOON})
    assert made.get_json()["action_item"]["report_meeting_id"] == later


def test_the_api_applies_the_same_rules(app, people) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    bad = leader.post("/api/v1/action-items", json={"title": "Fix", "owner": "ghost@example.com", "due_on": SOON})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "owner"
    made = leader.post("/api/v1/action-items", json={"title": "Fix", "owner": "riley@example.com", "due_on": SOON})
    item_id = made.get_json()["action_item"]["id"]
    no_reason = leader.patch(f"/api/v1/action-items/{item_id}", json={"due_on": LATER})
    assert no_reason.status_code == 422 and no_reason.get_json()["error"]["field"] == "reason"
    moved = leader.patch(f"/api/v1/action-items/{item_id}", json={"due_on": LATER, "reason": "Vendor"})
    assert moved.get_json()["action_item"]["slips"] == 1
    wont = leader.patch(f"/api/v1/action-items/{item_id}", json={"status": "won't do"})
    assert wont.status_code == 422
    closed = leader.patch(f"/api/v1/action-items/{item_id}", json={"status": "won't do", "reason": "Service retired"})
    assert closed.get_json()["action_item"]["status"] == "won't do"
    assert client_as(app, Role.MEMBER).patch(f"/api/v1/action-items/{item_id}", json={"title": "x"}).status_code == 403


def test_leaders_can_capture_an_item_from_the_meeting_and_wheel_pages(app, people) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(date.today() + timedelta(days=3)).id
    leader, viewer = client_as(app, Role.LEADER), client_as(app, Role.VIEWER)
    for path in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/wheel"):
        assert 'id="quick-capture"' in leader.get(path).get_data(as_text=True)
        assert 'id="quick-capture"' not in viewer.get(path).get_data(as_text=True)
