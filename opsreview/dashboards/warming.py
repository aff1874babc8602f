"""Warm a team's dashboard the moment the wheel picks it, so the room never waits for CloudWatch."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from flask import Flask

from opsreview.clock import today
from opsreview.dashboards.cache import StillFetching
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins.signals import team_picked
from opsreview.teams.models import Team

log = logging.getLogger(__name__)


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
    """Fetch the team's last seven days into the shared cache (a no-op while they are fresh).

    Never raises: the spin that asked has already been committed, and the room's first viewer
    fetches anyway if warming did not.
    """
    from opsreview.dashboards.services import show

    try:
        team = db.session.get(Team, team_id)
        if team is not None:
            show(team)
    except StillFetching:
        log.info("Dashboard of team %s is already being fetched; not warming it twice.", team_id)
    except Exception:  # noqa: BLE001 - whatever went wrong, the pick stands
        db.session.rollback()
        log.exception("Could not warm the dashboard of team %s.", team_id)
