"""Action items captured on the projector remember where in the meeting they were raised."""

from __future__ import annotations

from datetime import date, timedelta

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem, Source
from opsreview.agenda.models import AgendaItem, Kind
from opsreview.extensions import db
from tests.coe_helpers import ready_coe
from tests.conftest import client_as
from tests.factories import add_meeting, add_team, add_teams, add_user

TODAY = date.today()
DUE = (TODAY + timedelta(days=14)).isoformat()


def capture(host, meeting_id: int, item_id: int | str, title: str = "Add p99.9 to the dashboard", **extra):  # type: ignore[no-untyped-def]
    data = {"title": title, "owner": "morgan@example.com", "due_on": DUE, "agenda_item_id": str(item_id), **extra}
    return host.post(f"/meetings/{meeting_id}/actions", data=data)


def captured(app, title: str) -> ActionItem:  # type: ignore[no-untyped-def]
    with app.app_context():
        item = db.session.scalars(db.select(ActionItem).where(ActionItem.title == title)).one()
        db.session.expunge(item)
        return item


def test_an_item_raised_during_a_dashboard_review_belongs_to_the_team_on_the_screen(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_teams(3)
        add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        meeting_id = add_meeting(TODAY, slots=1).id
    host = client_as(app, Role.HOST)
    items = host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["items"]
    wheel = next(i["id"] for i in items if i["section"] == "wheel")
    host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": "go", "item_id": wheel})
    team = host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": "spin"}).get_json()["current"]["team"]
    response = capture(host, meeting_id, wheel)
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting_id}/projector"
    item = captured(app, "Add p99.9 to the dashboard")
    assert item.source == Source.DASHBOARD and team["name"] in item.source_ref
    with app.app_context():
        from opsreview.teams.models import Team

        assert db.session.get(Team, item.team_id).slug == team["slug"]


def test_an_item_raised_during_a_coe_review_corrects_that_coe(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        team_id = add_team("Checkout").id
        add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        meeting_id = add_meeting(TODAY + timedelta(days=2)).id
    coe_id = ready_coe(client_as(app, Role.ADMIN), team_id)
    with app.app_context():
        on_agenda = db.session.scalars(db.select(AgendaItem.id).where(AgendaItem.kind == Kind.COE)).one()
    capture(client_as(app, Role.HOST), meeting_id, on_agenda, title="Alarm on certificate expiry")
    item = captured(app, "Alarm on certificate expiry")
    assert (item.source, item.coe_id, item.team_id) == (Source.COE, coe_id, team_id)


def test_a_capture_off_the_agenda_still_names_the_meeting_and_a_bad_one_keeps_what_was_typed(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        meeting_id = add_meeting(TODAY).id
    host = client_as(app, Role.HOST)
    capture(host, meeting_id, "", title="Write the runbook")
    item = captured(app, "Write the runbook")
    assert item.source == Source.AGENDA and item.source_ref == f"meeting of {TODAY:%d %b %Y}" and item.team_id is None
    refused = capture(host, meeting_id, "7", title="Typed but no owner", owner="nobody@example.com")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'value="Typed but no owner"' in page
    assert f'action="/meetings/{meeting_id}/actions"' in page and 'name="agenda_item_id" value="7"' in page
    assert client_as(app, Role.MEMBER).post(f"/meetings/{meeting_id}/actions", data={}).status_code == 403


def test_the_projectors_script_captures_in_json_and_hears_what_is_wrong(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        meeting_id = add_meeting(TODAY).id
    host = client_as(app, Role.HOST)
    json_first = {"Accept": "application/json"}
    done = host.post(f"/meetings/{meeting_id}/actions", headers=json_first,
                     data={"title": "Page on p99", "owner": "morgan@example.com", "due_on": DUE, "agenda_item_id": ""})
    assert done.status_code == 201 and done.get_json()["message"].startswith("Captured: “Page on p99” for Morgan")
    bad = host.post(f"/meetings/{meeting_id}/actions", headers=json_first,
                    data={"title": "Page on p99.9", "owner": "nobody@example.com", "due_on": DUE})
    assert bad.status_code == 400 and "owner" in bad.get_json()["errors"]
