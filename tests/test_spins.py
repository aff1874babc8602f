"""Spinning in the room: the pick is recorded first, re-spins are kept, nothing is rigged."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from opsreview.extensions import db
from opsreview.spins import services
from opsreview.meetings.models import MeetingStatus
from opsreview.spins.models import Spin, SpinOutcome
from tests.conftest import make_app
from opsreview.accounts.models import Role, TokenScope, User
from opsreview.accounts.services import create_token
from tests.factories import add_meeting, add_team, add_teams, add_user
from tests.live import serve


def test_a_spin_records_the_pick_with_its_odds_and_draw(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(12)
    meeting = add_meeting(date(2030, 1, 10))
    response = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": 1})
    assert response.status_code == 201
    body = response.get_json()["spin"]
    stored = db.session.get(Spin, body["id"])
    assert stored.team_id == body["team"]["id"] and stored.slot == 1
    assert 0 <= stored.draw < 1
    assert len(stored.odds) == 12 and sum(r["probability"] for r in stored.odds) == pytest.approx(1.0)
    assert body["probability"] == pytest.approx(stored.probability)


def test_a_recorded_spin_replays_to_the_same_team(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(20)
    meeting = add_meeting(date(2030, 1, 10))
    for _ in range(6):
        client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    for record in services.spins_of_meeting(meeting):
        assert services.replay(record) == record.team_id
    assert "the recorded pick" in client.get(f"/spins/{record.id}").get_data(as_text=True)


def test_the_same_team_is_never_picked_twice_in_a_meeting(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(8)
    meeting = add_meeting(date(2030, 1, 10))
    for _ in range(6):
        assert client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).status_code == 201
    teams = [s.team_id for s in services.spins_of_meeting(meeting)]
    assert len(set(teams)) == 6


def test_a_full_meeting_refuses_another_spin(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(4)
    meeting = add_meeting(date(2030, 1, 10), slots=2)
    client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    response = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    assert response.status_code == 409
    assert "All 2 wheel slots" in response.get_json()["error"]["message"]


def test_spinning_a_slot_already_spun_returns_what_it_picked(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(6)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": 1}).get_json()["spin"]
    again = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": 1})
    assert again.status_code == 409
    assert again.get_json()["spin"]["team"]["id"] == first["team"]["id"]
    assert len(services.spins_of_meeting(meeting)) == 1


@pytest.mark.parametrize("slot", ["one", -1, True, 1.5])
def test_a_bad_slot_is_a_field_error(client, ctx, slot) -> None:  # type: ignore[no-untyped-def]
    add_teams(3)
    meeting = add_meeting(date(2030, 1, 10))
    response = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": slot})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "slot"


def test_skipping_an_absent_team_keeps_the_original_pick_and_its_reason(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(10)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).get_json()["spin"]
    response = client.post(
        f"/meetings/{meeting.id}/spins/{first['id']}/respin",
        data={"outcome": "skipped", "reason": "Whole team at a game day", "spin_id": first["id"]},
    )
    assert response.status_code == 302
    spins = services.spins_of_meeting(meeting)
    assert [(s.slot, s.attempt, s.outcome) for s in spins] == [
        (1, 1, SpinOutcome.SKIPPED),
        (1, 2, SpinOutcome.PICKED),
    ]
    assert spins[0].reason == "Whole team at a game day"
    assert spins[1].team_id != spins[0].team_id
    odds = client.get(f"/api/v1/meetings/{meeting.id}/odds").get_json()["teams"]
    skipped = next(r for r in odds if r["team_id"] == spins[0].team_id)
    assert skipped["probability"] == 0 and "game day" in skipped["reason"]


def test_a_respin_without_a_reason_is_refused_and_the_form_kept(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(10)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).get_json()["spin"]
    response = client.post(
        f"/meetings/{meeting.id}/spins/{first['id']}/respin",
        data={"outcome": "respun", "reason": "", "spin_id": first["id"]},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "needs a reason" in page
    assert '<option selected value="respun">' in page
    assert [s.outcome for s in services.spins_of_meeting(meeting)] == [SpinOutcome.PICKED]


def test_an_away_team_is_never_picked(client, ctx) -> None:  # type: ignore[no-untyped-def]
    away = add_team("Away Team", away_until=date(2030, 2, 1), away_reason="Offsite")
    add_teams(3)
    meeting = add_meeting(date(2030, 1, 10), slots=3)
    for _ in range(3):
        client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    assert away.id not in {s.team_id for s in services.spins_of_meeting(meeting)}
    page = client.get(f"/meetings/{meeting.id}/wheel").get_data(as_text=True)
    assert "away until 01 Feb 2030: Offsite" in page


def test_the_database_refuses_a_second_pick_for_the_same_slot_attempt(ctx) -> None:  # type: ignore[no-untyped-def]
    team = add_team("Ledger")
    meeting = add_meeting(date(2030, 1, 10))
    fields = dict(meeting_id=meeting.id, slot=1, attempt=1, team_id=team.id, draw=0.5, bound=2, odds=[], spun_by="x")
    db.session.add(Spin(**fields))
    db.session.commit()
    db.session.add(Spin(**fields))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_spins_of_one_slot_record_exactly_one_pick(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path)
    with app.app_context():
        add_teams(30)
        meeting_id = add_meeting(date(2030, 1, 10)).id
        _, secret = create_token(add_user(Role.HOST), "wheel clicker", TokenScope.READ_WRITE)
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def click(base: str) -> None:
        request = urllib.request.Request(
            f"{base}/api/v1/meetings/{meeting_id}/spins",
            data=json.dumps({"slot": 1}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    with serve(app) as base:
        threads = [threading.Thread(target=click, args=(base,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(statuses) == [201] + [409] * 7
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Spin.id))) == 1
        db.session.remove()
        db.engine.dispose()


def test_spin_history_is_listed_in_json_and_on_the_page(client, ctx) -> None:  # type: ignore[no-untyped-def]
    teams = add_teams(6)
    meeting = add_meeting(date(2020, 1, 9), slots=2)
    client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    client.post(f"/api/v1/meetings/{meeting.id}/spins", json={})
    body = client.get("/api/v1/spins").get_json()
    assert len(body["spins"]) == 2 and {s["slot"] for s in body["spins"]} == {1, 2}
    picked = {s["team"]["name"] for s in body["spins"]}
    assert all(name in client.get("/spins").get_data(as_text=True) for name in picked)
    presenter = next(t for t in teams if t.name in picked)
    assert "Presented at the latest meeting" in client.get(f"/teams/{presenter.slug}").get_data(as_text=True)
    waiting = next(t for t in teams if t.name not in picked)
    assert "Never presented" in client.get(f"/teams/{waiting.slug}").get_data(as_text=True)


def test_a_team_page_counts_the_meetings_held_since_it_presented(client, ctx) -> None:  # type: ignore[no-untyped-def]
    team = add_team("Ledger")
    first = add_meeting(date(2020, 3, 5), slots=1)
    services.spin(first, "host")
    add_meeting(date(2020, 3, 12), status=MeetingStatus.CLOSED)
    add_meeting(date(2020, 3, 19), status=MeetingStatus.CANCELLED)
    add_meeting(date(2020, 3, 26), status=MeetingStatus.CLOSED)
    assert "Presented 2 meetings ago" in client.get(f"/teams/{team.slug}").get_data(as_text=True)
    listed = client.get("/api/v1/teams").get_json()["teams"]
    assert listed[0]["meetings_since_presented"] == 2


def test_the_odds_api_explains_every_team(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(10)
    meeting = add_meeting(date(2030, 1, 10))
    body = client.get(f"/api/v1/meetings/{meeting.id}/odds").get_json()
    assert body["next_slot"] == 1 and body["slots_left"] == 6 and body["bound"] == 3
    assert sum(t["probability"] for t in body["teams"]) == pytest.approx(1.0)
    assert all(t["reason"] for t in body["teams"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"outcome": "skipped", "reason": ""}, "reason"), ({"outcome": "rigged", "reason": "I prefer them"}, "outcome")],
)
def test_the_respin_api_names_the_bad_field(client, ctx, payload, field) -> None:  # type: ignore[no-untyped-def]
    add_teams(5)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).get_json()["spin"]
    response = client.post(f"/api/v1/spins/{first['id']}/respin", json=payload)
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    assert [s.outcome for s in services.spins_of_meeting(meeting)] == [SpinOutcome.PICKED]


def test_the_respin_api_records_the_reason_and_a_new_pick(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_teams(5)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).get_json()["spin"]
    response = client.post(f"/api/v1/spins/{first['id']}/respin", json={"outcome": "respun", "reason": "Presented a COE"})
    assert response.status_code == 201
    again = response.get_json()["spin"]
    assert again["slot"] == 1 and again["attempt"] == 2 and again["team"]["id"] != first["team"]["id"]
    second_try = client.post(f"/api/v1/spins/{first['id']}/respin", json={"outcome": "respun", "reason": "Twice"})
    assert second_try.status_code == 409


def test_a_wheel_drawn_before_the_odds_changed_does_not_spin(client, ctx) -> None:  # type: ignore[no-untyped-def]
    teams = add_teams(6)
    meeting = add_meeting(date(2030, 1, 10))
    drawn = client.get(f"/api/v1/meetings/{meeting.id}/odds").get_json()["fingerprint"]
    client.patch(f"/api/v1/teams/{teams[0].slug}", json={"away_until": "2030-02-01", "away_reason": "Offsite"})
    response = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": 1, "odds": drawn})
    assert response.status_code == 409 and response.get_json()["error"]["field"] == "odds"
    assert services.spins_of_meeting(meeting) == []
    fresh = client.get(f"/api/v1/meetings/{meeting.id}/odds").get_json()["fingerprint"]
    assert client.post(f"/api/v1/meetings/{meeting.id}/spins", json={"slot": 1, "odds": fresh}).status_code == 201


def test_the_database_refuses_one_team_picked_twice_in_a_meeting(ctx) -> None:  # type: ignore[no-untyped-def]
    team = add_team("Ledger")
    meeting = add_meeting(date(2030, 1, 10))
    fields = dict(meeting_id=meeting.id, team_id=team.id, draw=0.5, bound=2, odds=[], spun_by="x")
    db.session.add(Spin(slot=1, attempt=1, **fields))
    db.session.add(Spin(slot=2, attempt=1, **fields))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_long_name_and_email_can_spin(app) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import client_as  # noqa: F401 - the host below has a long name

    with app.app_context():
        add_user(Role.HOST, email=("h" * 60) + "@" + ("example-" * 8) + "com", name="N" * 120)
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
        host = db.session.scalars(db.select(User).where(User.role == Role.HOST)).one()
    response = app.test_client(user=host).post(f"/api/v1/meetings/{meeting_id}/spins", json={})
    assert response.status_code == 201 and response.get_json()["spin"]["spun_by"].startswith("N" * 120)


@pytest.mark.parametrize("body", ["[1]", '"x"', "5"])
def test_a_body_that_is_not_an_object_is_a_clear_422(client, ctx, body) -> None:  # type: ignore[no-untyped-def]
    add_teams(3)
    meeting = add_meeting(date(2030, 1, 10))
    first = client.post(f"/api/v1/meetings/{meeting.id}/spins", json={}).get_json()["spin"]
    for url in (f"/api/v1/meetings/{meeting.id}/spins", f"/api/v1/spins/{first['id']}/respin"):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 422 and response.get_json()["error"]["field"] == "body"
