"""After a pick the room goes to the team's dashboard: on the projector's stage, under the timer."""

from __future__ import annotations

import pytest

from tests.test_meeting_browser import FOLLOW_MS, meeting_site, sign_in, title_is  # noqa: F401 - fixtures
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser


def test_the_picked_teams_dashboard_is_on_the_stage_and_the_keys_still_work_in_it(browser, meeting_site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811,E501
    base, _, meeting_id = meeting_site
    problems: list[str] = []
    host = sign_in(browser.new_context(), base, "host@example.com", f"/meetings/{meeting_id}/projector")
    follower = sign_in(browser.new_context(), base, "viewer@example.com", f"/meetings/{meeting_id}/follow")
    for page in (host, follower):
        page.on("pageerror", lambda e: problems.append(str(e)))
    for title in ("Zero pages all week", "Checkout outage", "Wheel slot 1"):  # the first press starts
        host.keyboard.press("ArrowRight")
        title_is(host, title)
    assert host.locator("#live-board").is_hidden()  # nobody picked yet: nothing to show

    host.keyboard.press("s")
    host.wait_for_selector("#live-title:has-text('Wheel slot 1: Team')")
    team = host.locator("#live-title").inner_text().split(": ", 1)[1]
    host.wait_for_selector("#live-board:not([hidden])", timeout=10_000)
    board = host.frame_locator("#live-board-frame")
    board.locator("h1").filter(has_text=team).wait_for(timeout=10_000)
    board.locator("#headline").wait_for()
    assert board.locator("header.top").count() == 0  # the dashboard without the site's header
    assert board.locator("base[target=_blank]").count() == 1  # its links open a tab, not the stage
    assert host.locator("#live-timer").inner_text() != ""  # the timer runs for the team
    # A follower gets the link to it (charts in their page would hold up the live updates).
    title_is(follower, f"Wheel slot 1: {team}", FOLLOW_MS)
    assert follower.locator("#live-board").count() == 0
    assert follower.locator("#live-dashboard").get_attribute("href").endswith("/dashboard")

    # The host clicks into the dashboard (a chart, a table): the projector's keys still move the room.
    host.frame_locator("#live-board-frame").locator("#headline").click()
    host.frame_locator("#live-board-frame").locator("body").press("ArrowRight")
    title_is(host, "Wheel slot 2")
    title_is(follower, "Wheel slot 2", FOLLOW_MS)
    host.wait_for_selector("#live-board[hidden]", state="attached")
    assert problems == []


def test_only_the_site_itself_may_frame_the_dashboard(client) -> None:  # type: ignore[no-untyped-def]
    from opsreview.extensions import db
    from tests.factories import add_team

    with client.application.app_context():
        slug = add_team("Ledger").slug
        db.session.commit()
    embedded = client.get(f"/teams/{slug}/dashboard?embed=1")
    assert embedded.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in embedded.headers["Content-Security-Policy"]
    plain = client.get(f"/teams/{slug}/dashboard")
    assert plain.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in plain.headers["Content-Security-Policy"]
    other = client.get("/meetings/?embed=1")
    assert other.headers["X-Frame-Options"] == "DENY"
