"""A team's dashboard numbers in JSON: the same numbers the page shows."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.clock import iso
from opsreview.dashboards import services
from opsreview.dashboards.cache import StillFetching
from opsreview.teams.services import get_team

bp = Blueprint("dashboards_api", __name__, url_prefix="/api/v1")
KEYS = ("week", "window", "period", "source", "summary", "previous_week", "comparisons", "instances",
        "top_errors", "top_errors_from", "alarms", "widgets", "problems", "fetched_at")


@bp.get("/teams/<slug>/dashboard")
@require(Role.VIEWER)
def dashboard(slug: str) -> ResponseReturnValue:
    """This week (or ``?week=YYYY-Www``) beside the previous week; stale when the source failed."""
    team = get_team(slug)
    if team is None:
        abort(404)
    try:
        view = services.show(team, request.args.get("week") or None)
    except ValueError as error:
        return jsonify(error={"message": f"week: {error}", "field": "week", "fields": {"week": str(error)}}), 422
    except StillFetching:
        message = "The numbers are being fetched; ask again in a few seconds."
        return jsonify(error={"message": message, "status": 503}), 503, {"Retry-After": "5"}
    body = {key: view.payload[key] for key in KEYS}
    body["stale"] = view.stale_since is not None
    body["stale_since"] = iso(view.stale_since)
    body["stale_because"] = view.problem or None
    return jsonify(body)
