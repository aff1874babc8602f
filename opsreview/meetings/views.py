"""Meeting pages: plan, change status, and see each meeting's spins."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.extensions import db
from opsreview.meetings import services
from opsreview.meetings.forms import MeetingForm
from opsreview.meetings.models import Meeting
from opsreview.spins.services import spins_of_meeting

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.get("/")
def index() -> str:
    """List meetings, newest first."""
    return render_template("meetings/index.html", meetings=services.list_meetings())


@bp.route("/new", methods=["GET", "POST"])
@require(Role.HOST)
def create() -> str | Response:
    """Plan a meeting."""
    form = MeetingForm()
    if not form.is_submitted():
        form.held_on.data = services.suggested_date()
    if form.validate_on_submit():
        meeting = services.save_meeting(form)
        flash(f"Meeting on {meeting.held_on:%d %b %Y} planned.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.get("/<int:meeting_id>")
def show(meeting_id: int) -> str:
    """Show a meeting and every spin of its wheel, re-spins included."""
    meeting = db.get_or_404(Meeting, meeting_id)
    return render_template("meetings/show.html", meeting=meeting, spins=spins_of_meeting(meeting))


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@require(Role.HOST)
def edit(meeting_id: int) -> str | Response:
    """Change a meeting's date, status or wheel slots."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MeetingForm(obj=meeting, meeting=meeting)
    if not form.is_submitted():
        form.status.data = meeting.status.value
    if form.validate_on_submit():
        services.save_meeting(form, meeting)
        flash("Meeting saved.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=meeting)
