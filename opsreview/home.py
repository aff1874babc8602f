"""The front page: straight to this week's wheel."""

from __future__ import annotations

from flask import Blueprint, render_template

from opsreview.meetings.services import current_meeting

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """Show this week's meeting and the way to its wheel."""
    return render_template("home.html", meeting=current_meeting())


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Answer load balancers (and the benchmark's trivial page)."""
    return {"status": "ok"}
