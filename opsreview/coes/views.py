"""COE pages: the list with search, the editor (saved as you go), one COE with what to learn."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.clock import iso, today
from opsreview.coes import learning, search, services
from opsreview.coes.forms import CoeForm
from opsreview.coes.models import Coe, CoeImage, CoeStatus, Severity
from opsreview.coes.page import show_page
from opsreview.extensions import db
from opsreview.teams.services import list_teams
from opsreview.urls import row_id

bp = Blueprint("coes", __name__, url_prefix="/coes")
JUST_CREATED = "coe_just_created"


def filters_from(args) -> search.Filters:  # type: ignore[no-untyped-def]
    """Search filters from a query string; a value that cannot be one is ignored."""

    def pick(kind, name):  # type: ignore[no-untyped-def]
        try:
            return kind(args[name]) if args.get(name) else None
        except ValueError:
            return None

    return search.Filters(
        query=(args.get("q") or "").replace("\x00", "")[:200],  # PostgreSQL text cannot hold NUL
        team_id=row_id(args.get("team_id", type=int)),
        severity=pick(Severity, "severity"), status=pick(CoeStatus, "status"),
        since=pick(date.fromisoformat, "since"), until=pick(date.fromisoformat, "until"),
    )


@bp.get("/")
def index() -> str:
    """Search COEs, and show this week in COE history."""
    filters = filters_from(request.args)
    return render_template(
        "coes/index.html", coes=search.search(filters), filters=filters, teams=list_teams(),
        severities=list(Severity), statuses=list(CoeStatus), history=learning.this_week_in_history(today()),
    )


def _editor(form: CoeForm, coe: Coe | None, status: int = 200, created: bool = False) -> tuple[str, int]:
    return render_template("coes/form.html", form=form, coe=coe, created=created), status


@bp.route("/new", methods=["GET", "POST"])
@require(Role.MEMBER)
def create() -> ResponseReturnValue:
    """Start a COE; it is a draft until it passes the quality gate."""
    form = CoeForm(teams=list_teams())
    if form.validate_on_submit():
        coe = services.create(form)
        session[JUST_CREATED] = coe.id  # the editor then drops the browser's copy of the new-COE form
        flash("Draft saved. It saves itself as you type from now on.", "success")
        return redirect(url_for("coes.edit", coe_id=coe.id))
    return _editor(form, None, 400 if form.is_submitted() else 200)


def _prefilled(coe: Coe) -> CoeForm:
    form = CoeForm(obj=coe, teams=services.team_choices(coe))
    form.severity.data, form.team_id.data = coe.severity.value, coe.team_id
    return form


@bp.route("/<int:coe_id>/edit", methods=["GET", "POST"])
@require(Role.MEMBER)
def edit(coe_id: int) -> ResponseReturnValue:
    """Write the COE: every section in one long form."""
    coe = services.get_editable(coe_id)
    if request.method == "GET":
        return _editor(_prefilled(coe), coe, created=session.pop(JUST_CREATED, None) == coe.id)
    form = CoeForm(teams=services.team_choices(coe))
    if form.validate_on_submit():
        services.save(coe, form)
        flash("Saved.", "success")
        return redirect(url_for("coes.show", coe_id=coe.id))
    return _editor(form, coe, 400)


@bp.post("/<int:coe_id>/autosave")
@require(Role.MEMBER)
def autosave(coe_id: int) -> ResponseReturnValue:
    """Save the editor in the background; say what is wrong without losing anything."""
    coe = services.get_editable(coe_id)
    form = CoeForm(teams=services.team_choices(coe))
    if not form.validate():
        return jsonify({"saved": False, "errors": form.errors}), 422
    services.save(coe, form)
    return jsonify({"saved": True, "updated_at": iso(coe.updated_at), "status": coe.status.value})


@bp.get("/<int:coe_id>")
def show(coe_id: int) -> str:
    """One COE, rendered, with its checklist, similar COEs and what to do next."""
    return show_page(services.get_or_404(coe_id))


@bp.get("/images/<int:image_id>")
def image(image_id: int) -> Response:
    """A graph, as the type its bytes were checked to be."""
    found = db.get_or_404(CoeImage, image_id)
    response = Response(found.data, mimetype=found.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f"inline; filename=coe-{found.coe_id}-graph-{found.id}"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
