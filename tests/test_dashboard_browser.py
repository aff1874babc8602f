"""The dashboard in Chromium: every chart drawn, numbers legible, scripts and styles cached."""

from __future__ import annotations

import pytest

from opsreview.accounts.models import Role
from tests.conftest import make_app
from tests.factories import add_team, add_user
from tests.live import serve
from tests.test_wheel_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser
PASSWORD = "a long test passphrase"


def test_the_dashboard_draws_every_chart_and_reloads_without_refetching_scripts(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app = make_app(f"sqlite:///{tmp_path / 'dash.sqlite3'}", tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        slug = add_team("Ledger").slug
        add_user(Role.VIEWER, password=PASSWORD)
    with serve(app) as base:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/login")
        page.fill("#email", "viewer@example.com")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{base}/teams/{slug}/dashboard")
        page.wait_for_selector("#charts[data-drawn=true]", timeout=20000)
        titles = page.locator("#charts figcaption").all_inner_texts()
        assert "Latency of GetOrder (ms)" in titles and "Availability by instance, worst first (%)" in titles
        assert page.locator("#charts .main-svg").count() >= len(titles)
        fetched: list[str] = []
        page.on("requestfinished", lambda r: fetched.append(r.url) if r.resource_type in ("script", "stylesheet") else None)
        page.goto(f"{base}/teams/{slug}/dashboard")
        page.wait_for_selector("#charts[data-drawn=true]", timeout=20000)
        network = [url for url in fetched if page.evaluate("u => performance.getEntriesByName(u).some(e => e.transferSize > 0)", url)]
        assert network == [], f"fetched again on a repeat visit: {network}"
        context.close()
    assert errors == []
