"""Meetings in JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body, validated
from opsreview.extensions import db
from opsreview.meetings import services
from opsreview.meetings.forms import MeetingForm
from opsreview.meetings.models import Meeting

bp = Blueprint("meetings_api", __name__, url_prefix="/api/v1")
EDITABLE = ("held_on", "title", "status", "wheel_slots")


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "held_on": meeting.held_on.isoformat(),
        "title": meeting.title,
        "status": meeting.status.value,
        "wheel_slots": meeting.wheel_slots,
        "counts_as_a_week": meeting.counts_as_a_week,
    }


@bp.get("/meetings")
def meetings() -> ResponseReturnValue:
    """List meetings, newest first."""
    return jsonify({"meetings": [meeting_json(m) for m in services.list_meetings()]})


@bp.post("/meetings")
@require(Role.HOST)
def create_meeting() -> ResponseReturnValue:
    """Plan a meeting (``held_on`` required; ``wheel_slots`` 6 and ``status`` planned by default)."""
    values = {"status": "planned", "wheel_slots": 6, **{k: v for k, v in json_body().items() if k in EDITABLE}}
    form = validated(MeetingForm, values)
    meeting = services.save_meeting(form)
    return jsonify({"meeting": meeting_json(meeting)}), 201, {"Location": url_for("meetings_api.meeting", meeting_id=meeting.id)}


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> ResponseReturnValue:
    """One meeting."""
    return jsonify({"meeting": meeting_json(db.get_or_404(Meeting, meeting_id))})


@bp.patch("/meetings/<int:meeting_id>")
@require(Role.HOST)
def update_meeting(meeting_id: int) -> ResponseReturnValue:
    """Change a meeting's date, title, status or wheel slots."""
    found = db.get_or_404(Meeting, meeting_id)
    current = {k: v for k, v in meeting_json(found).items() if k in EDITABLE}
    changes = {k: v for k, v in json_body().items() if k in EDITABLE}
    form = validated(MeetingForm, {**current, **changes}, meeting=found)
    services.save_meeting(form, found)
    return jsonify({"meeting": meeting_json(found)})
