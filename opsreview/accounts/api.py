"""People and the audit log in JSON."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from opsreview.accounts import services
from opsreview.accounts.forms import UserForm
from opsreview.accounts.models import Role, User
from opsreview.accounts.roles import require
from opsreview.api_forms import json_body, validated
from opsreview.audit.models import AuditEntry
from opsreview.clock import iso
from opsreview.extensions import db
from opsreview.teams.services import list_teams
from opsreview.urls import row_id

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1")


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "team_id": user.team_id,
        "active": user.active,
    }


@bp.get("/me")
def me() -> ResponseReturnValue:
    """Who this request is signed in as."""
    return jsonify({"user": user_json(current_user)})


@bp.get("/users")
@require(Role.ADMIN)
def users() -> ResponseReturnValue:
    """Everyone with an account."""
    return jsonify({"users": [user_json(u) for u in services.list_users()]})


@bp.post("/users")
@require(Role.ADMIN)
def create_user() -> ResponseReturnValue:
    """Give someone an account (``email``, ``name``, ``role``; ``password`` optional, for local sign-in)."""
    values = {"role": "viewer", "active": True, **json_body()}
    form = validated(UserForm, values, teams=list_teams())
    user = services.create_user(
        form.email.data, form.name.data, Role(form.role.data), form.password.data or None, form.team_id.data
    )
    return jsonify({"user": user_json(user)}), 201, {"Location": url_for("accounts_api.users")}


@bp.patch("/users/<int:user_id>")
@require(Role.ADMIN)
def update_user(user_id: int) -> ResponseReturnValue:
    """Change someone's name, role, team or whether they can sign in."""
    user = db.get_or_404(User, user_id)
    values = {**user_json(user), **{k: v for k, v in json_body().items() if k != "email"}}
    form = validated(UserForm, values, user=user, teams=list_teams())
    services.update_user(user, form.name.data, Role(form.role.data), form.team_id.data, form.active.data)
    if form.password.data:
        services.set_password(user, form.password.data)
    return jsonify({"user": user_json(user)})


def _day(name: str) -> date | None:
    text = request.args.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, description=f"{name} must be a date like 2026-11-21.")


@bp.get("/audit")
@require(Role.ADMIN)
def audit() -> ResponseReturnValue:
    """The audit log, newest first; filter by ``user_id``, ``object_type``, ``object_id``, ``since``, ``until``."""
    query = db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if request.args.get("user_id"):
        query = query.where(AuditEntry.user_id == row_id(request.args.get("user_id", type=int)))
    if request.args.get("object_type"):
        query = query.where(AuditEntry.object_type == request.args["object_type"])
    if request.args.get("object_id"):
        query = query.where(AuditEntry.object_id == row_id(request.args.get("object_id", type=int)))
    if since := _day("since"):
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min, tzinfo=timezone.utc))
    if until := _day("until"):
        query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time.min, tzinfo=timezone.utc))
    entries = db.session.scalars(query.limit(500))
    return jsonify(
        {
            "entries": [
                {
                    "id": e.id, "at": iso(e.at), "user_id": e.user_id, "actor": e.actor, "action": e.action,
                    "object_type": e.object_type, "object_id": e.object_id, "summary": e.summary,
                    "before": e.before, "after": e.after,
                }
                for e in entries
            ]
        }
    )
