"""The live state of a meeting in JSON: followers poll it, the host's keys change it."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, make_response, request
from flask.typing import ResponseReturnValue

from opsreview.accounts.gate import session_user_id
from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body
from opsreview.agenda import live, planning
from opsreview.agenda import state as room_state
from opsreview.agenda.models import AgendaItem
from opsreview.agenda.services import AgendaClosed
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins.services import SpinConflict, WheelError
from opsreview.urls import row_id

bp = Blueprint("agenda_api", __name__, url_prefix="/api/v1")


def _etag(meeting_id: int, version: int) -> str:
    return f"live-{meeting_id}-{version}"


def _state(meeting: Meeting) -> ResponseReturnValue:
    planning.ensure_agenda(meeting)
    state = room_state.live_state(meeting)
    db.session.commit()  # end the read transaction
    return _respond(meeting.id, state)


def _respond(meeting_id: int, state: dict) -> ResponseReturnValue:  # type: ignore[type-arg]
    response = make_response(jsonify(state))
    response.set_etag(_etag(meeting_id, state["version"]))
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/meetings/<int:meeting_id>/live")
def live_state(meeting_id: int) -> ResponseReturnValue:
    """Where the meeting is; 304 when If-None-Match names the current version (one indexed read)."""
    claimed = session_user_id()
    if claimed is not None:  # the gate let a browser session through unchecked: check it here, with the version
        allowed, version = room_state.poll(meeting_id, claimed)
        if not allowed:
            abort(401)
    else:
        version = room_state.current_version(meeting_id)
    if version is not None and request.if_none_match.contains(_etag(meeting_id, version)):
        response = make_response("", 304)
        response.set_etag(_etag(meeting_id, version))
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    built = room_state.built_state(meeting_id, version) if version is not None else None
    if built is not None:
        return _respond(meeting_id, built)
    return _state(db.get_or_404(Meeting, meeting_id))


@bp.post("/meetings/<int:meeting_id>/live")
@require(Role.HOST)
def command(meeting_id: int) -> ResponseReturnValue:
    """Move the meeting: start, next, previous, timer (pause or run), spin, or go to ``item_id``.

    With ``version`` (what the host's page last saw), a move made from an out-of-date
    page is refused with 409, so a double key press cannot skip a team.
    """
    meeting = db.get_or_404(Meeting, meeting_id)
    payload = json_body()
    action, version, item_id = payload.get("action"), payload.get("version"), payload.get("item_id")
    if action not in live.ACTIONS:
        return _error(f"action must be one of {', '.join(live.ACTIONS)}.", "action", 422)
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or row_id(version) is None):
        return _error("version must be a whole number from the live state.", "version", 422)
    if item_id is not None and (not isinstance(item_id, int) or isinstance(item_id, bool) or row_id(item_id) is None):
        return _error("item_id must be the id of an item on this agenda.", "item_id", 422)
    if action == "go" and item_id is None:
        return _error("go needs item_id.", "item_id", 422)
    item = db.get_or_404(AgendaItem, item_id) if item_id is not None else None
    if version is not None and not live.claim(meeting.id, version):
        db.session.rollback()
        return _error("The meeting moved on since your page last looked; nothing was changed.", "version", 409)
    try:
        live.command(meeting, action, item)
    except live.NotOnAgenda as refused:
        db.session.rollback()
        return _error(str(refused), "item_id", 422)
    except (AgendaClosed, WheelError, SpinConflict, ValueError) as refused:
        db.session.rollback()
        return _error(str(refused), None, 409)
    return _state(meeting)


def _error(message: str, field: str | None, status: int) -> ResponseReturnValue:
    body: dict = {"error": {"message": message}}
    if field:
        body["error"]["field"] = field
    return jsonify(body), status
