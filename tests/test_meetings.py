"""Meetings: plan them, change them; a cancelled one is not a week waited."""

from __future__ import annotations

from datetime import date, timedelta

from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.spins import services
from tests.factories import add_meeting, add_team, weekly


def test_planning_a_meeting_gives_it_six_wheel_slots(client, ctx) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/meetings/new", data={"held_on": "2030-01-10", "wheel_slots": "6", "status": "planned"})
    assert response.status_code == 302
    meeting = db.session.scalars(db.select(Meeting)).one()
    assert meeting.wheel_slots == 6 and meeting.status == MeetingStatus.PLANNED


def test_two_meetings_on_one_day_are_refused_and_the_form_kept(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_meeting(date(2030, 1, 10))
    page = client.post(
        "/meetings/new", data={"held_on": "2030-01-10", "wheel_slots": "7", "title": "Holiday special"}
    ).get_data(as_text=True)
    assert "There is already a meeting on 10 Jan 2030" in page
    assert 'value="Holiday special"' in page and 'value="7"' in page


def test_wheel_slots_must_be_a_sensible_number(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/meetings/new", data={"held_on": "2030-01-10", "wheel_slots": "0"}).get_data(as_text=True)
    assert "Between 1 and 20 teams." in page


def test_a_cancelled_meeting_does_not_count_as_a_week_waited(client, ctx) -> None:  # type: ignore[no-untyped-def]
    team = add_team("Ledger")
    add_team("Refunds")
    dates = weekly(date(2030, 1, 3), 4)
    first = add_meeting(dates[0], slots=1)
    services.spin(first, "host")  # somebody presents in the first meeting
    first.status = MeetingStatus.CLOSED
    presenter = services.spins_of_meeting(first)[0].team_id
    add_meeting(dates[1], status=MeetingStatus.CANCELLED, slots=1)
    add_meeting(dates[2], status=MeetingStatus.CLOSED, slots=1)
    latest = add_meeting(dates[3], slots=1)
    odds = client.get(f"/api/v1/meetings/{latest.id}/odds").get_json()
    waited = {row["team_id"]: row["waited"] for row in odds["teams"]}
    assert waited[presenter] == 2  # meetings 3 and 4; the cancelled one is not counted
    assert team.id in waited


def test_a_closed_meeting_locks_its_wheel(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    meeting = add_meeting(date.today() - timedelta(days=7), status=MeetingStatus.CLOSED)
    response = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    assert response.status_code == 409
    assert "closed" in response.get_json()["error"]["message"]


def test_a_date_that_cannot_be_read_says_so(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/meetings/new", data={"held_on": "10/01/2031", "wheel_slots": "6"}).get_data(as_text=True)
    assert "Not a valid date value" in page and 'value="10/01/2031"' in page
