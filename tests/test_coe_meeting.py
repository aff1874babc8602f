"""COEs in the meeting: sent for review, they reach the next agenda; presented, they are reviewed there."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsreview.accounts.models import Role
from opsreview.agenda.models import AgendaItem, ItemStatus, Kind, Minutes
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from tests.coe_helpers import complete_coe, ready_coe, times_on
from tests.conftest import client_as
from tests.factories import add_meeting, add_team

SOON = date.today() + timedelta(days=3)


@pytest.fixture
def team_id(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return add_team("Checkout").id


def coe_items(app, meeting_id: int) -> list[AgendaItem]:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = list(db.session.scalars(
            db.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.kind == Kind.COE)))
        db.session.expunge_all()
        return found


def test_a_coe_sent_for_review_is_submitted_to_the_next_meeting_and_reviewed_when_it_closes(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client, host = client_as(app, Role.ADMIN), client_as(app, Role.HOST)
    coe_id = ready_coe(client, team_id)
    (item,) = coe_items(app, meeting_id)
    assert (item.coe_id, item.status, item.title, item.presenter) == (
        coe_id, ItemStatus.SUBMITTED, "Checkout errors after a certificate expired", "Checkout")
    agenda = host.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert f'href="/coes/{coe_id}/present"' in agenda
    host.post(f"/agenda/items/{item.id}/accept")
    live = host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()
    (shown,) = [i for i in live["items"] if i["kind"] == "coe"]
    assert shown["link"] == f"/coes/{coe_id}/present"  # the projector's d key opens it, section by section
    assert host.post(f"/meetings/{meeting_id}/close").status_code == 302
    with app.app_context():
        coe = db.session.get(Coe, coe_id)
        assert (coe.status, coe.reviewed_meeting_id) == (CoeStatus.REVIEWED, meeting_id)
        (listed,) = db.session.get(Minutes, meeting_id).content["coes"]
    assert listed["title"] == "Checkout errors after a certificate expired"
    assert listed["link"].endswith(f"/coes/{coe_id}/present")


def test_a_coe_deferred_by_the_host_stays_ready_and_moves_to_the_following_meeting(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client, host = client_as(app, Role.ADMIN), client_as(app, Role.HOST)
    coe_id = ready_coe(client, team_id)
    (item,) = coe_items(app, meeting_id)
    host.post(f"/agenda/items/{item.id}/defer")
    host.post(f"/meetings/{meeting_id}/close")
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.READY
        moved = db.session.get(AgendaItem, item.id)
        assert moved.meeting_id != meeting_id and moved.coe_id == coe_id


def test_a_ready_coe_on_no_agenda_is_listed_and_the_host_adds_it_once(app, team_id) -> None:  # type: ignore[no-untyped-def]
    client, host = client_as(app, Role.ADMIN), client_as(app, Role.HOST)
    coe_id = ready_coe(client, team_id)  # no meeting is planned: it went to one planned for it
    with app.app_context():
        db.session.execute(db.delete(AgendaItem).where(AgendaItem.coe_id == coe_id))
        db.session.commit()
        meeting_id = add_meeting(SOON + timedelta(days=7)).id
    page = host.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    waiting = page.split('id="coes-waiting"')[1].split("</div>")[0]
    assert "Checkout errors after a certificate expired" in waiting and "Add to this agenda" in waiting
    assert "Add to this agenda" not in client_as(app, Role.MEMBER).get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert client_as(app, Role.LEADER).post(f"/meetings/{meeting_id}/agenda/coes/{coe_id}").status_code == 403
    host.post(f"/meetings/{meeting_id}/agenda/coes/{coe_id}")
    again = host.post(f"/meetings/{meeting_id}/agenda/coes/{coe_id}", follow_redirects=True).get_data(as_text=True)
    assert "already on the agenda" in again
    (item,) = coe_items(app, meeting_id)
    assert item.status == ItemStatus.ACCEPTED
    assert 'id="coes-waiting"' not in host.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)


def test_only_a_ready_coe_goes_on_the_agenda(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client = client_as(app, Role.ADMIN)
    coe_id = complete_coe(client, team_id)  # still a draft
    refused = client.post(f"/meetings/{meeting_id}/agenda/coes/{coe_id}", follow_redirects=True)
    assert "Only a COE that is ready for review goes on the agenda." in refused.get_data(as_text=True)
    assert coe_items(app, meeting_id) == []


def test_the_agenda_shows_this_week_in_coe_history(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client = client_as(app, Role.ADMIN)
    year_ago = SOON.replace(year=SOON.year - 1)
    monday = date.fromisocalendar(year_ago.year, min(SOON.isocalendar()[1], 52), 2)
    ready_coe(client, team_id, title="Same week last year", **times_on(monday.isoformat()))
    ready_coe(client, team_id, title="Another week", **times_on((monday + timedelta(days=21)).isoformat()))
    complete_coe(client, team_id, title="A draft that week", **times_on(monday.isoformat()))
    ready = client.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    history = ready.split('id="coe-history"')[1].split("</div>")[0]
    assert "Same week last year" in history and "Another week" not in history and "A draft" not in history


def test_a_coe_that_no_longer_passes_its_gate_is_not_marked_reviewed_and_the_host_is_told(app, team_id) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import add_user

    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client, host = client_as(app, Role.ADMIN), client_as(app, Role.HOST)
    coe_id = ready_coe(client, team_id)
    (item,) = coe_items(app, meeting_id)
    host.post(f"/agenda/items/{item.id}/accept")
    with app.app_context():  # someone joins whose name the summary now reads as blame
        add_user(Role.VIEWER, email="payment.endpoint@example.com", name="Payment Endpoint")
    page = host.post(f"/meetings/{meeting_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "Not marked reviewed: Checkout errors after a certificate expired" in page
    with app.app_context():
        assert db.session.get(Coe, coe_id).status == CoeStatus.READY
        content = db.session.get(Minutes, meeting_id).content
    assert content["coes"] == [] and len(content["coes_not_reviewed"]) == 1
    assert "COEs not marked reviewed" in host.get(f"/meetings/{meeting_id}/minutes.md").get_data(as_text=True)


def test_the_host_pulls_a_coe_waiting_for_next_week_into_todays_meeting(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        today_id = add_meeting(date.today()).id
        next_id = add_meeting(SOON + timedelta(days=7)).id
        db.session.get(Meeting, today_id).status = MeetingStatus.LIVE  # under way: new COEs go to next week
        db.session.commit()
    client, host = client_as(app, Role.ADMIN), client_as(app, Role.HOST)
    coe_id = ready_coe(client, team_id)
    assert [i.coe_id for i in coe_items(app, next_id)] == [coe_id]
    host.post(f"/meetings/{today_id}/agenda/coes/{coe_id}")
    (item,) = coe_items(app, today_id)
    assert item.status == ItemStatus.ACCEPTED and coe_items(app, next_id) == []


def test_a_coe_taken_back_to_draft_leaves_the_agenda(app, team_id) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client = client_as(app, Role.ADMIN)
    coe_id = ready_coe(client, team_id)
    assert len(coe_items(app, meeting_id)) == 1
    client.post(f"/coes/{coe_id}/reopen")
    assert coe_items(app, meeting_id) == []
    client.post(f"/coes/{coe_id}/submit")  # ready again: back on the agenda, once
    assert len(coe_items(app, meeting_id)) == 1
