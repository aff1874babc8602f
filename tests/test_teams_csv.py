"""Teams to and from CSV: every row reported, nothing dropped silently."""

from __future__ import annotations

import io

from opsreview.extensions import db
from opsreview.teams.models import Team
from tests.factories import add_team


def upload(client, text: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/teams/import", data={"file": (io.BytesIO(text.encode()), "teams.csv")}, content_type="multipart/form-data"
    )


def test_good_rows_are_imported_and_bad_rows_are_reported_by_line(client, ctx) -> None:  # type: ignore[no-untyped-def]
    csv_text = (
        "name,slug,org,links,away_until\n"
        "Ledger,ledger,Payments,Runbook https://wiki.example.com/ledger,\n"
        ",nameless,Payments,,\n"
        "Refunds,refunds,Payments,Runbook javascript:alert(1),\n"
        "Payouts,payouts,Payments,,not-a-date\n"
        "Billing,billing,Payments,,2030-01-31\n"
    )
    page = upload(client, csv_text).get_data(as_text=True)
    assert "2 created, 0 updated, 3 with errors" in page
    assert "A team needs a name." in page
    assert "must start with http:// or https://" in page
    assert "Not a valid date value" in page
    names = set(db.session.scalars(db.select(Team.name)))
    assert names == {"Ledger", "Billing"}


def test_a_row_with_a_known_slug_updates_that_team(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    page = upload(client, "name,slug,org\nLedger,ledger,Finance\n").get_data(as_text=True)
    assert "0 created, 1 updated" in page
    assert db.session.scalars(db.select(Team.org)).one() == "Finance"


def test_a_file_without_a_name_column_is_refused_clearly(client) -> None:  # type: ignore[no-untyped-def]
    page = upload(client, "team,org\nLedger,Payments\n").get_data(as_text=True)
    assert "“name” is required" in page


def test_a_file_that_is_not_utf8_is_refused_clearly(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/teams/import",
        data={"file": (io.BytesIO("name\nCaf\xe9\n".encode("latin-1")), "t.csv")},
        content_type="multipart/form-data",
    )
    assert "not UTF-8" in response.get_data(as_text=True)


def test_export_then_import_gives_back_the_same_teams(client, ctx) -> None:  # type: ignore[no-untyped-def]
    add_team("Ledger")
    add_team("Refunds")
    exported = client.get("/teams/export.csv").get_data(as_text=True)
    assert exported.splitlines()[0] == "name,slug,org,description,contact,links,away_until,away_reason"
    page = upload(client, exported).get_data(as_text=True)
    assert "0 created, 2 updated, 0 with errors" in page
    assert client.get("/teams/export.csv").get_data(as_text=True) == exported


def test_an_import_with_no_file_says_so(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/teams/import", data={}).get_data(as_text=True)
    assert "Choose a CSV file to import." in page
