"""Finding COEs: full text (FTS5 on SQLite, PostgreSQL full text), filters, this week in history."""

from __future__ import annotations

from datetime import date

import pytest
from flask_migrate import upgrade

from opsreview.accounts.models import Role
from opsreview.clock import today
from opsreview.coes.learning import this_week_in_history
from opsreview.extensions import db
from tests.coe_helpers import create_coe
from tests.factories import add_team, add_user


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_data(as_text=True)
    return [c["title"] for c in response.get_json()["coes"]]


@pytest.fixture
def three(client, app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        ledger, search = add_team("Ledger").id, add_team("Search").id
    create_coe(client, ledger, title="Certificate expired on the ledger API", severity="sev1",
               event_start_at="2025-05-01T10:00", summary="The TLS certificate expired.")
    create_coe(client, search, title="Search index read-only", severity="sev3", event_start_at="2026-02-01T10:00",
               summary="Disks filled up and the indices turned read-only.", whys=[], timeline=[],
               lessons_learned="Check free disk before a reindex.", contributing_factors="No disk alarm.")
    create_coe(client, ledger, title="Ledger writes throttled", severity="sev2", event_start_at="2026-06-01T10:00",
               summary="Writes were throttled on a hot partition.", whys=[], timeline=[],
               contributing_factors="Capacity was set by hand.", lessons_learned="Spread the writes.")
    return {"ledger": ledger, "search": search}


def test_words_find_coes_in_any_section_with_stemming(client, three) -> None:  # type: ignore[no-untyped-def]
    assert titles(client.get("/api/v1/coes?q=certificates")) == ["Certificate expired on the ledger API"]
    assert titles(client.get("/api/v1/coes?q=indices read-only")) == ["Search index read-only"]
    assert titles(client.get("/api/v1/coes?q=hot partition")) == ["Ledger writes throttled"]
    assert titles(client.get("/api/v1/coes?q=nothing-like-this")) == []


def test_filters_narrow_by_team_severity_status_and_dates(client, three) -> None:  # type: ignore[no-untyped-def]
    ledger = three["ledger"]
    assert set(titles(client.get(f"/api/v1/coes?team_id={ledger}"))) == {
        "Certificate expired on the ledger API", "Ledger writes throttled"}
    assert titles(client.get("/api/v1/coes?severity=sev1")) == ["Certificate expired on the ledger API"]
    assert titles(client.get("/api/v1/coes?since=2026-01-01&until=2026-03-01")) == ["Search index read-only"]
    assert len(titles(client.get("/api/v1/coes?status=draft"))) == 3
    assert titles(client.get("/api/v1/coes?status=closed")) == []
    assert titles(client.get(f"/api/v1/coes?q=ledger&team_id={ledger}&severity=sev2")) == ["Ledger writes throttled"]


LITERAL = "Unbalanced cert near the title: drop table storms after timeouts"


@pytest.mark.parametrize("query", ['"unbalanced', "cert*", "title:x near", "NEAR(storms title)",
                                   "'; DROP TABLE --", "timeouts OR retries", "storms -timeouts", "storms NOT"])
def test_search_syntax_in_the_words_is_taken_literally(client, three, query) -> None:  # type: ignore[no-untyped-def]
    # Every word must be in the COE, whatever operators or quotes it is written with; none excludes one.
    create_coe(client, title=LITERAL, summary="Not for retries or queries: title x.")
    assert titles(client.get("/api/v1/coes", query_string={"q": query})) == [LITERAL]
    assert LITERAL in client.get("/coes/", query_string={"q": query}).get_data(as_text=True)


@pytest.mark.parametrize("query", ["(", "-", '"("'])
def test_search_text_without_words_finds_nothing_and_does_not_fail(client, three, query) -> None:  # type: ignore[no-untyped-def]
    assert titles(client.get("/api/v1/coes", query_string={"q": query})) == []
    assert client.get("/coes/", query_string={"q": query}).status_code == 200


def test_a_nul_in_the_search_text_is_dropped(client, three) -> None:  # type: ignore[no-untyped-def]
    assert titles(client.get("/api/v1/coes", query_string={"q": "hot\x00 partition"})) == ["Ledger writes throttled"]
    page = client.get("/coes/", query_string={"q": "hot\x00 partition"})
    assert page.status_code == 200 and "Ledger writes throttled" in page.get_data(as_text=True)


def test_the_last_day_of_the_calendar_as_until_means_no_limit(client, three) -> None:  # type: ignore[no-untyped-def]
    assert len(titles(client.get("/api/v1/coes?until=9999-12-31"))) == 3
    assert titles(client.get("/api/v1/coes?since=2026-01-01&until=9999-12-31")) == [
        "Ledger writes throttled", "Search index read-only"]
    page = client.get("/coes/?until=9999-12-31")
    assert page.status_code == 200 and "Search index read-only" in page.get_data(as_text=True)


def test_the_search_page_shows_results_and_keeps_the_filters(client, three) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/coes/?q=throttled&severity=sev2").get_data(as_text=True)
    assert "Ledger writes throttled" in page and "Search index read-only" not in page
    assert 'value="throttled"' in page and '<option value="sev2" selected>' in page


def test_an_edit_is_searchable_at_once(client, three) -> None:  # type: ignore[no-untyped-def]
    coe_id = client.get("/api/v1/coes?q=throttled").get_json()["coes"][0]["id"]
    client.post(f"/coes/{coe_id}/autosave", data={"title": "Ledger writes throttled", "severity": "sev2",
                                                  "summary": "A thundering herd of retries."})
    assert titles(client.get("/api/v1/coes?q=thundering")) == ["Ledger writes throttled"]
    assert titles(client.get("/api/v1/coes?q=partition")) == []


def test_the_migrated_database_searches_too(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        client = app.test_client(user=add_user(Role.ADMIN))
    create_coe(client, title="Certificate expired")
    assert titles(client.get("/api/v1/coes?q=certificate")) == ["Certificate expired"]


def test_this_week_in_history_finds_the_same_week_in_earlier_years(client, app) -> None:  # type: ignore[no-untyped-def]
    on = date(2026, 11, 19)  # ISO week 47
    create_coe(client, title="A year ago this week", event_start_at="2025-11-20T08:00")
    create_coe(client, title="Two years ago this week", event_start_at="2024-11-18T08:00")
    create_coe(client, title="A year ago, the week after", event_start_at="2025-11-25T08:00")
    create_coe(client, title="This very week", event_start_at="2026-11-18T08:00")
    with app.app_context():
        assert [c.title for c in this_week_in_history(on)] == ["A year ago this week", "Two years ago this week"]


def test_the_coe_page_lists_this_week_in_history(client) -> None:  # type: ignore[no-untyped-def]
    year, week, _ = today().isocalendar()
    earlier = next(y for y in range(year - 1, year - 10, -1) if date(y, 12, 28).isocalendar()[1] >= week)
    same_week = date.fromisocalendar(earlier, week, 4)
    create_coe(client, title="Same week, an earlier year", event_start_at=f"{same_week.isoformat()}T12:00")
    create_coe(client, title="Another week", event_start_at=f"{earlier}-{'01' if week > 5 else '06'}-15T12:00")
    section = client.get("/coes/").get_data(as_text=True).split('id="history"')[1]
    assert "Same week, an earlier year" in section and "Another week" not in section


def test_reindex_rebuilds_the_search_copy(client, app) -> None:  # type: ignore[no-untyped-def]
    create_coe(client, title="Certificate expired")
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM coe_fts")
    output = app.test_cli_runner().invoke(args=["coes", "reindex"]).output
    assert "Indexed 1 COEs." in output
    assert titles(client.get("/api/v1/coes?q=certificate")) == ["Certificate expired"]
