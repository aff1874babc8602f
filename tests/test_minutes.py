"""Follow-ups reported in the meeting, and closing it: minutes as a page, Markdown and real mail; next week planned."""

from __future__ import annotations

from datetime import date, timedelta

from opsreview.accounts.models import Role
from opsreview.actions.models import ActionItem, Status
from opsreview.agenda.models import AgendaItem, Minutes
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from tests.conftest import client_as
from tests.factories import add_meeting, add_teams, add_user
from tests.test_reminders import smtp  # noqa: F401 - the loopback SMTP server fixture

TODAY = date.today()


def add_item(title: str, owner_id: int, due: date, status: Status = Status.OPEN) -> int:
    item = ActionItem(title=title, owner_id=owner_id, due_on=due, status=status)
    db.session.add(item)
    db.session.commit()
    return item.id


def follow_up_setup(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        add_meeting(TODAY - timedelta(days=7), MeetingStatus.CLOSED)
        meeting_id = add_meeting(TODAY).id
        owner = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan").id
        ids = {
            "due this week": add_item("Due this week", owner, TODAY - timedelta(days=2)),
            "done this week": add_item("Done this week", owner, TODAY - timedelta(days=1), Status.DONE),
            "long overdue": add_item("Long overdue", owner, TODAY - timedelta(days=30)),
            "closed long ago": add_item("Closed long ago", owner, TODAY - timedelta(days=30), Status.DONE),
            "due next month": add_item("Due next month", owner, TODAY + timedelta(days=30)),
        }
    return meeting_id, ids


def test_follow_ups_list_items_due_since_the_last_meeting_and_overdue_ones(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, _ = follow_up_setup(app)
    page = client_as(app, Role.VIEWER).get(f"/meetings/{meeting_id}/follow-ups").get_data(as_text=True)
    assert "Due this week" in page and "Done this week" in page and "Long overdue" in page
    assert "Closed long ago" not in page and "Due next month" not in page
    assert 'name="outcome"' not in page  # a viewer reads, a leader records


def test_a_leader_records_done_a_new_date_with_a_reason_or_escalated(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, ids = follow_up_setup(app)
    leader = client_as(app, Role.LEADER)
    url = f"/meetings/{meeting_id}/follow-ups/"
    later = (TODAY + timedelta(days=14)).isoformat()
    assert leader.post(url + str(ids["due this week"]), data={"outcome": "done"}).status_code == 302
    assert leader.post(url + str(ids["long overdue"]), data={"outcome": "new date", "due_on": later, "note": "vendor late"}).status_code == 302
    refused = leader.post(url + str(ids["done this week"]), data={"outcome": "escalated", "note": ""})
    assert refused.status_code == 400 and "Say why it is escalated." in refused.get_data(as_text=True)
    no_date = leader.post(url + str(ids["done this week"]), data={"outcome": "new date", "note": "typed reason"})
    assert no_date.status_code == 400 and "Give the new due date." in no_date.get_data(as_text=True)
    assert 'value="typed reason"' in no_date.get_data(as_text=True)
    assert leader.post(url + str(ids["done this week"]), data={"outcome": "escalated", "note": "needs a VP"}).status_code == 302
    with app.app_context():
        assert db.session.get(ActionItem, ids["due this week"]).status == Status.DONE
        moved = db.session.get(ActionItem, ids["long overdue"])
        assert moved.due_on.isoformat() == later and moved.slips == 1
    page = leader.get(f"/meetings/{meeting_id}/follow-ups").get_data(as_text=True)
    assert "needs a VP" in page and "vendor late" in page
    assert client_as(app, Role.MEMBER).post(url + str(ids["due this week"]), data={"outcome": "done"}).status_code == 403


def run_a_meeting(app):  # type: ignore[no-untyped-def]
    """A meeting with a win, a COE, two teams, an action item captured, a follow-up and a deferred item."""
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(TODAY, slots=2).id
        owner = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan").id
        overdue = add_item("Alarm on p99", owner, TODAY - timedelta(days=3))
    host = client_as(app, Role.HOST)
    submissions = [("win", "Zero pages all week"), ("coe", "Checkout outage"), ("announcement", "New on-call tool"),
                   ("org_item", "Adopt IMDSv2")]
    for kind, title in submissions:
        host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": kind, "title": title, "presenter": "Sam"})
    with app.app_context():
        titles = {i.title: i.id for i in db.session.scalars(db.select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))}
    for title in ("Zero pages all week", "Checkout outage", "New on-call tool"):
        host.post(f"/agenda/items/{titles[title]}/accept")
    host.post(f"/meetings/{meeting_id}/start")
    items = host.get(f"/api/v1/meetings/{meeting_id}/live").get_json()["items"]
    wheel = next(i["id"] for i in items if i["section"] == "wheel")
    host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": "go", "item_id": wheel})
    host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": "spin"})
    host.post(f"/api/v1/meetings/{meeting_id}/live", json={"action": "spin"})
    host.post("/actions/quick", data={"title": "Add p99.9 to the dashboard", "owner": "morgan@example.com",
                                      "due_on": (TODAY + timedelta(days=10)).isoformat()})
    host.post(f"/meetings/{meeting_id}/follow-ups/{overdue}", data={"outcome": "escalated", "note": "blocked on network"})
    return meeting_id, host


def test_closing_writes_the_minutes_and_plans_next_week(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host = run_a_meeting(app)
    response = host.post(f"/meetings/{meeting_id}/close")
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting_id}/minutes"
    page = host.get(f"/meetings/{meeting_id}/minutes").get_data(as_text=True)
    for text in ("Zero pages all week", "Checkout outage", "Slot 1:", "Slot 2:", "Add p99.9 to the dashboard",
                 "Morgan", "escalated", "blocked on network", "New on-call tool", "Adopt IMDSv2"):
        assert text in page, text
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status == MeetingStatus.CLOSED
        following = db.session.scalars(db.select(Meeting).where(Meeting.held_on == TODAY + timedelta(days=7))).one()
        deferred = db.session.scalars(db.select(AgendaItem).where(AgendaItem.title == "Adopt IMDSv2")).one()
        assert deferred.meeting_id == following.id and following.status == MeetingStatus.PLANNED
    assert host.post(f"/meetings/{meeting_id}/close", follow_redirects=True).status_code == 200  # closing twice: told, no harm


def test_the_minutes_download_as_markdown_with_user_text_made_literal(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host = run_a_meeting(app)
    host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "win", "title": "[click](javascript:x) *bold*"})
    with app.app_context():
        item = db.session.scalars(db.select(AgendaItem).where(AgendaItem.kind == "win", AgendaItem.status == "submitted")).one()
        item_id = item.id
    host.post(f"/agenda/items/{item_id}/accept")
    host.post(f"/meetings/{meeting_id}/close")
    response = host.get(f"/meetings/{meeting_id}/minutes.md")
    assert response.mimetype == "text/markdown" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("# Minutes: Weekly operations review")
    assert "## Wins\n\n- Zero pages all week (Sam)" in text
    assert r"\[click\]\(javascript:x\) \*bold\*" in text
    assert "## Action items created\n\n- Add p99.9 to the dashboard: Morgan, due " in text
    assert "## Deferred\n\n- Adopt IMDSv2 (org_item), moved to " in text


def test_a_meeting_not_yet_closed_has_no_minutes(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        meeting_id = add_meeting(TODAY).id
    assert client_as(app, Role.VIEWER).get(f"/meetings/{meeting_id}/minutes").status_code == 404


def test_the_minutes_are_mailed_to_the_configured_list_over_smtp(app, smtp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    port, inbox = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="ops@example.com",
                      MINUTES_RECIPIENTS=("ops-leads@example.com", "eng@example.com"))
    meeting_id, host = run_a_meeting(app)
    page = host.post(f"/meetings/{meeting_id}/close", follow_redirects=True).get_data(as_text=True)
    assert "mailed to ops-leads@example.com, eng@example.com" in page
    ((recipients, message),) = inbox.messages
    assert sorted(recipients) == ["eng@example.com", "ops-leads@example.com"]
    assert "Subject: Minutes: Weekly operations review" in message and "Zero pages all week" in message
    assert f"/meetings/{meeting_id}/minutes" in message
    with app.app_context():
        assert db.session.get(Minutes, meeting_id).mailed_at is not None


def test_without_recipients_the_minutes_are_written_but_not_mailed(app, smtp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    port, inbox = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MINUTES_RECIPIENTS=())
    meeting_id, host = run_a_meeting(app)
    host.post(f"/meetings/{meeting_id}/close")
    assert inbox.messages == [] and host.get(f"/meetings/{meeting_id}/minutes").status_code == 200


def test_the_minutes_carry_each_presenting_teams_dashboard_and_its_highlighted_changes(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, host = run_a_meeting(app)
    host.post(f"/meetings/{meeting_id}/close")
    page = host.get(f"/meetings/{meeting_id}/minutes").get_data(as_text=True)
    markdown = host.get(f"/meetings/{meeting_id}/minutes.md").get_data(as_text=True)
    with app.test_request_context():
        from opsreview.teams.models import Team

        presented = db.session.get(Minutes, meeting_id).content["presented"]
        assert len(presented) == 2
        # The sample numbers flag changes for two of the three teams: whichever two present, one has highlights.
        assert any(entry["highlights"] for entry in presented)
        for entry in presented:
            team = db.session.scalars(db.select(Team).where(Team.name == entry["team"])).one()
            assert entry["dashboard_url"] == f"/teams/{team.slug}/dashboard"
            # What the room's dashboard (the last seven days) marked worse, metric by metric.
            shown = host.get(f"/api/v1/teams/{team.slug}/dashboard").get_json()["comparisons"]
            worse = [row for row in shown if row["worse"]]
            assert len(entry["highlights"]) == len(worse)
            for row, sentence in zip(worse, entry["highlights"], strict=True):
                assert sentence.startswith("Availability" if row.get("change_of") else row["name"])
            assert f'href="/teams/{team.slug}/dashboard"' in page
            for sentence in entry["highlights"]:
                assert sentence in page and sentence.split(" (")[0] in markdown


def test_a_meeting_closed_ahead_of_its_date_still_gets_minutes(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10), slots=1).id
    host = client_as(app, Role.HOST)
    assert host.post(f"/api/v1/meetings/{meeting_id}/spins", json={}).status_code == 201
    assert host.post(f"/meetings/{meeting_id}/close").status_code == 302
    with app.app_context():
        (presented,) = db.session.get(Minutes, meeting_id).content["presented"]
        assert presented["slot"] == 1 and isinstance(presented["highlights"], list)


def test_a_follow_up_is_reported_only_at_an_open_meeting_where_it_is_due(app) -> None:  # type: ignore[no-untyped-def]
    meeting_id, ids = follow_up_setup(app)
    leader = client_as(app, Role.LEADER)
    url = f"/meetings/{meeting_id}/follow-ups/"
    not_due = leader.post(url + str(ids["due next month"]), data={"outcome": "done"}, follow_redirects=True)
    assert "is not due at this meeting" in not_due.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ActionItem, ids["due next month"]).status == Status.OPEN
        db.session.get(Meeting, meeting_id).status = MeetingStatus.CLOSED
        db.session.commit()
    late = leader.post(url + str(ids["due this week"]), data={"outcome": "done"}, follow_redirects=True)
    assert "report this at the next meeting" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ActionItem, ids["due this week"]).status == Status.OPEN


def test_the_weekly_wins_digest_is_mailed_over_smtp(app, smtp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    port, inbox = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="ops@example.com",
                      MINUTES_RECIPIENTS=("eng@example.com",), WINS_DIGEST_RECIPIENTS=("wins@example.com",),
                      PUBLIC_URL="https://ops.example.com")
    with app.app_context():
        meeting_id = add_meeting(TODAY + timedelta(days=2)).id
    member = client_as(app, Role.MEMBER)
    member.post(f"/meetings/{meeting_id}/agenda/items",
                data={"kind": "win", "title": "p99 down 40% after <the> cache fix", "presenter": "Payments"})
    member.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": "org_item", "title": "Not a win"})
    week = "{}-W{:02d}".format(*TODAY.isocalendar()[:2])
    result = app.test_cli_runner().invoke(args=["agenda", "wins-digest", "--week", week])
    assert result.exit_code == 0 and f"Ops wins {week}: 1 wins mailed to wins@example.com." in result.output
    ((recipients, message),) = inbox.messages
    assert recipients == ["wins@example.com"] and f"Subject: Ops wins, week {week}: 1" in message
    assert "- p99 down 40% after <the> cache fix (Payments)" in message and "Not a win" not in message
    assert f"https://ops.example.com/agenda/wins?week={week}" in message
    bad = app.test_cli_runner().invoke(args=["agenda", "wins-digest", "--week", "last"])
    assert bad.exit_code != 0 and "not an ISO week" in bad.output


def test_without_mail_set_up_the_digest_says_so_and_sends_nothing(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=["agenda", "wins-digest"])
    assert result.exit_code == 0 and "not mailed (set SMTP_HOST" in result.output
