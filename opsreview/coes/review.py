"""Moving a COE along: ready for review (through the gate), reviewed at a meeting, closed; and what
is attached to it: action items, graphs, the dashboard snapshot."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.actions import services as actions
from opsreview.actions.forms import ActionItemForm
from opsreview.actions.models import Source
from opsreview.api_forms import bind
from opsreview.coes import images, metrics, services
from opsreview.coes.forms import ImageForm, ReviewForm
from opsreview.coes.models import CoeImage
from opsreview.coes.page import show_page
from opsreview.extensions import db
from opsreview.meetings.models import Meeting
from opsreview.teams.services import list_teams

bp = Blueprint("coe_review", __name__, url_prefix="/coes")


def _back(coe_id: int) -> ResponseReturnValue:
    return redirect(url_for("coes.show", coe_id=coe_id))


def _attempt(coe_id: int, change, done: str) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    coe = services.get_or_404(coe_id)
    try:
        change(coe)
        flash(done, "success")
    except services.Refused as refused:
        flash(str(refused), "error")
    return _back(coe_id)


@bp.post("/<int:coe_id>/submit")
@require(Role.MEMBER)
def submit(coe_id: int) -> ResponseReturnValue:
    """Send a draft for review, if it passes the quality gate."""
    return _attempt(coe_id, services.submit, "Ready for review: it is on the next meeting's agenda, for the host to accept.")


@bp.post("/<int:coe_id>/reopen")
@require(Role.MEMBER)
def reopen(coe_id: int) -> ResponseReturnValue:
    """Take a COE back to draft to rework it."""
    return _attempt(coe_id, services.back_to_draft, "Back to draft.")


@bp.post("/<int:coe_id>/review")
@require(Role.HOST)
def review(coe_id: int) -> ResponseReturnValue:
    """Mark a COE reviewed at a meeting."""
    form = ReviewForm(meetings=services.reviewable_meetings())
    if not form.validate_on_submit():
        flash("Choose the meeting where it was reviewed.", "error")
        return _back(coe_id)
    meeting = db.get_or_404(Meeting, form.meeting_id.data)
    return _attempt(coe_id, lambda coe: services.mark_reviewed(coe, meeting), "Marked reviewed.")


@bp.post("/<int:coe_id>/close")
@require(Role.LEADER)
def close(coe_id: int) -> ResponseReturnValue:
    """Close a reviewed COE whose action items are all done or won't-do."""
    return _attempt(coe_id, services.close, "Closed.")


@bp.post("/<int:coe_id>/actions")
@require(Role.MEMBER)
def add_action(coe_id: int) -> ResponseReturnValue:
    """Add a corrective action (owner, due date, term) to the COE."""
    coe = services.get_editable(coe_id, allowed=services.may_add_action)
    values = {k: request.form.get(k, "") for k in ("title", "owner", "due_on", "term", "description")}
    values |= {"source": Source.COE.value, "source_ref": coe.label[:300], "team_id": coe.team_id or ""}
    form = bind(ActionItemForm, values, teams=list_teams())
    if form.validate():
        item = actions.create(form, coe_id=coe.id)
        flash(f"Action item for {item.owner.name}, due {item.due_on:%d %b %Y}.", "success")
        return _back(coe.id)
    return show_page(coe, action_form=form), 400


@bp.post("/<int:coe_id>/images")
@require(Role.MEMBER)
def upload(coe_id: int) -> ResponseReturnValue:
    """Attach a graph image (PNG, JPEG, GIF or WebP)."""
    coe = services.get_editable(coe_id)
    form = ImageForm()
    if form.validate_on_submit():
        with form.image.data.stream as upload:  # a large upload is a temporary file: close it now
            data = upload.read(images.MAX_BYTES + 1)
        try:
            images.attach(coe, data, form.caption.data or "")
            flash("Graph attached.", "success")
            return _back(coe.id)
        except images.BadImage as bad:
            form.image.errors = [str(bad)]
    return show_page(coe, image_form=form), 400


@bp.post("/images/<int:image_id>/delete")
@require(Role.MEMBER)
def remove_image(image_id: int) -> ResponseReturnValue:
    """Remove a graph."""
    found = db.get_or_404(CoeImage, image_id)
    coe = services.get_editable(found.coe_id)
    if images.remove(found):
        flash("Graph removed. Back to draft: " + " ".join(services.failures(coe)), "error")
    else:
        flash("Graph removed.", "success")
    return _back(coe.id)


@bp.post("/<int:coe_id>/snapshot")
@require(Role.MEMBER)
def snapshot(coe_id: int) -> ResponseReturnValue:
    """Freeze the team's dashboard for the event's window into the COE."""
    coe = services.get_editable(coe_id)
    try:
        metrics.freeze(coe)
        flash("Dashboard numbers copied into the COE.", "success")
    except metrics.NoSnapshot as refused:
        flash(str(refused), "error")
    return _back(coe.id)

