"""Due dates as an iCalendar feed (RFC 5545) at a secret address per person and per team."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, url_for
from icalendar import Calendar, Event

from opsreview.accounts.models import User
from opsreview.actions.models import ActionItem, Status
from opsreview.clock import now_utc
from opsreview.extensions import db
from opsreview.teams.models import Team

bp = Blueprint("calendar", __name__, url_prefix="/calendar")
KINDS = {"person": User, "team": Team}


def feed_token(kind: str, object_id: int) -> str:
    """The secret in a feed's address: anyone with it can read those due dates, nobody can guess it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"calendar:{kind}:{object_id}".encode(), hashlib.sha256).hexdigest()[:32]


def feed_url(kind: str, object_id: int) -> str:
    return url_for("calendar.feed", kind=kind, object_id=object_id, token=feed_token(kind, object_id), _external=True)


@bp.get("/<kind>/<int:object_id>/<token>.ics")
def feed(kind: str, object_id: int, token: str) -> Response:
    """The open action items of a person or a team, one all-day event on each due date."""
    if kind not in KINDS or not hmac.compare_digest(token.encode(), feed_token(kind, object_id).encode()):
        abort(404)
    subject = db.session.get(KINDS[kind], object_id)
    if subject is None or (kind == "person" and not subject.active) or (kind == "team" and subject.is_archived):
        abort(404)  # a person who left, or an archived team, has no feed any more
    owner_column = ActionItem.owner_id if kind == "person" else ActionItem.team_id
    items = db.session.scalars(
        db.select(ActionItem)
        .where(owner_column == object_id, ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]))
        .order_by(ActionItem.due_on)
    )
    calendar = Calendar()
    calendar.add("prodid", "-//opsreview//action items//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"opsreview action items ({kind} {object_id})")
    stamp = now_utc()
    for item in items:
        event = Event()
        event.add("uid", f"action-item-{item.id}@opsreview")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", f"Due: {item.title}")
        event.add("description", f"Owner: {item.owner.name}. Slipped {item.slips} times. {item.description}".strip())
        event.add("url", url_for("actions.show", item_id=item.id, _external=True))
        calendar.add_component(event)
    return Response(calendar.to_ical(), mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
