"""The wheel page and the spin history."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from opsreview.accounts.current import actor_name as current_actor
from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.spins import services
from opsreview.spins.drawing import sectors
from opsreview.spins.forms import RespinForm, SpinForm
from opsreview.spins.models import Spin, SpinOutcome
from opsreview.spins.state import wheel_state

bp = Blueprint("spins", __name__)


def _render_wheel(meeting: Meeting, respin_form: RespinForm | None = None, status: int = 200) -> tuple[str, int]:
    state = wheel_state(meeting)
    fingerprint = state.fingerprint()
    shown = request.args.get("spin", type=int)
    if respin_form is not None and (respin_form.spin_id.data or "").isdigit():
        shown = int(respin_form.spin_id.data)  # show the pick whose re-spin form failed
    result = db.session.get(Spin, shown) if shown else None
    if result is not None and result.meeting_id != meeting.id:
        result = None
    page = render_template(
        "spins/wheel.html",
        meeting=meeting,
        state=state,
        rows=state.rows(),
        sectors=sectors(state),
        spin_form=SpinForm(slot=state.next_slot, odds=fingerprint),
        fingerprint=fingerprint,
        respin_form=respin_form or RespinForm(),
        result=result,
        spins=services.spins_of_meeting(meeting),
    )
    return page, status


@bp.get("/meetings/<int:meeting_id>/wheel")
def wheel(meeting_id: int) -> tuple[str, int]:
    """Show the wheel for a meeting, sectors sized by the odds."""
    return _render_wheel(db.get_or_404(Meeting, meeting_id))


@bp.post("/meetings/<int:meeting_id>/spin")
@require(Role.HOST)
def spin(meeting_id: int) -> Response:
    """Spin from a plain form post (the page's script uses the JSON API instead)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = SpinForm()
    if not form.validate():
        flash("That spin button was out of date; here is the wheel as it stands.", "warning")
        return redirect(url_for("spins.wheel", meeting_id=meeting.id))
    try:
        record = services.spin(meeting, current_actor(), slot=form.slot.data, expected_odds=form.odds.data or None)
    except services.SpinConflict as conflict:
        flash(str(conflict) + " Here is what it picked.", "warning")
        record = conflict.existing
    except services.WheelError as error:
        flash(str(error), "error")
        record = None
    return redirect(url_for("spins.wheel", meeting_id=meeting.id, spin=record.id if record else None))


@bp.post("/meetings/<int:meeting_id>/spins/<int:spin_id>/respin")
@require(Role.HOST)
def respin(meeting_id: int, spin_id: int) -> Response | tuple[str, int]:
    """Re-spin a slot or skip an absent team, with a reason that is kept."""
    meeting = db.get_or_404(Meeting, meeting_id)
    original = db.get_or_404(Spin, spin_id)
    form = RespinForm()
    if original.meeting_id != meeting.id or not form.validate_on_submit():
        form.spin_id.data = str(spin_id)
        return _render_wheel(meeting, respin_form=form, status=400)
    try:
        record = services.respin(original, SpinOutcome(form.outcome.data), form.reason.data, current_actor())
    except services.SpinConflict as conflict:
        flash(str(conflict), "warning")
        record = conflict.existing
    except services.WheelError as error:
        flash(str(error), "error")
        return redirect(url_for("spins.wheel", meeting_id=meeting.id))
    return redirect(url_for("spins.wheel", meeting_id=meeting.id, spin=record.id if record else None))


@bp.get("/spins")
def history() -> str:
    """Every spin, newest first, with its odds and any re-spin reason."""
    return render_template("spins/history.html", spins=services.recent_spins(limit=300))


@bp.get("/spins/<int:spin_id>")
def show(spin_id: int) -> str:
    """One spin: the full odds table the room saw, the draw and the result."""
    record = db.get_or_404(Spin, spin_id)
    return render_template("spins/show.html", spin=record, replay=services.replay(record))
