"""Reading the audit log: all of it for admins, one object's history for everyone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import Blueprint, render_template, request

from opsreview.accounts.models import Role
from opsreview.accounts.roles import require
from opsreview.accounts.services import list_users
from opsreview.audit.models import AuditEntry
from opsreview.extensions import db
from opsreview.urls import row_id

bp = Blueprint("audit", __name__, url_prefix="/audit")
OBJECT_TYPES = ("team", "meeting", "spin", "action_item", "user", "api_token", "dashboard")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.get("/")
@require(Role.ADMIN)
def index() -> str:
    """Filter the whole log by person, object and date."""
    query = db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    person = row_id(request.args.get("user_id", type=int))
    object_type = request.args.get("object_type") or None
    object_id = row_id(request.args.get("object_id", type=int))
    since, until = _day(request.args.get("since")), _day(request.args.get("until"))
    if person:
        query = query.where(AuditEntry.user_id == person)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id:
        query = query.where(AuditEntry.object_id == object_id)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min, tzinfo=timezone.utc))
    if until:
        query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time.min, tzinfo=timezone.utc))
    entries = list(db.session.scalars(query.limit(500)))
    return render_template(
        "audit/index.html",
        entries=entries,
        people=list_users(),
        object_types=OBJECT_TYPES,
        filters={"user_id": person, "object_type": object_type, "object_id": object_id,
                 "since": request.args.get("since", ""), "until": request.args.get("until", "")},
    )


@bp.get("/<object_type>/<int:object_id>")
@require(Role.VIEWER)
def history(object_type: str, object_id: int) -> str:
    """One object's history: every change to it, oldest first."""
    entries = list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
    return render_template("audit/history.html", entries=entries, object_type=object_type, object_id=object_id)

