"""Every change is on record: who, when, what, before and after."""

from __future__ import annotations

from datetime import date

from opsreview.accounts.models import Role
from opsreview.audit.models import AuditEntry
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_meeting, add_teams

TEAM = {"name": "Ledger", "slug": "ledger", "org": "Payments", "links": ""}


def entries(app) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)))


def test_a_team_change_is_recorded_with_who_before_and_after(client, app) -> None:  # type: ignore[no-untyped-def]
    client.post("/teams/new", data=TEAM)
    client.post("/teams/ledger/edit", data={**TEAM, "org": "Finance"})
    created, updated = entries(app)[-2:]
    assert created.action == "create" and created.after["name"] == "Ledger"
    assert updated.action == "update" and updated.before == {"org": "Payments"} and updated.after == {"org": "Finance"}
    assert updated.actor.startswith("Admin Person")


def test_spins_and_respins_are_recorded(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_teams(5)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    host = client_as(app, Role.HOST)
    first = host.post(f"/api/v1/meetings/{meeting_id}/spins", json={}).get_json()["spin"]
    host.post(f"/api/v1/spins/{first['id']}/respin", json={"outcome": "skipped", "reason": "Team at an offsite"})
    spin, skip = [e for e in entries(app) if e.object_type == "spin"]
    assert spin.action == "spin" and spin.after["team_id"] == first["team"]["id"]
    assert skip.action == "skipped" and skip.before["reason"] == "Team at an offsite"
    assert skip.actor.startswith("Host Person")


def test_admins_filter_the_log_and_everyone_sees_an_objects_history(client, app) -> None:  # type: ignore[no-untyped-def]
    client.post("/teams/new", data=TEAM)
    client.post("/teams/ledger/archive")
    with app.app_context():
        team_id = db.session.scalars(db.select(AuditEntry.object_id).where(AuditEntry.object_type == "team")).first()
    page = client.get(f"/audit/?object_type=team&object_id={team_id}&since=2000-01-01").get_data(as_text=True)
    assert "archive: Ledger" in page and "create: Ledger" in page
    assert "archive: Ledger" not in client.get("/audit/?since=2999-01-01").get_data(as_text=True)
    viewer = client_as(app, Role.VIEWER)
    assert viewer.get("/audit/").status_code == 403
    history = viewer.get(f"/audit/team/{team_id}").get_data(as_text=True)
    assert "archive: Ledger" in history


def test_object_pages_link_to_their_history(client, app) -> None:  # type: ignore[no-untyped-def]
    client.post("/teams/new", data=TEAM)
    page = client.get("/teams/ledger").get_data(as_text=True)
    assert "/audit/team/" in page
