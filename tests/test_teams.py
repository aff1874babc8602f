"""Teams through the pages: add, edit, archive, away."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsreview.extensions import db
from opsreview.teams.models import Team
from tests.factories import add_team

VALID = {"name": "Card Authorisation", "slug": "", "org": "Payments", "contact": "#card-auth",
         "links": "Runbook https://wiki.example.com/card\nDashboard https://dash.example.com/card"}


def test_adding_a_team_shows_it_with_its_links(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/teams/new", data=VALID, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Card Authorisation" in page
    assert 'href="https://wiki.example.com/card"' in page
    assert "/teams/card-authorisation" in response.request.path


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "A team needs a name."),
        ("slug", "Not A Slug!", "lower-case letters"),
        ("slug", "new", "reserved"),
        ("links", "Runbook javascript:alert(1)", "must start with http:// or https://"),
        ("links", "Docs ftp://files.example.com", "must start with http:// or https://"),
    ],
)
def test_a_bad_field_is_named_and_what_was_typed_is_kept(client, field, value, message) -> None:  # type: ignore[no-untyped-def]
    data = {**VALID, "description": "Approves card payments", field: value}
    response = client.post("/teams/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "Approves card payments" in page  # nothing typed is lost
    assert "Nothing was saved" in page


def test_a_team_name_is_unique(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Card Authorisation")
    page = client.post("/teams/new", data={**VALID, "slug": "other"}).get_data(as_text=True)
    assert "already exists" in page
    assert db.session.scalar(db.select(db.func.count(Team.id))) == 1


def test_editing_a_team_keeps_its_history_and_changes_its_fields(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    client.post("/teams/ledger/edit", data={"name": "Ledger", "slug": "ledger", "org": "Finance", "links": ""})
    team = db.session.scalars(db.select(Team).where(Team.slug == "ledger")).one()
    db.session.refresh(team)
    assert team.org == "Finance" and team.links == []


def test_archiving_takes_a_team_off_the_wheel_but_keeps_it(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    row = 'href="/teams/ledger"'
    client.post("/teams/ledger/archive", follow_redirects=True)
    assert row not in client.get("/teams/").get_data(as_text=True)
    assert row in client.get("/teams/?archived=1").get_data(as_text=True)
    assert "history kept" in client.get("/teams/ledger").get_data(as_text=True)
    client.post("/teams/ledger/restore", follow_redirects=True)
    assert row in client.get("/teams/").get_data(as_text=True)


def test_away_needs_a_date_when_a_reason_is_given(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/teams/new", data={**VALID, "away_reason": "Offsite"}).get_data(as_text=True)
    assert "Give the date the team is away until" in page


def test_an_away_team_shows_until_when(client) -> None:  # type: ignore[no-untyped-def]
    until = date.today() + timedelta(days=14)
    client.post("/teams/new", data={**VALID, "away_until": until.isoformat(), "away_reason": "Offsite"})
    assert "away until" in client.get("/teams/").get_data(as_text=True)


def test_team_text_is_shown_inert(client) -> None:  # type: ignore[no-untyped-def]
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post("/teams/new", data={**VALID, "name": "Evil", "slug": "evil", "description": hostile})
    page = client.get("/teams/evil").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_teams_are_listed_in_json(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    add_team("Refunds", archived_at=None)
    body = client.get("/api/v1/teams").get_json()
    assert [t["slug"] for t in body["teams"]] == ["ledger", "refunds"]
    assert body["teams"][0]["links"][0]["url"] == "https://wiki.example.com/ledger"


def test_a_non_ascii_name_used_twice_is_a_field_error_not_a_crash(client, ctx) -> None:  # type: ignore[no-untyped-def]
    # Found by schemathesis: SQLite's lower() folds only ASCII, so the check once missed "Õ...".
    assert client.post("/teams/new", data={**VALID, "name": "Õrder Routing", "slug": "a"}).status_code == 302
    page = client.post("/teams/new", data={**VALID, "name": "Õrder Routing", "slug": "b"}).get_data(as_text=True)
    assert "already exists" in page
