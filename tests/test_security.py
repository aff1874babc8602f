"""CSRF on every form, and the security headers on every page."""

from __future__ import annotations

from datetime import date

from opsreview.extensions import db
from opsreview.teams.models import Team
from opsreview.accounts.models import Role
from tests.conftest import client_as, make_app
from tests.factories import add_meeting, add_teams


def test_a_form_posted_without_its_token_is_refused_clearly_and_saves_nothing(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = client_as(app, Role.ADMIN)
    response = client.post("/teams/new", data={"name": "Ledger"})
    assert response.status_code == 400
    assert "security token is missing or out of date" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Team.id))) == 0
        db.session.remove()
        db.engine.dispose()


def test_a_spin_through_the_api_needs_the_page_token_too(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    client = client_as(app, Role.HOST)
    refused = client.post(f"/api/v1/meetings/{meeting_id}/spins", json={})
    assert refused.status_code == 400 and "security token" in refused.get_json()["error"]["message"]
    page = client.get(f"/meetings/{meeting_id}/wheel").get_data(as_text=True)
    token = page.split('data-csrf-token="', 1)[1].split('"', 1)[0]
    accepted = client.post(f"/api/v1/meetings/{meeting_id}/spins", json={}, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_pages_forbid_inline_scripts_and_framing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/teams/")
    directives = dict(d.strip().split(" ", 1) for d in response.headers["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"  # no inline or eval'd script, ever
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_errors_are_json(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/meetings/999/odds")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["message"]


def test_a_too_large_upload_gets_a_clear_413(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path, MAX_CONTENT_LENGTH=1024)
    response = client_as(app, Role.ADMIN).post("/teams/import", data={"file": (__import__("io").BytesIO(b"x" * 4096), "t.csv")})
    assert response.status_code == 413
    assert "at most" in response.get_data(as_text=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
