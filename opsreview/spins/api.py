"""The wheel in JSON: odds, spins and the spin history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.current import actor_name as current_actor
from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body, validated
from opsreview.clock import iso
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins import services
from opsreview.spins.forms import MAX_SLOT, RespinForm
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.spins.state import wheel_state
from opsreview.teams.api import team_json
from opsreview.urls import row_id

bp = Blueprint("spins_api", __name__, url_prefix="/api/v1")


def spin_json(record: Spin, with_odds: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id,
        "meeting_id": record.meeting_id,
        "meeting_date": record.meeting.held_on.isoformat(),
        "slot": record.slot,
        "attempt": record.attempt,
        "team": team_json(record.team),
        "probability": record.probability,
        "draw": record.draw,
        "forced": record.forced,
        "bound": record.bound,
        "outcome": record.outcome.value,
        "reason": record.reason,
        "spun_by": record.spun_by,
        "spun_at": iso(record.spun_at),
        "changed_by": record.changed_by or None,
        "changed_at": iso(record.changed_at),
        "url": url_for("spins.show", spin_id=record.id),
    }
    if with_odds:
        body["odds"] = record.odds_in_draw_order()
    return body


@bp.get("/spins")
def spins() -> ResponseReturnValue:
    """List recent spins, newest first (``limit``, at most 500; ``meeting_id`` to filter)."""
    limit = max(1, min(500, request.args.get("limit", 100, type=int)))
    meeting_id = request.args.get("meeting_id", type=int)
    if meeting_id is not None:
        records = services.spins_of_meeting(db.get_or_404(Meeting, row_id(meeting_id) or 0))
    else:
        records = services.recent_spins(limit=limit)
    return jsonify({"spins": [spin_json(s, with_odds=False) for s in records[:limit]]})


@bp.get("/spins/<int:spin_id>")
def spin(spin_id: int) -> ResponseReturnValue:
    """One spin with the odds every team had, in draw order."""
    return jsonify({"spin": spin_json(db.get_or_404(Spin, spin_id))})


@bp.get("/meetings/<int:meeting_id>/odds")
def odds(meeting_id: int) -> ResponseReturnValue:
    """Every team's probability for the meeting's next pick, and why."""
    meeting = db.get_or_404(Meeting, meeting_id)
    state = wheel_state(meeting)
    return jsonify(
        {
            "meeting_id": meeting.id,
            "meeting_date": meeting.held_on.isoformat(),
            "status": meeting.status.value,
            "next_slot": state.next_slot if state.slots_left else None,
            "slots_left": state.slots_left,
            "bound": state.policy.bound,
            "fingerprint": state.fingerprint(),
            "teams": state.odds_record(),
        }
    )


@bp.post("/meetings/<int:meeting_id>/spins")
@require(Role.HOST)
def create_spin(meeting_id: int) -> ResponseReturnValue:
    """Spin the wheel for the next slot (or the ``slot`` given, if it is still the next)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    payload = json_body()
    slot = payload.get("slot")
    if slot is not None and (not isinstance(slot, int) or isinstance(slot, bool) or not 1 <= slot <= MAX_SLOT):
        message = f"slot must be a whole number from 1 to {MAX_SLOT}."
        return jsonify({"error": {"message": message, "field": "slot"}}), 422
    expected = payload.get("odds")
    if expected is not None and not isinstance(expected, str):
        return jsonify({"error": {"message": "odds must be the fingerprint string from /odds.", "field": "odds"}}), 422
    try:
        record = services.spin(meeting, current_actor(), slot=slot, expected_odds=expected)
    except services.SpinConflict as conflict:
        existing = spin_json(conflict.existing) if conflict.existing else None
        return jsonify({"error": {"message": str(conflict), "field": "slot"}, "spin": existing}), 409
    except services.OddsChanged as error:
        return jsonify({"error": {"message": str(error), "field": "odds"}}), 409
    except services.WheelError as error:
        return jsonify({"error": {"message": str(error)}}), 409
    return jsonify({"spin": spin_json(record)}), 201, {"Location": url_for("spins.show", spin_id=record.id)}


@bp.post("/spins/<int:spin_id>/respin")
@require(Role.HOST)
def respin(spin_id: int) -> ResponseReturnValue:
    """Spin a picked slot again (``outcome``: skipped or respun) with a ``reason`` that is kept."""
    original = db.get_or_404(Spin, spin_id)
    form = validated(RespinForm, {k: v for k, v in json_body().items() if k in ("outcome", "reason")})
    try:
        record = services.respin(original, SpinOutcome(form.outcome.data), form.reason.data, current_actor())
    except services.SpinConflict as conflict:
        existing = spin_json(conflict.existing) if conflict.existing else None
        return jsonify({"error": {"message": str(conflict)}, "spin": existing}), 409
    except services.WheelError as error:
        return jsonify({"error": {"message": str(error)}}), 409
    return jsonify({"spin": spin_json(record)}), 201
