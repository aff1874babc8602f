"""Action item pages: the list, the overdue board, my items, one-click done, quick capture."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.accounts.views import safe_next
from opsreview.actions import services
from opsreview.actions.calendar import feed_url
from opsreview.actions.stats import team_records
from opsreview.charts import follow_through
from opsreview.vendor import plotly_version
from opsreview.actions.forms import ActionItemForm, QuickCaptureForm, RescheduleForm, WontDoForm
from opsreview.actions.models import ActionItem, Source, Status, Term
from opsreview.clock import today
from opsreview.spreadsheet import inert
from opsreview.extensions import db
from opsreview.teams.services import list_teams
from opsreview.urls import row_id

bp = Blueprint("actions", __name__, url_prefix="/actions")
FILTER_KEYS = ("owner_id", "team_id", "source", "term", "overdue", "closed", "sort")


def _filters() -> services.Filters:
    args = request.args

    def pick(kind, name):  # type: ignore[no-untyped-def]
        try:
            return kind(args[name]) if args.get(name) else None
        except ValueError:
            return None

    return services.Filters(
        owner_id=row_id(args.get("owner_id", type=int)),
        team_id=row_id(args.get("team_id", type=int)),
        source=pick(Source, "source"),
        term=pick(Term, "term"),
        overdue=args.get("overdue") == "1",
        include_closed=args.get("closed") == "1",
        sort=args.get("sort", "due"),
    )


def _back_to(item: ActionItem) -> str:
    """The list the click came from (only a path on this site), else the item itself."""
    target = request.form.get("next")
    return safe_next(target) if target else url_for("actions.show", item_id=item.id)


def _item(item_id: int) -> ActionItem:
    item = db.get_or_404(ActionItem, item_id)
    if not services.may_change(item, current_user) and request.method == "POST":
        abort(403, description="Only the owner or a leader can change this item.")
    return item


@bp.get("/")
def index() -> str:
    """All open items, filtered and sorted."""
    filters = _filters()
    known = {k: v for k, v in request.args.items() if k in FILTER_KEYS}
    return render_template(
        "actions/index.html", items=services.find(filters), filters=filters, owners=services.owners(),
        teams=list_teams(), sources=list(Source), terms=list(Term), title="Action items", export_args=known,
    )


@bp.get("/mine")
def mine() -> str:
    """The signed-in person's open items."""
    items = services.find(services.Filters(owner_id=current_user.id))
    feed = feed_url("person", current_user.id)
    return render_template("actions/mine.html", items=items, title="My action items", feed=feed)


@bp.get("/overdue")
def overdue() -> str:
    """Overdue items by team, the longest overdue first."""
    return render_template("actions/overdue.html", groups=services.overdue_by_team())


@bp.get("/stats")
def stats() -> str:
    """On-time completion, median age and slips per team over the last quarter, as a chart."""
    records = team_records(today())
    return render_template(
        "actions/stats.html", records=records, figure=follow_through(records), plotly_version=plotly_version()
    )


@bp.get("/export.csv")
def export() -> Response:
    """The filtered list as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "owner", "team", "due_on", "term", "status", "source", "source_ref", "slips"])
    for i in services.find(_filters()):
        writer.writerow([i.id, inert(i.title), i.owner.email, inert(i.team.name) if i.team else "", i.due_on.isoformat(),
                         i.term.value, i.status.value, i.source.value, inert(i.source_ref), i.slips])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=opsreview-action-items.csv"})


@bp.route("/new", methods=["GET", "POST"])
@require(Role.LEADER)
def create() -> str | Response:
    """Record an action item with an owner and a due date."""
    form = ActionItemForm(teams=list_teams())
    if form.validate_on_submit():
        item = services.create(form)
        flash(f"Action item for {item.owner.name}, due {item.due_on:%d %b %Y}.", "success")
        return redirect(url_for("actions.show", item_id=item.id))
    return render_template("actions/form.html", form=form, item=None)


@bp.post("/quick")
@require(Role.LEADER)
def quick() -> Response | tuple[str, int]:
    """Capture an item in three fields and go back to the page you were on."""
    form = QuickCaptureForm()
    back = safe_next(request.form.get("next"))
    if form.validate_on_submit():
        item = services.create(form)
        flash(f"Captured: “{item.title}” for {item.owner.name}, due {item.due_on:%d %b %Y}.", "success")
        return redirect(back)
    return render_template("actions/quick.html", form=form, back=back), 400


@bp.get("/<int:item_id>")
def show(item_id: int) -> str:
    """One item, its history, and what you can do with it."""
    item = db.get_or_404(ActionItem, item_id)
    return render_template(
        "actions/show.html", item=item, reschedule=RescheduleForm(due_on=item.due_on), wont_do=WontDoForm(),
        can_change=services.may_change(item, current_user),
    )


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@require(Role.MEMBER)
def edit(item_id: int) -> str | Response:
    """Change an item (its owner or a leader)."""
    item = _item(item_id)
    if not services.may_change(item, current_user):
        abort(403, description="Only the owner or a leader can change this item.")
    form = ActionItemForm(obj=item, item=item, teams=list_teams())
    if not form.is_submitted():
        form.owner.data = item.owner.email
        form.term.data, form.source.data, form.team_id.data = item.term.value, item.source.value, item.team_id
    if form.validate_on_submit():
        services.update(item, form, reason=form.reschedule_reason.data or "")
        flash("Saved.", "success")
        return redirect(url_for("actions.show", item_id=item.id))
    return render_template("actions/form.html", form=form, item=item)


@bp.post("/<int:item_id>/done")
@require(Role.MEMBER)
def done(item_id: int) -> Response:
    """Mark an item done in one click."""
    item = _item(item_id)
    try:
        services.set_status(item, Status.DONE)
        flash(f"Done: {item.title}", "success")
    except services.ItemClosed as closed:
        flash(str(closed), "warning")
    return redirect(_back_to(item))


@bp.post("/<int:item_id>/start")
@require(Role.MEMBER)
def start(item_id: int) -> Response:
    """Mark an item in progress."""
    item = _item(item_id)
    if item.status.is_closed:
        flash("This item is closed; it stays closed.", "warning")
    else:
        services.set_status(item, Status.IN_PROGRESS)
    return redirect(url_for("actions.show", item_id=item.id))


@bp.post("/<int:item_id>/reschedule")
@require(Role.MEMBER)
def reschedule(item_id: int) -> Response | tuple[str, int]:
    """Give an item a new date, with the reason it moves."""
    item = _item(item_id)
    form = RescheduleForm()
    if item.status.is_closed:
        flash("This item is closed; its date no longer moves.", "warning")
        return redirect(url_for("actions.show", item_id=item.id))
    if form.validate_on_submit():
        services.reschedule(item, form.due_on.data, form.reason.data)
        flash(f"Now due {item.due_on:%d %b %Y}.", "success")
        return redirect(_back_to(item))
    page = render_template("actions/show.html", item=item, reschedule=form, wont_do=WontDoForm(), can_change=True)
    return page, 400


@bp.post("/<int:item_id>/wont-do")
@require(Role.MEMBER)
def wont_do(item_id: int) -> Response | tuple[str, int]:
    """Close an item that will not be done, saying why."""
    item = _item(item_id)
    form = WontDoForm()
    if form.validate_on_submit():
        services.set_status(item, Status.WONT_DO, form.reason.data)
        return redirect(url_for("actions.show", item_id=item.id))
    page = render_template(
        "actions/show.html", item=item, reschedule=RescheduleForm(due_on=item.due_on), wont_do=form, can_change=True
    )
    return page, 400

