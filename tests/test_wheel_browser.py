"""The wheel in a real browser: space spins, and the wheel lands on the recorded team."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest

from opsreview.extensions import db
from opsreview.spins.models import Spin
from tests.conftest import make_app, unavailable
from opsreview.accounts.models import Role
from tests.factories import add_meeting, add_teams, add_user
from tests.live import serve

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser
HOST_PASSWORD = "a long test passphrase"


def open_wheel(page, base: str, meeting_id: int) -> None:  # type: ignore[no-untyped-def]
    """Sign in as the host through the sign-in page, landing on the wheel."""
    page.goto(f"{base}/meetings/{meeting_id}/wheel")
    page.fill("#email", "host@example.com")
    page.fill("#password", HOST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#wheel")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        unavailable("Chromium", f"{CHROMIUM} is missing; scripts/test installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def wheel_site(tmp_path) -> Iterator[tuple[str, object, int]]:  # type: ignore[no-untyped-def]
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        add_user(Role.HOST, password=HOST_PASSWORD)
        add_teams(12)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    with serve(app) as base:
        yield base, app, meeting_id


def recorded_team(app, meeting_id: int) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        spins = list(db.session.scalars(db.select(Spin).where(Spin.meeting_id == meeting_id)))
        assert len(spins) == 1
        return spins[0].team_id


def test_space_spins_and_the_wheel_lands_on_the_recorded_team(browser, wheel_site) -> None:  # type: ignore[no-untyped-def]
    base, app, meeting_id = wheel_site
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    open_wheel(page, base, meeting_id)
    page.keyboard.press(" ")
    result = page.locator("#result")
    result.wait_for(state="visible", timeout=10_000)
    team_id = recorded_team(app, meeting_id)
    assert result.get_attribute("data-team-id") == str(team_id)
    # The pointer is at the top: the sector under it after the turn is the recorded team's.
    under_pointer = page.evaluate(
        """() => {
            document.querySelector('.wheel-frame').scrollIntoView();
            const frame = document.querySelector('.wheel-frame').getBoundingClientRect();
            const x = frame.left + frame.width / 2, y = frame.top + frame.height * 0.08;
            const hit = document.elementFromPoint(x, y);
            return hit && hit.dataset ? hit.dataset.teamId : null;
        }"""
    )
    assert under_pointer == str(team_id)
    assert page.locator("#result-team").inner_text().strip() != ""
    assert problems == []
    if os.environ.get("SCREENSHOTS"):
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "wheel.png"), full_page=False)
    page.close()


def test_the_animation_takes_seconds_and_can_be_skipped(browser, wheel_site) -> None:  # type: ignore[no-untyped-def]
    base, app, meeting_id = wheel_site
    page = browser.new_page()
    open_wheel(page, base, meeting_id)
    page.click("#spin-button")
    page.wait_for_selector("#wheel-rotor[style*='rotate']", timeout=10_000)
    assert page.locator("#result").is_hidden()  # still turning
    page.keyboard.press("Escape")
    page.locator("#result").wait_for(state="visible", timeout=2_000)
    assert page.locator("#result").get_attribute("data-team-id") == str(recorded_team(app, meeting_id))
    page.close()


def test_with_reduced_motion_the_result_shows_at_once(browser, wheel_site) -> None:  # type: ignore[no-untyped-def]
    base, app, meeting_id = wheel_site
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    open_wheel(page, base, meeting_id)
    page.keyboard.press(" ")
    page.locator("#result").wait_for(state="visible", timeout=3_000)
    assert page.locator("#result").get_attribute("data-team-id") == str(recorded_team(app, meeting_id))
    context.close()
