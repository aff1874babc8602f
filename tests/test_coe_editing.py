"""Writing a COE without losing it: a lost session, an archived team, odd dates; and action items
raised in the review."""

from __future__ import annotations

from datetime import date

import pytest

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db
from tests.coe_helpers import add_action, create_coe, ready_coe
from tests.conftest import client_as
from tests.factories import add_meeting, add_team
from tests.test_coes import editor_data


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Checkout").id


def test_a_signed_out_autosave_hears_401_in_json_not_the_sign_in_page(client, anonymous, app) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    # As the editor's script asks: JSON first.
    response = anonymous.post(f"/coes/{coe_id}/autosave", data=editor_data(summary="Typed after the session ended."),
                              headers={"Accept": "application/json"})
    assert response.status_code == 401 and "Sign in first" in response.get_json()["error"]["message"]
    with app.app_context():
        assert db.session.get(Coe, coe_id).summary != "Typed after the session ended."


def test_a_signed_out_visit_to_the_editor_still_goes_to_the_sign_in_page(client, anonymous) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client)
    response = anonymous.get(f"/coes/{coe_id}/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_only_the_editor_opened_right_after_creating_drops_the_new_coe_copy(client) -> None:  # type: ignore[no-untyped-def]
    other = create_coe(client, title="An older COE")
    assert "data-created" not in client.get(f"/coes/{other}/edit").get_data(as_text=True)
    created = client.post("/coes/new", data=editor_data())
    assert created.status_code == 302
    assert "data-created" in client.get(created.headers["Location"]).get_data(as_text=True)
    assert "data-created" not in client.get(created.headers["Location"]).get_data(as_text=True)  # once only


def test_a_coe_whose_team_was_archived_still_saves(client, app, team_id) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, team_id)
    assert client.post("/teams/checkout/archive").status_code == 302
    page = client.get(f"/coes/{coe_id}/edit").get_data(as_text=True)
    assert f'<option selected value="{team_id}">Checkout (archived)</option>' in page
    saved = client.post(f"/coes/{coe_id}/autosave", data=editor_data(team_id=str(team_id), summary="Still ours."))
    assert saved.status_code == 200, saved.get_json()
    assert client.post(f"/coes/{coe_id}/edit", data=editor_data(team_id=str(team_id))).status_code == 302
    with app.app_context():
        assert db.session.get(Coe, coe_id).team_id == team_id
    assert f'value="{team_id}"' not in client.get("/coes/new").get_data(as_text=True)  # not for a new COE


@pytest.mark.parametrize("times", [
    {"event_start_at": "0001-01-01T00:30", "resolved_at": "0001-01-01T05:00"},
    {"event_start_at": "0001-01-01T00:30", "detected_at": None, "mitigated_at": None, "resolved_at": None},
    {"event_start_at": "9999-12-31T20:00", "detected_at": None, "mitigated_at": None, "resolved_at": "9999-12-31T23:30"},
])
def test_a_snapshot_for_times_at_the_ends_of_the_calendar_is_explained_not_a_500(client, app, team_id, times) -> None:  # type: ignore[no-untyped-def]
    coe_id = create_coe(client, team_id, timeline=[], **times)
    response = client.post(f"/coes/{coe_id}/snapshot", follow_redirects=True)
    assert response.status_code == 200
    assert "the event&#39;s times are outside the years a dashboard can show" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Coe, coe_id).metrics is None


@pytest.fixture
def reviewed_coe(app, team_id) -> int:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    coe_id = ready_coe(member, team_id, owner="member@example.com")
    with app.app_context():
        meeting_id = add_meeting(date(2030, 1, 10)).id
    client_as(app, Role.HOST).post(f"/coes/{coe_id}/review", data={"meeting_id": str(meeting_id)})
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.REVIEWED
    return coe_id


def test_a_leader_adds_an_action_item_raised_in_the_review(app, reviewed_coe) -> None:  # type: ignore[no-untyped-def]
    leader = client_as(app, Role.LEADER)
    assert 'id="add-action"' in leader.get(f"/coes/{reviewed_coe}").get_data(as_text=True)
    assert add_action(leader, reviewed_coe, title="Alarm on expiry dates", owner="member@example.com").status_code == 302
    with app.app_context():
        titles = db.session.scalars(db.select(ActionItem.title).where(ActionItem.coe_id == reviewed_coe)).all()
    assert "Alarm on expiry dates" in titles
    assert leader.get(f"/coes/{reviewed_coe}/edit").status_code == 403  # the text itself stays as reviewed


def test_the_author_cannot_add_action_items_once_reviewed(app, reviewed_coe) -> None:  # type: ignore[no-untyped-def]
    member = client_as(app, Role.MEMBER)
    assert 'id="add-action"' not in member.get(f"/coes/{reviewed_coe}").get_data(as_text=True)
    assert add_action(member, reviewed_coe, title="Late idea").status_code == 403


def test_a_script_that_names_json_first_hears_401_and_a_browser_goes_to_sign_in(anonymous) -> None:  # type: ignore[no-untyped-def]
    axios_like = anonymous.get("/coes/", headers={"Accept": "application/json, text/plain, */*"})
    assert axios_like.status_code == 401
    browser = anonymous.get("/coes/", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert browser.status_code == 302 and "/login" in browser.headers["Location"]
    assert anonymous.get("/coes/", headers={"Accept": "*/*"}).status_code == 302
