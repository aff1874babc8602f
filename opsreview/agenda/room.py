"""The meeting in the room: projector, following on a laptop, follow-ups, closing and the minutes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.accounts.views import safe_next
from opsreview.actions.models import ActionItem
from opsreview.actions import services as actions
from opsreview.actions.forms import QuickCaptureForm
from opsreview.actions.services import ItemClosed, NotYours
from opsreview.agenda import followups, live, planning
from opsreview.agenda import minutes as minutes_
from opsreview.agenda.capture import origin_of
from opsreview.agenda.forms import FollowUpForm
from opsreview.agenda.models import AgendaItem, Minutes, Outcome
from opsreview.agenda.services import AgendaClosed
from opsreview.agenda.state import live_state
from opsreview.errors import wants_json
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.urls import row_id

bp = Blueprint("room", __name__)


def _meeting(meeting_id: int) -> Meeting:
    return db.get_or_404(Meeting, meeting_id)


def _live_page(template: str, meeting_id: int) -> str:
    meeting = _meeting(meeting_id)
    planning.ensure_agenda(meeting)
    state = live_state(meeting)
    db.session.commit()  # end the read transaction
    return render_template(template, meeting=meeting, state=state)


@bp.get("/meetings/<int:meeting_id>/projector")
def projector(meeting_id: int) -> str:
    """Project the meeting: one item at a time, large, with its countdown; the host drives it by keyboard."""
    return _live_page("agenda/projector.html", meeting_id)


@bp.get("/meetings/<int:meeting_id>/follow")
def follow(meeting_id: int) -> str:
    """Follow the host on a laptop: the whole agenda, the live item marked and kept up to date."""
    return _live_page("agenda/follow.html", meeting_id)


@bp.post("/meetings/<int:meeting_id>/start")
@require(Role.HOST)
def start(meeting_id: int) -> Response:
    """Open the meeting on its first item and go to the projector."""
    try:
        live.start(_meeting(meeting_id))
    except AgendaClosed as closed:
        flash(str(closed), "error")
        return redirect(url_for("agenda.show", meeting_id=meeting_id))
    return redirect(url_for("room.projector", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/actions")
@require(Role.LEADER)
def capture(meeting_id: int) -> ResponseReturnValue:
    """The projector's quick capture: an action item that remembers the team, COE or item on the screen.

    The projector sends it from its script (JSON back, so the room stays in full screen); without
    the script it is a plain form post that comes back to the projector.
    """
    meeting = _meeting(meeting_id)
    form = QuickCaptureForm()
    back = url_for("room.projector", meeting_id=meeting.id)
    if not form.validate_on_submit():
        if wants_json():
            return jsonify({"errors": form.errors}), 400
        return render_template("actions/quick.html", form=form, back=back, action=url_for("room.capture", meeting_id=meeting.id),
                               agenda_item_id=request.form.get("agenda_item_id", "")), 400
    raised_at = db.session.get(AgendaItem, row_id(request.form.get("agenda_item_id", type=int)) or 0)
    origin = origin_of(meeting, raised_at)
    item = actions.create(form, coe_id=origin.coe_id, source=origin.source, source_ref=origin.ref, team_id=origin.team_id)
    message = f"Captured: “{item.title}” for {item.owner.name}, due {item.due_on:%d %b %Y}."
    if wants_json():
        return jsonify({"message": message, "action_item": {"id": item.id, "source_ref": item.source_ref}}), 201
    flash(message, "success")
    return redirect(back)


@bp.post("/meetings/<int:meeting_id>/close")
@require(Role.HOST)
def close(meeting_id: int) -> Response:
    """Close the meeting: minutes are written and mailed, next week's meeting is planned."""
    try:
        record = minutes_.close(_meeting(meeting_id))
    except AgendaClosed as closed:
        flash(str(closed), "error")
        return redirect(url_for("agenda.show", meeting_id=meeting_id))
    mailed = f" and mailed to {record.mailed_to}" if record.mailed_to else ""
    flash(f"Meeting closed. Minutes written{mailed}; next week's meeting is planned.", "success")
    for why in record.content.get("coes_not_reviewed", []):
        flash(f"Not marked reviewed: {why}", "warning")
    return redirect(url_for("room.minutes", meeting_id=meeting_id))


def _minutes(meeting_id: int) -> Minutes:
    _meeting(meeting_id)
    found = db.session.get(Minutes, meeting_id)
    if found is None:
        abort(404, description="This meeting has no minutes yet: they are written when it closes.")
    return found


@bp.get("/meetings/<int:meeting_id>/minutes", endpoint="minutes")
def minutes_page(meeting_id: int) -> str:
    """Show the minutes of a closed meeting."""
    record = _minutes(meeting_id)
    return render_template("agenda/minutes.html", minutes=record, content=record.content)


@bp.get("/meetings/<int:meeting_id>/minutes.md")
def minutes_markdown(meeting_id: int) -> Response:
    """Download the minutes as Markdown."""
    record = _minutes(meeting_id)
    name = f"minutes-{record.content['meeting']['held_on']}.md"
    return Response(minutes_.markdown(record.content), mimetype="text/markdown",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


def _follow_ups_page(
    meeting: Meeting, form: FollowUpForm | None = None, failed: int | None = None, status: int = 200
) -> tuple[str, int]:
    page = render_template(
        "agenda/follow_ups.html", meeting=meeting, items=followups.due_items(meeting),
        reports=followups.reports_of(meeting), form=form, failed=failed, blank=FollowUpForm(formdata=None),
    )
    return page, status


@bp.get("/meetings/<int:meeting_id>/follow-ups")
def follow_ups(meeting_id: int) -> tuple[str, int]:
    """List the action items due since the last meeting and the overdue ones, with what each reported."""
    return _follow_ups_page(_meeting(meeting_id))


@bp.post("/meetings/<int:meeting_id>/follow-ups/<int:item_id>")
@require(Role.LEADER)
def report(meeting_id: int, item_id: int) -> Response | tuple[str, int]:
    """Record what an item reported: done, a new date with a reason, or escalated."""
    meeting = _meeting(meeting_id)
    item = db.get_or_404(ActionItem, item_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _follow_ups_page(meeting, form, failed=item.id, status=400)
    try:
        followups.report(meeting, item, current_user.id, Outcome(form.outcome.data), form.note.data or "",
                         form.due_on.data)
        flash(f"Reported {form.outcome.data}: {item.title}", "success")
    except (ItemClosed, NotYours, ValueError) as refused:
        flash(str(refused) or "Only the owner or a leader can change this item.", "warning")
    back = request.form.get("next")
    return redirect(safe_next(back) if back else url_for("room.follow_ups", meeting_id=meeting.id) + f"#follow-up-{item.id}")
