"""Running the meeting: the host's moves, the live state followers poll, the timer and the wheel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsreview.accounts.models import Role
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from tests.conftest import client_as
from tests.factories import add_meeting, add_teams

SOON = date.today() + timedelta(days=3)


@pytest.fixture
def room(app):  # type: ignore[no-untyped-def]
    """A planned meeting with two wheel slots, a win and a COE accepted; the host and a follower."""
    with app.app_context():
        add_teams(4)
        meeting_id = add_meeting(SOON, slots=2).id
    host, follower = client_as(app, Role.HOST), client_as(app, Role.VIEWER)
    for kind, title in (("win", "Zero pages"), ("coe", "Checkout outage")):
        host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": kind, "title": title, "presenter": "Sam"})
    for item in host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["items"]:
        assert item["kind"] in ("dashboard", "follow_up")  # only accepted items are in the running order
    with app.app_context():
        from opsreview.agenda.models import AgendaItem, ItemStatus

        waiting = list(db.session.scalars(db.select(AgendaItem.id).where(AgendaItem.status == ItemStatus.SUBMITTED)))
    for item_id in waiting:
        host.post(f"/agenda/items/{item_id}/accept")
    return meeting_id, host, follower


def move(host, meeting_id: int, action: str, **extra):  # type: ignore[no-untyped-def]
    return host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": action, **extra})


def test_before_the_start_followers_see_the_agenda_and_no_current_item(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, _, follower = room
    state = follower.get(f"/api/v1/meetings/{meeting_id}/live").get_json()
    assert state["meeting"]["status"] == "planned" and state["current"] is None
    assert [i["title"] for i in state["items"]] == [
        "Zero pages", "Checkout outage", "Wheel slot 1", "Wheel slot 2", "Action items due and overdue"]


def test_the_host_starts_and_moves_and_followers_see_each_move(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, follower = room
    url = f"/api/v1/meetings/{meeting_id}/live"
    started = move(host, meeting_id, "start").get_json()
    assert started["meeting"]["status"] == "live" and started["current"]["title"] == "Zero pages"
    assert started["current"]["presenter"] == "Sam" and started["next"]["title"] == "Checkout outage"
    assert follower.get(url).get_json()["current"]["title"] == "Zero pages"
    assert move(host, meeting_id, "next").get_json()["current"]["title"] == "Checkout outage"
    assert follower.get(url).get_json()["position"] == {"index": 2, "count": 5}
    assert move(host, meeting_id, "previous").get_json()["current"]["title"] == "Zero pages"
    assert move(host, meeting_id, "previous").get_json()["current"]["title"] == "Zero pages"  # stays at the first


def test_an_unchanged_state_is_a_304_and_a_move_changes_the_etag(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, follower = room
    url = f"/api/v1/meetings/{meeting_id}/live"
    first = follower.get(url)
    etag = first.headers["ETag"]
    again = follower.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    move(host, meeting_id, "start")
    moved = follower.get(url, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag
    assert moved.get_json()["version"] > first.get_json()["version"]


def test_a_move_from_an_out_of_date_page_is_refused(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    version = move(host, meeting_id, "start").get_json()["version"]
    assert move(host, meeting_id, "next", version=version).status_code == 200
    stale = move(host, meeting_id, "next", version=version)  # a second press of the same key
    assert stale.status_code == 409 and stale.get_json()["error"]["field"] == "version"
    assert host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["current"]["title"] == "Checkout outage"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER, Role.LEADER])
def test_only_a_host_moves_the_meeting(app, room, role) -> None:  # type: ignore[no-untyped-def]
    meeting_id, _, _ = room
    assert move(client_as(app, role), meeting_id, "start").status_code == 403


def test_the_timer_pauses_and_runs_again(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    started = move(host, meeting_id, "start").get_json()
    assert started["timer"]["running"] is True and started["timer"]["timebox_seconds"] == 120
    paused = move(host, meeting_id, "timer").get_json()["timer"]
    assert paused["running"] is False
    assert host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["timer"]["elapsed_seconds"] == paused["elapsed_seconds"]
    assert move(host, meeting_id, "timer").get_json()["timer"]["running"] is True


def test_the_wheel_spins_slot_after_slot_and_the_room_goes_to_each_team(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, follower = room
    move(host, meeting_id, "start")
    move(host, meeting_id, "next")
    state = move(host, meeting_id, "next").get_json()
    assert state["current"]["title"] == "Wheel slot 1" and state["current"]["in_wheel"] is True
    first = move(host, meeting_id, "spin").get_json()["current"]
    assert first["title"].startswith("Wheel slot 1: Team ")
    assert first["team"]["dashboard_url"] == f"/teams/{first['team']['slug']}/dashboard"
    assert first["team"]["links"][0]["label"] == "Runbook"
    second = move(host, meeting_id, "spin").get_json()["current"]
    assert second["title"].startswith("Wheel slot 2: ") and second["team"]["name"] != first["team"]["name"]
    seen = follower.get(f"/api/v1/meetings/{meeting_id}/live").get_json()
    assert seen["current"]["team"]["name"] == second["team"]["name"]
    full = move(host, meeting_id, "spin")
    assert full.status_code == 409 and "slots of this meeting are filled" in full.get_json()["error"]["message"]


def test_go_jumps_to_an_item_and_bad_commands_say_what_is_wrong(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    items = host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["items"]
    assert move(host, meeting_id, "go", item_id=items[3]["id"]).get_json()["current"]["title"] == "Wheel slot 2"
    assert move(host, meeting_id, "dance").get_json()["error"]["field"] == "action"
    assert move(host, meeting_id, "go").status_code == 422
    assert move(host, meeting_id, "next", version="7").status_code == 422


def test_a_closed_meeting_does_not_move(app, room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    with app.app_context():
        db.session.get(Meeting, meeting_id).status = MeetingStatus.CLOSED
        db.session.commit()
    refused = move(host, meeting_id, "start")
    assert refused.status_code == 409 and "no longer changes" in refused.get_json()["error"]["message"]


def test_the_projector_and_follow_pages_carry_the_live_state(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, follower = room
    move(host, meeting_id, "start")
    projector = host.get(f"/meetings/{meeting_id}/projector").get_data(as_text=True)
    assert "data-command-url" in projector and "js/projector.js" in projector and "Zero pages" in projector
    watching = follower.get(f"/meetings/{meeting_id}/projector").get_data(as_text=True)
    assert "data-command-url" not in watching and "js/projector.js" not in watching
    page = follower.get(f"/meetings/{meeting_id}/follow").get_data(as_text=True)
    assert 'id="agenda-list"' in page and 'class="current"' in page and "js/follow.js" in page


def test_the_live_state_needs_someone_signed_in_and_still_active(app, room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, _, follower = room
    url = f"/api/v1/meetings/{meeting_id}/live"
    assert app.test_client().get(url).status_code == 401
    assert follower.get(url).status_code == 200
    assert follower.get("/api/v1/meetings/999/live").status_code == 404
    with app.app_context():
        from opsreview.accounts.models import User

        db.session.scalars(db.select(User).where(User.email == "viewer@example.com")).one().active = False
        db.session.commit()
    assert follower.get(url).status_code == 401
    assert follower.get("/api/v1/meetings/999/live").status_code == 401


def test_a_spin_from_the_wheel_page_or_the_api_reaches_every_follower(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, follower = room
    url = f"/api/v1/meetings/{meeting_id}/live"
    before = follower.get(url)
    spun = host.post(f"/api/v1/meetings/{meeting_id}/spins", json={"slot": 1}).get_json()["spin"]
    after = follower.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    slot = next(i for i in after.get_json()["items"] if i["title"].startswith("Wheel slot 1"))
    assert slot["team"]["name"] == spun["team"]["name"]


def test_the_wheel_spins_only_in_the_wheel_section(room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    move(host, meeting_id, "start")
    refused = move(host, meeting_id, "spin")
    assert refused.status_code == 409 and "wheel section" in refused.get_json()["error"]["message"]
    assert host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["current"]["title"] == "Zero pages"


def test_go_refuses_an_item_that_is_not_in_the_running_order(app, room) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host, _ = room
    host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": "Not yet accepted"})
    with app.app_context():
        from opsreview.agenda.models import AgendaItem

        waiting = db.session.scalars(db.select(AgendaItem.id).where(AgendaItem.title == "Not yet accepted")).one()
    refused = move(host, meeting_id, "go", item_id=waiting)
    assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "item_id"


def test_a_move_does_not_write_over_a_change_made_meanwhile(app, room) -> None:  # type: ignore[no-untyped-def]
    """The host's move and a submission at the same moment: followers' version counts both."""
    import threading

    from opsreview.agenda import live, state
    from opsreview.agenda.services import touch

    meeting_id, host, _ = room
    start = move(host, meeting_id, "start").get_json()["version"]
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        seen = live.plan_of(meeting).agenda  # the host's request has read the row (and holds it)
        assert seen.version == start

        def someone_submits() -> None:
            with app.app_context():
                touch(meeting_id)
                db.session.commit()

        other = threading.Thread(target=someone_submits)
        other.start()
        other.join()
        live.toggle_timer(meeting)
        assert state.current_version(meeting_id) == start + 2


def test_many_followers_opening_a_meeting_nobody_has_opened_all_get_it(app) -> None:  # type: ignore[no-untyped-def]
    import threading
    import urllib.request

    from opsreview.accounts.models import TokenScope
    from opsreview.accounts.services import create_token
    from tests.factories import add_user
    from tests.live import serve

    with app.app_context():
        meeting_id = add_meeting(SOON, slots=2).id
        _, token = create_token(add_user(Role.VIEWER, email="early@example.com"), "follow", TokenScope.READ)
    statuses: list[int] = []
    with serve(app) as base:
        barrier = threading.Barrier(12)

        def open_it() -> None:
            request = urllib.request.Request(f"{base}/api/v1/meetings/{meeting_id}/live",
                                             headers={"Authorization": f"Bearer {token}"})
            barrier.wait()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)

        threads = [threading.Thread(target=open_it) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 12
    with app.app_context():
        from opsreview.agenda.models import AgendaItem

        assert db.session.scalar(db.select(db.func.count(AgendaItem.id)).where(AgendaItem.meeting_id == meeting_id)) == 3
