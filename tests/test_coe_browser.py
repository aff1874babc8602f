"""The COE editor and projector mode in a real browser: rows move, drafts save themselves, a copy
kept in the browser comes back after a failed save, arrow keys walk the sections."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from opsreview.accounts.models import Role
from opsreview.coes.models import Coe
from opsreview.extensions import db
from tests.conftest import make_app
from tests.factories import add_team, add_user
from tests.live import serve
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser
PASSWORD = "a long test passphrase"


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    app = make_app(f"sqlite:///{tmp_path / 'coe-browser.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        add_user(Role.MEMBER, password=PASSWORD)
        add_team("Checkout")
    with serve(app) as base:
        yield base, app


def signed_in(browser, base: str):  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_context().new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "422" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{base}/coes/new")
    page.fill("#email", "member@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#coe-form")
    return page, problems


def start_draft(page) -> None:  # type: ignore[no-untyped-def]
    page.fill("#title", "Checkout errors after a certificate expired")
    page.click("button.primary[type=submit]")
    page.wait_for_selector("[data-autosave]")


def test_rows_are_added_reordered_and_saved_as_you_type(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, problems = signed_in(browser, base)
    start_draft(page)
    page.click("button[data-add=timeline]")
    page.fill("#timeline-0-at", "2026-03-02T09:00")
    page.fill("#timeline-0-text", "Certificate expires")
    page.click("button[data-add=timeline]")
    page.fill("#timeline-1-at", "2026-03-02T08:55")
    page.fill("#timeline-1-text", "Renewal reminder ignored")
    page.locator("#timeline-rows li").nth(1).locator("button[data-move='-1']").click()
    page.click("button[data-add=whys]")
    page.fill("#whys-0-question", "Why did checkout fail?")
    page.fill("#whys-0-answer", "The certificate had expired.")
    page.fill("#summary", "The payment endpoint's certificate expired.")
    page.wait_for_selector("#save-state:has-text('All changes saved')")
    with app.app_context():
        coe = db.session.scalars(db.select(Coe)).one()
        assert [row.text for row in coe.timeline] == ["Renewal reminder ignored", "Certificate expires"]
        assert coe.whys[0].answer == "The certificate had expired."
        assert coe.summary == "The payment endpoint's certificate expired."
    assert problems == []


def test_text_that_could_not_be_saved_comes_back_after_a_reload(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, _ = signed_in(browser, base)
    start_draft(page)
    page.fill("#title", "")
    page.fill("#summary", "Three careful paragraphs, not yet saved.")
    page.wait_for_selector("#save-state:has-text('Not saved yet')")
    page.reload()
    page.wait_for_selector("#restore:not([hidden])")
    assert page.input_value("#summary") == ""
    page.click("#restore-button")
    assert page.input_value("#summary") == "Three careful paragraphs, not yet saved."
    with app.app_context():
        assert db.session.scalars(db.select(Coe.summary)).one() == ""


def test_projector_mode_shows_one_section_at_a_time(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, problems = signed_in(browser, base)
    start_draft(page)
    coe_id = page.url.split("/coes/")[1].split("/")[0]
    page.goto(f"{base}/coes/{coe_id}/present")
    page.wait_for_selector("#title-slide", state="visible")
    assert page.locator("#summary").is_hidden()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#summary", state="visible")
    assert page.locator("#title-slide").is_hidden()
    assert page.inner_text("#slide-count") == "2 / 10"
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#title-slide", state="visible")
    assert problems == []


def kept_copy(page, coe_id: str) -> dict | None:  # type: ignore[no-untyped-def, type-arg]
    """What this browser keeps of the editor's text for ``coe_id`` ("new" for the new-COE form)."""
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", f"coe-draft-{coe_id}")


def kept_field(page, coe_id: str, name: str) -> str | None:  # type: ignore[no-untyped-def]
    copy = kept_copy(page, coe_id)
    return dict(map(tuple, copy["fields"])).get(name) if copy else None


def test_a_lost_session_keeps_the_text_and_says_to_sign_in(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, _ = signed_in(browser, base)
    start_draft(page)
    coe_id = page.url.split("/coes/")[1].split("/")[0]
    page.context.clear_cookies()  # the session ends (expired, signed out in another tab)
    page.fill("#summary", "Typed after the session ended.")
    page.wait_for_selector("#save-state:has-text('Signed out — sign in again; your text is kept on this computer')")
    assert kept_field(page, coe_id, "summary") == "Typed after the session ended."
    with app.app_context():
        assert db.session.scalars(db.select(Coe.summary)).one() == ""


def test_opening_another_coe_keeps_the_unsaved_new_coe(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, problems = signed_in(browser, base)
    start_draft(page)
    coe_id = page.url.split("/coes/")[1].split("/")[0]
    assert kept_copy(page, "new") is None  # saved as this COE: the browser's copy of the form is dropped
    page.goto(f"{base}/coes/new")
    page.fill("#title", "A second outage, not saved yet")
    page.goto(f"{base}/coes/{coe_id}/edit")
    page.wait_for_selector("#coe-form[data-autosave]")
    assert kept_field(page, "new", "title") == "A second outage, not saved yet"
    page.goto(f"{base}/coes/new")
    page.click("#restore-button")
    assert page.input_value("#title") == "A second outage, not saved yet"
    assert problems == []


def test_text_typed_while_a_save_is_on_its_way_stays_kept_until_saved(browser, site) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    base, app = site
    page, problems = signed_in(browser, base)
    start_draft(page)
    coe_id = page.url.split("/coes/")[1].split("/")[0]
    held = []
    page.route("**/autosave", lambda route: held.append(route))  # hold each save until the test lets it through
    with page.expect_request("**/autosave"):
        page.fill("#summary", "First paragraph.")
    page.fill("#summary", "First paragraph. Second paragraph, typed while the save was on its way.")
    while not held:  # the request is out; its route reaches the test a moment later
        page.wait_for_timeout(20)
    held.pop(0).continue_()
    page.wait_for_selector("#save-state:has-text('saving what you typed since')")
    assert kept_field(page, coe_id, "summary") == "First paragraph. Second paragraph, typed while the save was on its way."
    page.unroute("**/autosave")
    for route in held:
        route.continue_()
    page.wait_for_selector("#save-state:has-text('All changes saved')")
    assert kept_copy(page, coe_id) is None
    with app.app_context():
        assert db.session.scalars(db.select(Coe.summary)).one().endswith("typed while the save was on its way.")
    assert problems == []
