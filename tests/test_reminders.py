"""Reminders by real SMTP and a chat webhook on loopback, and the calendar feeds."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from opsreview.accounts.models import Role
from opsreview.actions.calendar import feed_token
from opsreview.actions.models import ActionItem
from opsreview.extensions import db
from tests.conftest import client_as
from tests.factories import add_team, add_user


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


@pytest.fixture
def chat_receiver() -> Iterator[tuple[str, list[dict]]]:
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/ops", received
    server.shutdown()
    server.server_close()


def add_item(title: str, owner_id: int, due: date, team_id: int | None = None) -> None:
    db.session.add(ActionItem(title=title, owner_id=owner_id, due_on=due, team_id=team_id))
    db.session.commit()


def test_each_owner_gets_one_digest_a_day_by_mail_and_chat(app, smtp, chat_receiver) -> None:  # type: ignore[no-untyped-def]
    port, inbox = smtp
    hook, posted = chat_receiver
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="ops@example.com", CHAT_WEBHOOK_URL=hook)
    today = date.today()
    with app.app_context():
        morgan = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan").id
        riley = add_user(Role.MEMBER, email="riley@example.com", name="Riley").id
        add_item("Overdue runbook", morgan, today - timedelta(days=4))
        add_item("Alarm on p99", morgan, today + timedelta(days=2))
        add_item("Far away", morgan, today + timedelta(days=20))
        add_item("Dashboard widgets", riley, today + timedelta(days=1))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["actions", "remind"]).output
    assert "2 owners with 3 new items: 2 mailed, 2 posted to chat." in first
    by_person = {rcpt[0]: body for rcpt, body in inbox.messages}
    assert set(by_person) == {"morgan@example.com", "riley@example.com"}
    assert "Overdue runbook (4 days overdue" in by_person["morgan@example.com"]
    assert "Alarm on p99" in by_person["morgan@example.com"] and "Far away" not in by_person["morgan@example.com"]
    assert any("Dashboard widgets" in p["text"] for p in posted)
    again = runner.invoke(args=["actions", "remind"]).output
    assert "0 owners with 0 new items" in again and len(inbox.messages) == 2 and len(posted) == 2


def test_without_smtp_or_webhook_remind_says_so_and_sends_nothing(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_item("Alarm on p99", add_user(Role.MEMBER).id, date.today())
    output = app.test_cli_runner().invoke(args=["actions", "remind"]).output
    assert "Neither SMTP_HOST nor CHAT_WEBHOOK_URL is set" in output and "0 mailed, 0 posted" in output


def test_an_unreachable_smtp_server_degrades_and_is_retried_next_run(app, smtp) -> None:  # type: ignore[no-untyped-def]
    port, inbox = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens there
    with app.app_context():
        add_item("Alarm on p99", add_user(Role.MEMBER).id, date.today())
    runner = app.test_cli_runner()
    assert "0 mailed" in runner.invoke(args=["actions", "remind"]).output
    app.config["SMTP_PORT"] = port
    assert "1 mailed" in runner.invoke(args=["actions", "remind"]).output and len(inbox.messages) == 1


def test_the_personal_and_team_calendars_are_valid_icalendar(app) -> None:  # type: ignore[no-untyped-def]
    due = date.today() + timedelta(days=5)
    with app.app_context():
        morgan = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan").id
        team = add_team("Ledger").id
        add_item("Alarm on p99, latency; and a \\ backslash", morgan, due, team_id=team)
        person_token, team_token = feed_token("person", morgan), feed_token("team", team)
    anonymous = app.test_client()
    for path in (f"/calendar/person/{morgan}/{person_token}.ics", f"/calendar/team/{team}/{team_token}.ics"):
        response = anonymous.get(path)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))  # RFC 5545 line folding
        calendar = Calendar.from_ical(response.data)
        events = calendar.walk("VEVENT")
        assert len(events) == 1
        event = events[0]
        assert str(event["summary"]) == "Due: Alarm on p99, latency; and a \\ backslash"
        assert event.decoded("dtstart") == due and "uid" in event and "dtstamp" in event
    assert anonymous.get(f"/calendar/person/{morgan}/{'0' * 32}.ics").status_code == 404


def test_my_items_page_shows_my_calendar_address(app) -> None:  # type: ignore[no-untyped-def]
    page = client_as(app, Role.MEMBER).get("/actions/mine").get_data(as_text=True)
    assert 'id="calendar-feed"' in page and "/calendar/person/" in page


def test_a_person_who_left_has_no_calendar_any_more(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        user = add_user(Role.MEMBER)
        user_id, token = user.id, feed_token("person", user.id)
        user.active = False
        db.session.commit()
    assert app.test_client().get(f"/calendar/person/{user_id}/{token}.ics").status_code == 404
