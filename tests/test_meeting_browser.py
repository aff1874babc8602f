"""A whole meeting in Chromium: the host drives the projector by keyboard; a second browser follows every move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from opsreview.accounts.models import Role, User
from opsreview.actions.models import ActionItem
from opsreview.agenda.models import Agenda, AgendaItem, ItemStatus
from opsreview.clock import now_utc
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from tests.conftest import make_app
from tests.factories import add_meeting, add_teams, add_user
from tests.live import serve
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser
PASSWORD = "a long test passphrase"
FOLLOW_MS = 2_000  # the promise: every follower shows a move within 2 seconds


@pytest.fixture
def meeting_site(tmp_path) -> Iterator[tuple[str, object, int]]:  # type: ignore[no-untyped-def]
    app = make_app(f"sqlite:///{tmp_path / 'meeting.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=False)
    with app.app_context():
        add_user(Role.HOST, password=PASSWORD)
        add_user(Role.VIEWER, password=PASSWORD)
        owner = add_user(Role.MEMBER, email="morgan@example.com", name="Morgan")
        add_teams(5)
        meeting_id = add_meeting(date.today(), slots=2).id
        db.session.add(ActionItem(title="Alarm on p99", owner_id=owner.id, due_on=date.today() - timedelta(days=3)))
        db.session.commit()
        host = app.test_client(user=db.session.scalars(db.select(User).where(User.email == "host@example.com")).one())
    # Org-wide items close the agenda: long enough that a follower scrolls down to read it.
    for kind, title in [("win", "Zero pages all week"), ("coe", "Checkout outage")] + [("org_item", f"Org item {n}") for n in range(12)]:
        host.post(f"/meetings/{meeting_id}/agenda/items", data={"kind": kind, "title": title, "presenter": "Sam"})
    with app.app_context():
        for item in db.session.scalars(db.select(AgendaItem).where(AgendaItem.status == ItemStatus.SUBMITTED)):
            item.status = ItemStatus.ACCEPTED
        db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    with serve(app) as base:
        yield base, app, meeting_id


def sign_in(context, base: str, email: str, path: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(base + path)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#live")
    return page


def title_is(page, text: str, timeout: int = 5_000) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f"#live-title:text-is({text!r})", timeout=timeout)


def in_view(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def set_elapsed(app, meeting_id: int, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Stand in for minutes passing: the paused timer has run ``seconds`` (and followers are told)."""
    with app.app_context():
        agenda = db.session.get(Agenda, meeting_id)
        agenda.timer_elapsed, agenda.timer_started_at = seconds, None
        agenda.version += 1
        db.session.commit()


def run_down_to(app, meeting_id: int, seconds_left: float) -> None:  # type: ignore[no-untyped-def]
    """Stand in for most of the item's timebox passing: its timer runs on, ``seconds_left`` to go."""
    with app.app_context():
        agenda = db.session.get(Agenda, meeting_id)
        timebox = db.session.get(AgendaItem, agenda.current_item_id).timebox_minutes * 60
        agenda.timer_elapsed, agenda.timer_started_at = timebox - seconds_left, now_utc()
        agenda.version += 1
        db.session.commit()


def test_the_host_runs_a_whole_meeting_by_keyboard_and_a_follower_sees_every_move(browser, meeting_site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811,E501
    base, app, meeting_id = meeting_site
    problems: list[str] = []
    host_context, follower_context = browser.new_context(), browser.new_context(viewport={"width": 1000, "height": 420})
    host = sign_in(host_context, base, "host@example.com", f"/meetings/{meeting_id}/projector")
    follower = sign_in(follower_context, base, "viewer@example.com", f"/meetings/{meeting_id}/follow")
    for page in (host, follower):
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    host.keyboard.press("?")
    host.wait_for_selector("#keys-help[open]")
    host.keyboard.press("Escape")
    host.wait_for_selector("#keys-help:not([open])", state="attached")

    # The follower scrolls down the agenda; moves must not move the page under them.
    follower.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert follower.evaluate("window.scrollY") > 0 and in_view(follower, "#agenda-list li:last-child")

    host.keyboard.press("ArrowRight")  # starts the meeting on its first item
    title_is(host, "Zero pages all week")
    title_is(follower, "Zero pages all week", FOLLOW_MS)
    assert follower.evaluate("window.scrollY") > 0 and in_view(follower, "#agenda-list li:last-child")
    assert follower.locator("#agenda-list li.current .item-title").inner_text() == "Zero pages all week"

    host.keyboard.press("ArrowRight")
    title_is(host, "Checkout outage")
    title_is(follower, "Checkout outage", FOLLOW_MS)
    host.keyboard.press("t")
    host.wait_for_selector("#live-timer:has-text('paused')")
    follower.wait_for_selector("#live-timer:has-text('paused')", timeout=FOLLOW_MS)
    set_elapsed(app, meeting_id, 14 * 60)  # one minute left of fifteen
    follower.wait_for_selector("#live-timer[data-state=amber]", timeout=FOLLOW_MS)
    set_elapsed(app, meeting_id, 16 * 60)
    follower.wait_for_selector("#live-timer[data-state=red]", timeout=FOLLOW_MS)
    assert follower.locator("#live-timer").inner_text().startswith("-1:00")
    host.keyboard.press("t")
    host.wait_for_selector("#live-timer:not(:has-text('paused'))")

    for slot in (1, 2):
        host.keyboard.press("ArrowRight")
        title_is(host, f"Wheel slot {slot}")
        host.keyboard.press("s")
        host.wait_for_selector(f"#live-title:has-text('Wheel slot {slot}: Team')")
        picked = host.locator("#live-title").inner_text()
        title_is(follower, picked, FOLLOW_MS)
        # The room gets the team's dashboard, and its links.
        slug = picked.split(": ", 1)[1].lower().replace(" ", "-")
        assert follower.locator("#live-dashboard").get_attribute("href") == f"/teams/{slug}/dashboard"
        assert follower.locator("#live-team-links a").first.inner_text() == "Runbook"

    host.keyboard.press("ArrowRight")
    title_is(host, "Action items due and overdue")
    assert "Alarm on p99" in host.locator("#live-follow-ups").inner_text()
    title_is(follower, "Action items due and overdue", FOLLOW_MS)

    host.evaluate("window.stillThisPage = true")  # the capture must not reload the projector
    host.keyboard.press("a")
    host.wait_for_selector("#quick-dialog[open]")
    host.fill("#quick-dialog input[name=title]", "Add p99.9 to the checkout dashboard")
    host.fill("#quick-dialog input[name=owner]", "nobody@example.com")
    host.fill("#quick-dialog input[name=due_on]", (date.today() + timedelta(days=14)).isoformat())
    host.click("#quick-dialog button[type=submit]")
    host.wait_for_selector("#quick-problem:not([hidden])")  # an unknown owner: said, and the text stays
    assert host.input_value("#quick-dialog input[name=title]") == "Add p99.9 to the checkout dashboard"
    host.fill("#quick-dialog input[name=owner]", "morgan@example.com")
    host.click("#quick-dialog button[type=submit]")
    host.wait_for_selector(".flash-success:has-text('Captured')")
    host.wait_for_selector("#quick-dialog:not([open])", state="attached")
    assert host.evaluate("window.stillThisPage") is True  # full screen and the room's place are kept
    title_is(host, "Action items due and overdue")

    host.keyboard.press("ArrowLeft")
    host.wait_for_selector("#live-title:has-text('Wheel slot 2: Team')")
    follower.wait_for_selector("#live-title:has-text('Wheel slot 2: Team')", timeout=FOLLOW_MS)

    host.goto(f"{base}/meetings/{meeting_id}/agenda")
    host.click("#close-meeting")
    host.wait_for_selector("#minutes-actions:has-text('Add p99.9 to the checkout dashboard')")
    title_is(follower, "The meeting is closed", FOLLOW_MS)
    refused = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    problems.remove(refused)  # the one capture refused on purpose; nothing else may go wrong
    assert problems == []
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).status == MeetingStatus.CLOSED
    host_context.close()
    follower_context.close()


def test_a_running_countdown_turns_amber_then_red_on_the_projector_and_on_a_followers_page(browser, meeting_site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811,E501
    base, app, meeting_id = meeting_site
    host = sign_in(browser.new_context(), base, "host@example.com", f"/meetings/{meeting_id}/projector")
    follower = sign_in(browser.new_context(), base, "viewer@example.com", f"/meetings/{meeting_id}/follow")
    host.keyboard.press("ArrowRight")  # the meeting starts on its first item, the timer running
    title_is(follower, "Zero pages all week", FOLLOW_MS)

    run_down_to(app, meeting_id, seconds_left=4)  # amber is the last half minute: 4 s to go before red
    pages = (host, follower)
    for page in pages:
        page.wait_for_selector("#live-timer.timer-amber:not(.timer-red)", timeout=FOLLOW_MS)
        assert "paused" not in page.locator("#live-timer").inner_text()
        page.evaluate("window.stillTheSamePage = true")  # a reload would lose it
    versions = [page.locator("#live").get_attribute("data-version") for page in pages]

    # Nothing is written and nothing reloads from here: each page's own countdown crosses zero.
    for page in pages:
        page.wait_for_selector("#live-timer.timer-red:not(.timer-amber)", timeout=4_000 + FOLLOW_MS)
        page.wait_for_selector("#live-timer:text-matches('^-0:0[0-9]$')")
    assert [page.evaluate("window.stillTheSamePage === true") for page in pages] == [True, True]
    assert [page.locator("#live").get_attribute("data-version") for page in pages] == versions
