"""Action items in JSON, checked by the same forms as the pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.actions import services
from opsreview.actions.forms import ActionItemForm, RescheduleForm, WontDoForm
from opsreview.actions.models import ActionItem, Source, Status, Term
from opsreview.api_forms import json_body, validated
from opsreview.clock import iso, today
from opsreview.extensions import db
from opsreview.teams.services import list_teams
from opsreview.urls import row_id

bp = Blueprint("actions_api", __name__, url_prefix="/api/v1")
DETAILS = ("title", "owner", "due_on", "description", "team_id", "term", "source", "source_ref")


def item_json(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "owner": {"id": item.owner.id, "name": item.owner.name, "email": item.owner.email},
        "team_id": item.team_id,
        "due_on": item.due_on.isoformat(),
        "term": item.term.value,
        "status": item.status.value,
        "closing_note": item.closing_note,
        "source": item.source.value,
        "source_ref": item.source_ref,
        "report_meeting_id": item.report_meeting_id,
        "slips": item.slips,
        "days_overdue": item.days_overdue(today()),
        "created_at": iso(item.created_at),
        "closed_at": iso(item.closed_at),
    }


@bp.get("/action-items")
def items() -> ResponseReturnValue:
    """Open items (``closed=1`` for all), filtered by owner_id, team_id, source, term, overdue=1."""
    args = request.args

    def choice(kind, name):  # type: ignore[no-untyped-def]
        try:
            return kind(args[name]) if args.get(name) else None
        except ValueError:
            abort(_field_error(name, f"{name} must be one of: {', '.join(m.value for m in kind)}."))

    def identifier(name: str) -> int | None:
        if not args.get(name):
            return None
        value = row_id(args.get(name, type=int))
        if value is None:
            abort(_field_error(name, f"{name} must be a whole number id."))
        return value

    filters = services.Filters(
        owner_id=identifier("owner_id"),
        team_id=identifier("team_id"),
        source=choice(Source, "source"),
        term=choice(Term, "term"),
        overdue=args.get("overdue") == "1",
        include_closed=args.get("closed") == "1",
        sort=args.get("sort", "due"),
    )
    return jsonify({"action_items": [item_json(i) for i in services.find(filters)]})


@bp.post("/action-items")
@require(Role.LEADER)
def create_item() -> ResponseReturnValue:
    """Record an item: ``title``, ``owner`` (an email) and ``due_on`` are required."""
    values = {k: v for k, v in json_body().items() if k in DETAILS}
    form = validated(ActionItemForm, {"term": "medium", "source": "none", **values}, teams=list_teams())
    item = services.create(form)
    return jsonify({"action_item": item_json(item)}), 201, {"Location": url_for("actions_api.item", item_id=item.id)}


@bp.get("/action-items/<int:item_id>")
def item(item_id: int) -> ResponseReturnValue:
    """One item."""
    return jsonify({"action_item": item_json(db.get_or_404(ActionItem, item_id))})


@bp.patch("/action-items/<int:item_id>")
@require(Role.MEMBER)
def update_item(item_id: int) -> ResponseReturnValue:
    """Change an item (its owner or a leader). A new ``due_on`` needs a ``reason``; ``status`` done,
    in progress, open, or won't do (with a ``reason``)."""
    found = db.get_or_404(ActionItem, item_id)
    if not services.may_change(found, current_user):
        abort(403, description="Only the owner or a leader can change this item.")
    body = json_body()
    status = body.get("status")
    if status is not None and status not in [s.value for s in Status]:
        abort(_field_error("status", f"status must be one of: {', '.join(s.value for s in Status)}."))
    # Check every part first, so a 422 leaves the item exactly as it was.
    details = {k: v for k, v in body.items() if k in DETAILS and k != "due_on"}
    details_form = None
    if details:
        current = {**item_json(found), "owner": found.owner.email, "due_on": found.due_on.isoformat()}
        details_form = validated(ActionItemForm, {**current, **details}, item=found, teams=list_teams())
    new_date = None
    if "due_on" in body and body["due_on"] != found.due_on.isoformat():
        new_date = validated(RescheduleForm, {"due_on": body["due_on"], "reason": body.get("reason", "")})
    new_status, reason = None, ""
    if status is not None and status != found.status.value:
        new_status = Status(status)
        if new_status == Status.WONT_DO:
            reason = validated(WontDoForm, {"reason": body.get("reason", "")}).reason.data
    try:
        if details_form is not None:
            services.update(found, details_form)
        if new_date is not None:
            services.reschedule(found, new_date.due_on.data, new_date.reason.data)
        if new_status is not None:
            services.set_status(found, new_status, reason)
    except services.ItemClosed as closed:
        return jsonify({"error": {"message": str(closed), "field": "status"}}), 409
    return jsonify({"action_item": item_json(found)})


def _field_error(field: str, message: str):  # type: ignore[no-untyped-def]
    from flask import make_response

    return make_response(jsonify({"error": {"message": message, "field": field}}), 422)
