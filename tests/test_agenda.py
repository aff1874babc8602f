"""The agenda before the meeting: submissions, the host's accept / defer / order, the template, planned length."""

from __future__ import annotations

from datetime import date, timedelta

from opsreview.accounts.models import Role
from opsreview.agenda.models import AgendaItem, ItemStatus, Kind
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from tests.conftest import client_as
from tests.factories import add_meeting

SOON = date.today() + timedelta(days=3)


def items(app, meeting_id: int) -> list[AgendaItem]:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = list(db.session.scalars(db.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                                        .order_by(AgendaItem.position)))
        db.session.expunge_all()
        return found


def submitted(app, meeting_id: int, kind: Kind) -> list[AgendaItem]:  # type: ignore[no-untyped-def]
    return [i for i in items(app, meeting_id) if i.kind == kind]


def test_the_next_agenda_goes_to_the_next_planned_meeting(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_meeting(date.today() - timedelta(days=7), MeetingStatus.CLOSED)
        meeting_id = add_meeting(SOON).id
    response = client_as(app, Role.MEMBER).get("/agenda/")
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting_id}/agenda"


def test_with_no_meeting_planned_the_next_one_is_planned_from_the_template(app) -> None:  # type: ignore[no-untyped-def]
    response = client_as(app, Role.MEMBER).get("/agenda/")
    with app.app_context():
        meeting = db.session.scalars(db.select(Meeting)).one()
        assert meeting.held_on == date.today() and meeting.wheel_slots == 6
        assert response.headers["Location"] == f"/meetings/{meeting.id}/agenda"


def test_a_member_submits_a_win_and_the_host_accepts_it(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member = client_as(app, Role.MEMBER)
    response = member.post(f"/meetings/{meeting_id}/agenda/items",
                           data={"kind": "win", "title": "Zero paging for a month", "link": "https://wiki.example.com/w"})
    assert response.status_code == 302
    (win,) = submitted(app, meeting_id, Kind.WIN)
    assert win.status == ItemStatus.SUBMITTED and win.presenter == "Member Person"
    page = member.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert "Zero paging for a month" in page and "submitted" in page and "/accept" not in page
    host = client_as(app, Role.HOST)
    assert host.post(f"/agenda/items/{win.id}/accept").status_code == 302
    assert submitted(app, meeting_id, Kind.WIN)[0].status == ItemStatus.ACCEPTED


def test_a_viewer_only_reads_the_agenda(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    viewer = client_as(app, Role.VIEWER)
    assert 'id="submit"' not in viewer.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert viewer.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": "x"}).status_code == 403


def test_a_submission_without_a_title_or_with_a_bad_link_shows_why_and_keeps_the_text(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    response = client_as(app, Role.MEMBER).post(
        f"/meetings/{meeting_id}/agenda/items",
        data={"kind": "coe", "title": "", "body": "Checkout outage, 40 minutes", "link": "javascript:alert(1)"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give it a title." in page and "A link starts with http:// or https://." in page
    assert "Checkout outage, 40 minutes" in page and '<option selected value="coe">' in page
    assert submitted(app, meeting_id, Kind.COE) == []


def test_a_deferred_item_moves_to_the_following_meeting_and_is_not_dropped(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    client_as(app, Role.MEMBER).post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "org_item", "title": "Adopt IMDSv2"})
    (item,) = submitted(app, meeting_id, Kind.ORG_ITEM)
    response = client_as(app, Role.HOST).post(f"/agenda/items/{item.id}/defer", follow_redirects=True)
    assert "moves to the meeting of" in response.get_data(as_text=True)
    with app.app_context():
        later = db.session.scalars(db.select(Meeting).where(Meeting.held_on == SOON + timedelta(days=7))).one()
        moved = db.session.get(AgendaItem, item.id)
        assert moved.meeting_id == later.id and moved.deferred_from_id == meeting_id
        assert moved.status == ItemStatus.DEFERRED
        later_id = later.id
    page = client_as(app, Role.VIEWER).get(f"/meetings/{later_id}/agenda").get_data(as_text=True)
    assert "Adopt IMDSv2" in page and "deferred from" in page


def test_the_agenda_warns_when_its_planned_length_is_over_the_meeting(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member, host = client_as(app, Role.MEMBER), client_as(app, Role.HOST)
    page = member.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert "Planned 95 of 120 minutes" in page  # six teams of 15 minutes and 5 minutes of follow-ups
    assert "over its timebox" not in page  # the template's own plan fits
    for n in range(2):
        member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "coe", "title": f"COE {n}"})
    for coe in submitted(app, meeting_id, Kind.COE):
        host.post(f"/agenda/items/{coe.id}/accept")
    page = member.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert "Planned 125 of 120 minutes: over by 5 minutes" in page
    coes = page.split('id="section-coes"')[1].split('id="section-wheel"')[0]
    assert "This section is over its timebox by 15 minutes." in coes
    assert page.count("over its timebox") == 1


def test_the_host_orders_items_within_a_section(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member = client_as(app, Role.MEMBER)
    for title in ("First win", "Second win", "Third win"):
        member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": title})
    third = submitted(app, meeting_id, Kind.WIN)[2]
    client_as(app, Role.HOST).post(f"/agenda/items/{third.id}/move", data={"direction": "up"})
    assert [i.title for i in submitted(app, meeting_id, Kind.WIN)] == ["First win", "Third win", "Second win"]
    assert client_as(app, Role.LEADER).post(f"/agenda/items/{third.id}/move", data={"direction": "up"}).status_code == 403


def test_the_template_sets_the_order_and_timeboxes_of_meetings_planned_after(app) -> None:  # type: ignore[no-untyped-def]
    host = client_as(app, Role.HOST)
    form = {"length_minutes": "90", "wheel_slots": "3", "minutes_per_team": "12",
            "order_wins": "2", "minutes_wins": "5", "order_coes": "1", "minutes_coes": "20",
            "order_wheel": "3", "minutes_wheel": "36", "order_follow_ups": "4", "minutes_follow_ups": "8",
            "order_org": "5", "minutes_org": "5"}
    assert host.post("/agenda/template", data=form).status_code == 302
    page = host.get("/agenda/").headers["Location"]
    agenda = host.get(page).get_data(as_text=True)
    assert agenda.index("Operational events (COEs)") < agenda.index("Wins")
    assert "Planned 44 of 90 minutes" in agenda  # 3 teams of 12 minutes and 8 of follow-ups
    refused = host.post("/agenda/template", data={**form, "order_wins": "1", "length_minutes": "91"})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Give each section its own place in the order." in text and 'value="91"' in text


def test_the_ops_wins_digest_lists_the_wins_of_the_week(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member = client_as(app, Role.MEMBER)
    member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": "Halved deploy time"})
    member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "coe", "title": "Not a win"})
    year, week, _ = date.today().isocalendar()
    page = member.get("/agenda/wins").get_data(as_text=True)
    page = page[page.index("<h1>"):]  # past the flashed messages
    assert f"week {year}-W{week:02d}" in page and "Halved deploy time" in page and "Not a win" not in page
    assert "Halved deploy time" not in member.get("/agenda/wins?week=2001-W01").get_data(as_text=True)
    assert member.get("/agenda/wins?week=2001-W99").status_code == 404


def test_a_meeting_is_closed_by_closing_it_not_by_editing_its_status(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    host = client_as(app, Role.HOST)
    for status, says in (("closed", "Close the meeting from its agenda"), ("live", "goes live when the host starts it")):
        refused = host.patch(f"/api/v1/meetings/{meeting_id}", json={"status": status})
        assert refused.status_code == 422 and says in refused.get_data(as_text=True)
    page = host.post(f"/meetings/{meeting_id}/edit", data={"held_on": SOON.isoformat(), "status": "closed",
                                                            "wheel_slots": "6", "title": "Kept title"})
    assert "Close the meeting from its agenda" in page.get_data(as_text=True)
    assert 'value="Kept title"' in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status == MeetingStatus.PLANNED


def test_a_cancelled_meetings_items_move_to_the_following_meeting(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member, host = client_as(app, Role.MEMBER), client_as(app, Role.HOST)
    for title in ("Accepted win", "Waiting win"):
        member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": title})
    host.post(f"/agenda/items/{submitted(app, meeting_id, Kind.WIN)[0].id}/accept")
    assert host.patch(f"/api/v1/meetings/{meeting_id}", json={"status": "cancelled"}).status_code == 200
    assert submitted(app, meeting_id, Kind.WIN) == []
    with app.app_context():
        later = db.session.scalars(db.select(Meeting).where(Meeting.held_on > SOON)).one()
        later_id = later.id
    moved = submitted(app, later_id, Kind.WIN)
    assert sorted(i.title for i in moved) == ["Accepted win", "Waiting win"]
    assert all(i.status == ItemStatus.DEFERRED and i.deferred_from_id == meeting_id for i in moved)


def test_a_reopened_meeting_closes_again_with_fresh_minutes(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    host = client_as(app, Role.HOST)
    assert host.post(f"/meetings/{meeting_id}/close").status_code == 302
    assert host.patch(f"/api/v1/meetings/{meeting_id}", json={"status": "planned"}).status_code == 200
    host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": "Found after all"})
    host.post(f"/agenda/items/{submitted(app, meeting_id, Kind.WIN)[0].id}/accept")
    assert host.post(f"/meetings/{meeting_id}/close").status_code == 302
    assert "Found after all" in host.get(f"/meetings/{meeting_id}/minutes").get_data(as_text=True)


def test_the_host_shortens_an_items_timebox_and_the_plan_follows(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(SOON).id
    member, host = client_as(app, Role.MEMBER), client_as(app, Role.HOST)
    member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "coe", "title": "Long COE"})
    (coe,) = submitted(app, meeting_id, Kind.COE)
    host.post(f"/agenda/items/{coe.id}/accept")
    assert client_as(app, Role.LEADER).post(f"/agenda/items/{coe.id}/timebox", data={"minutes": "5"}).status_code == 403
    refused = host.post(f"/agenda/items/{coe.id}/timebox", data={"minutes": "0"}, follow_redirects=True)
    assert "Between 1 and 240 minutes. The timebox stays 15 minutes." in refused.get_data(as_text=True)
    host.post(f"/agenda/items/{coe.id}/timebox", data={"minutes": "10"})
    page = host.get(f"/meetings/{meeting_id}/agenda").get_data(as_text=True)
    assert "Planned 105 of 120 minutes" in page  # 90 at the wheel, 5 of follow-ups, the COE's 10
    assert host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["items"][0]["timebox_minutes"] == 10
