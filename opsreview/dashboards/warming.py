"""Warm a team's dashboard the moment the wheel picks it, so the room never waits for CloudWatch."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from flask import Flask

from opsreview.clock import today
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins.signals import team_picked
from opsreview.teams.models import Team


def init_app(app: Flask) -> None:
    team_picked.connect(_picked, app)


def _picked(app: Flask, team_id: int, meeting_id: int, **_: Any) -> None:
    """Only picks for a meeting about now: the demo's history and old replays warm nothing."""
    mode = app.config["DASHBOARD_WARM_ON_PICK"]
    meeting = db.session.get(Meeting, meeting_id)
    if mode == "off" or meeting is None or meeting.held_on < today() - timedelta(days=1):
        return
    if mode == "inline":
        warm(team_id)
    else:
        threading.Thread(target=_in_background, args=(app, team_id), daemon=True, name=f"warm-{team_id}").start()


def _in_background(app: Flask, team_id: int) -> None:
    with app.app_context():
        try:
            warm(team_id)
        finally:
            db.session.remove()


def warm(team_id: int) -> None:
    """Fetch the team's last seven days into the shared cache (a no-op while they are fresh)."""
    from opsreview.dashboards.services import show

    team = db.session.get(Team, team_id)
    if team is not None:
        show(team)
