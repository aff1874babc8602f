"""What the dashboard page loads is served by the app, at versioned addresses cached for a year."""

from __future__ import annotations

import re

import plotly
from flask import url_for

from tests.factories import add_team

IMMUTABLE = "public, max-age=31536000, immutable"


def test_plotly_js_is_served_at_its_version_and_kept_for_a_year(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/vendor/plotly-{plotly.__version__}.min.js")
    script = response.data
    response.close()  # the file it was streamed from
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == IMMUTABLE and b"plotly" in script[:2000].lower()


def test_a_plotly_address_with_another_version_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/vendor/plotly-0.0.1.min.js")
    assert response.status_code == 404 and "immutable" not in response.headers.get("Cache-Control", "")


def test_the_dashboard_loads_versioned_scripts_that_are_kept_for_a_year(app, client) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        slug = add_team("Ledger").slug
    page = client.get(f"/teams/{slug}/dashboard").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert f"/vendor/plotly-{plotly.__version__}.min.js" in scripts
    versioned = [src for src in scripts if src.startswith("/static/") and "?v=" in src]
    assert versioned, scripts
    for src in versioned:
        response = client.get(src)
        response.close()
        assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE, src


def test_a_static_address_with_another_version_is_served_but_never_kept(app, client) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        current = url_for("static", filename="js/dashboard.js")
    stale = re.sub(r"\?v=\w+", "?v=0123456789ab", current)
    fresh, old = client.get(current), client.get(stale)
    served, today = old.data, fresh.data
    fresh.close()
    old.close()
    assert old.status_code == 200 and served == today  # a page from before a deploy still works
    assert old.headers["Cache-Control"] == "no-cache" and fresh.headers["Cache-Control"] == IMMUTABLE
