"""Agenda pages: the agenda of a meeting, submitting items, the host's ordering, the template, the wins digest."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.agenda import digest, planning, reviews, services
from opsreview.agenda.forms import SubmitItemForm, TemplateForm, TimeboxForm
from opsreview.agenda.models import AgendaItem, Kind, Section
from opsreview.clock import today
from opsreview.coes.models import Coe
from opsreview.extensions import db
from opsreview.meetings.models import Meeting

bp = Blueprint("agenda", __name__)


def _render(meeting: Meeting, form: SubmitItemForm | None = None, status: int = 200) -> tuple[str, int]:
    planning.ensure_agenda(meeting)
    plan = services.plan_of(meeting)
    db.session.commit()  # end the read transaction
    page = render_template("agenda/show.html", meeting=meeting, plan=plan, form=form or SubmitItemForm(),
                           waiting_coes=reviews.waiting(), coe_history=reviews.history(meeting))
    return page, status


@bp.get("/agenda/")
def upcoming() -> Response:
    """Go to the next meeting's agenda."""
    return redirect(url_for("agenda.show", meeting_id=planning.next_meeting().id))


@bp.get("/meetings/<int:meeting_id>/agenda")
def show(meeting_id: int) -> tuple[str, int]:
    """Show a meeting's agenda by section, its planned length against the meeting's, and the submission form."""
    return _render(db.get_or_404(Meeting, meeting_id))


@bp.post("/meetings/<int:meeting_id>/agenda/items")
@require(Role.MEMBER)
def submit(meeting_id: int) -> Response | tuple[str, int]:
    """Submit a win, a COE for review, an org-wide item or an announcement."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = SubmitItemForm()
    if not form.validate_on_submit():
        return _render(meeting, form, 400)
    try:
        item = services.submit(meeting, form, current_user)
    except services.AgendaClosed as closed:
        flash(str(closed), "error")
        return redirect(url_for("agenda.show", meeting_id=meeting.id))
    flash(f"Submitted: “{item.title}”. The host accepts it onto the agenda.", "success")
    return redirect(url_for("agenda.show", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/agenda/coes/<int:coe_id>")
@require(Role.HOST)
def add_coe(meeting_id: int, coe_id: int) -> Response:
    """Put a COE that is ready for review on this meeting's agenda."""
    meeting = db.get_or_404(Meeting, meeting_id)
    coe = db.get_or_404(Coe, coe_id)
    try:
        item, elsewhere = reviews.add_to_agenda(coe, meeting)
    except (services.AgendaClosed, reviews.NotReady) as refused:
        flash(str(refused), "error")
        return redirect(url_for("agenda.show", meeting_id=meeting.id))
    if elsewhere:
        flash(f"“{coe.title}” is already on the agenda of {item.meeting.held_on:%d %b %Y}.", "warning")
    else:
        flash(f"On the agenda: “{coe.title}”.", "success")
    return redirect(url_for("agenda.show", meeting_id=item.meeting_id) + f"#item-{item.id}")


def _item(agenda_item_id: int) -> AgendaItem:
    return db.get_or_404(AgendaItem, agenda_item_id)


def _back(item: AgendaItem) -> Response:
    return redirect(url_for("agenda.show", meeting_id=item.meeting_id) + f"#item-{item.id}")


@bp.post("/agenda/items/<int:agenda_item_id>/accept")
@require(Role.HOST)
def accept(agenda_item_id: int) -> Response:
    """Put a submitted item on the agenda."""
    item = _item(agenda_item_id)
    try:
        services.accept(item)
    except services.AgendaClosed as closed:
        flash(str(closed), "error")
    return _back(item)


@bp.post("/agenda/items/<int:agenda_item_id>/defer")
@require(Role.HOST)
def defer(agenda_item_id: int) -> Response:
    """Move an item to the following meeting."""
    item = _item(agenda_item_id)
    meeting_id = item.meeting_id
    try:
        target = services.defer(item)
        flash(f"“{item.title}” moves to the meeting of {target.held_on:%d %b %Y}.", "success")
    except (services.AgendaClosed, ValueError) as refused:
        flash(str(refused), "error")
    return redirect(url_for("agenda.show", meeting_id=meeting_id))


@bp.post("/agenda/items/<int:agenda_item_id>/move")
@require(Role.HOST)
def move(agenda_item_id: int) -> Response:
    """Move an item one place earlier or later in its section."""
    item = _item(agenda_item_id)
    try:
        services.move(item, -1 if request.form.get("direction") == "up" else 1)
    except services.AgendaClosed as closed:
        flash(str(closed), "error")
    return _back(item)


@bp.post("/agenda/items/<int:agenda_item_id>/timebox")
@require(Role.HOST)
def timebox(agenda_item_id: int) -> Response:
    """Change how many minutes an item has."""
    item = _item(agenda_item_id)
    form = TimeboxForm()
    if not form.validate_on_submit():
        flash(f"“{item.title}”: {' '.join(form.minutes.errors)} The timebox stays {item.timebox_minutes} minutes.", "error")
        return _back(item)
    try:
        services.set_timebox(item, form.minutes.data)
    except services.AgendaClosed as closed:
        flash(str(closed), "error")
    return _back(item)


def _template_form() -> TemplateForm:
    plan = planning.template()
    form = TemplateForm(obj=plan) if request.method == "GET" else TemplateForm()
    if request.method == "GET":
        for place, entry in enumerate(plan.sections, start=1):
            name = Section(entry["section"]).name.lower()
            getattr(form, f"order_{name}").data = place
            getattr(form, f"minutes_{name}").data = entry["minutes"]
    return form


@bp.route("/agenda/template", methods=["GET", "POST"])
@require(Role.HOST)
def template() -> str | Response | tuple[str, int]:
    """Change how meetings are planned: length, wheel slots, sections in order with their timeboxes."""
    form = _template_form()
    if form.validate_on_submit():
        entries = sorted(
            ({"section": s.value, "minutes": getattr(form, f"minutes_{s.name.lower()}").data,
              "place": getattr(form, f"order_{s.name.lower()}").data} for s in Section),
            key=lambda e: e["place"],
        )
        planning.save_template(form.length_minutes.data, form.wheel_slots.data, form.minutes_per_team.data,
                               [{"section": e["section"], "minutes": e["minutes"]} for e in entries])
        flash("Template saved: meetings planned from now on follow it.", "success")
        return redirect(url_for("agenda.template"))
    db.session.commit()
    status = 400 if form.errors else 200
    return render_template("agenda/template.html", form=form, sections=list(Section)), status


def _week(text: str | None) -> date:
    """The Monday of an ISO week like 2030-W02, else of this week."""
    if not text:
        return today() - timedelta(days=today().weekday())
    return digest.monday_of(text) or abort(404)


@bp.get("/agenda/wins")
def wins() -> str:
    """The ops wins submitted in a week (``week=YYYY-Www``), newest first."""
    monday = _week(request.args.get("week"))
    items = digest.wins_of(monday)
    return render_template(
        "agenda/wins.html", items=items, label=digest.week_label(monday), monday=monday,
        previous=digest.week_label(monday - timedelta(days=7)), following=digest.week_label(monday + timedelta(days=7)),
    )
