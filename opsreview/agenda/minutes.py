"""Closing a meeting: the minutes (frozen, as a page, Markdown and mail) and next week's meeting."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import current_app, url_for

from opsreview.actions.models import ActionItem
from opsreview.agenda.followups import reports_of
from opsreview.agenda.state import picked_teams
from opsreview.agenda.models import AgendaItem, ItemStatus, Kind, Minutes
from opsreview.agenda.planning import agenda_of, following
from opsreview.agenda import reviews
from opsreview.agenda.presenting import coe_link, dashboard_highlights, link_of, presentation
from opsreview.agenda.services import check_open, items_of, move_on, touch
from opsreview.audit.log import record
from opsreview.clock import iso, now_utc
from opsreview.extensions import db
from opsreview.meetings.models import Meeting, MeetingStatus
from opsreview.notify import mail

logger = logging.getLogger(__name__)


def close(meeting: Meeting) -> Minutes:
    """Close the meeting: what was not accepted moves on, the minutes are frozen and mailed, next week is planned."""
    check_open(meeting)
    agenda = agenda_of(meeting)
    was = meeting.status.value
    for item in items_of(meeting.id):
        if item.status != ItemStatus.ACCEPTED:
            move_on(item)  # never dropped: on to the following meeting, in the close's transaction
    agenda.closed_at = now_utc()
    agenda.started_at = agenda.started_at or agenda.closed_at
    agenda.timer_started_at = None
    touch(meeting.id)  # in SQL: a change made meanwhile is not written over
    meeting.status = MeetingStatus.CLOSED
    upcoming = following(meeting)
    record("close", "meeting", meeting.id, before={"status": was}, after={"status": "closed"},
           summary=f"closed; next meeting {upcoming.held_on}")
    db.session.commit()
    # After the close is committed: the COE and dashboards features commit (and roll back) on their own.
    not_reviewed = _review_coes(meeting)
    content = build(meeting)
    content["coes_not_reviewed"] = not_reviewed
    minutes = db.session.get(Minutes, meeting.id)  # a meeting reopened and closed again: written afresh
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id, content=content)
        db.session.add(minutes)
    minutes.content, minutes.created_at = content, now_utc()
    record("create", "minutes", meeting.id, summary=f"minutes of {meeting.held_on}")
    db.session.commit()
    send(minutes)
    return minutes


def _review_coes(meeting: Meeting) -> list[str]:
    """The COEs on the agenda become reviewed at this meeting; a sentence for each that could not."""
    try:
        return reviews.mark_presented(meeting)
    except Exception:  # the minutes are written whatever happens here
        logger.exception("marking the COEs of meeting %s reviewed failed", meeting.id)
        db.session.rollback()
        return ["The COEs on the agenda could not be marked reviewed; mark each from its own page."]


def build(meeting: Meeting) -> dict[str, Any]:
    """What the minutes say, as plain data."""
    agenda = agenda_of(meeting)
    items = [i for i in items_of(meeting.id) if i.status == ItemStatus.ACCEPTED]
    teams = picked_teams(meeting.id)

    def listed(*kinds: Kind) -> list[dict[str, str]]:
        return [{"title": i.title, "presenter": i.presenter, "body": i.body, "link": link_of(i, external=True),
                 "coe_id": i.coe_id} for i in items if i.kind in kinds]

    # COEs reviewed: those marked reviewed at this meeting, and COEs on the agenda as free text.
    coes = [row for row in listed(Kind.COE) if row["coe_id"] is None] + [
        {"title": c.title, "presenter": c.team.name if c.team else "", "body": "", "link": coe_link(c.id, external=True),
         "coe_id": c.id}
        for c in reviews.reviewed_at(meeting)
    ]

    presented = []
    for slot, team in sorted(teams.items()):
        shown = presentation(team)
        presented.append({"team": team.name, "slot": slot, "dashboard_url": shown["dashboard_url"],
                          "links": shown["links"], "highlights": dashboard_highlights(team, meeting.held_on)})
    created = db.session.scalars(
        db.select(ActionItem).where(ActionItem.created_at >= agenda.started_at, ActionItem.created_at <= now_utc())
        .order_by(ActionItem.id)
    ) if agenda.started_at else []
    deferred = db.session.scalars(
        db.select(AgendaItem).where(AgendaItem.deferred_from_id == meeting.id).order_by(AgendaItem.id)
    )
    reports = reports_of(meeting)
    return {
        "meeting": {"id": meeting.id, "held_on": meeting.held_on.isoformat(), "title": meeting.title,
                    "started_at": iso(agenda.started_at), "closed_at": iso(agenda.closed_at)},
        "wins": listed(Kind.WIN),
        "coes": coes,
        "presented": presented,
        "follow_ups": [{"title": r.action_item.title, "owner": r.action_item.owner.name, "outcome": r.outcome.value,
                        "note": r.note, "new_due_on": r.new_due_on.isoformat() if r.new_due_on else None}
                       for r in reports.values()],
        "action_items": [{"id": a.id, "title": a.title, "owner": a.owner.name, "due_on": a.due_on.isoformat()}
                         for a in created],
        "org_items": listed(Kind.ORG_ITEM, Kind.ANNOUNCEMENT),
        "deferred": [{"title": d.title, "kind": d.kind.value, "to": d.meeting.held_on.isoformat()} for d in deferred],
    }


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def _md(text: str) -> str:
    """User text made literal in Markdown, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def markdown(content: dict[str, Any]) -> str:
    m = content["meeting"]
    lines = [f"# Minutes: {_md(m['title'])}, {m['held_on']}", ""]

    def section(title: str, rows: list[str]) -> None:
        lines.extend([f"## {title}", ""] + (rows or ["None."]) + [""])

    def listed(rows: list[dict[str, str]]) -> list[str]:
        return [f"- {_md(r['title'])} ({_md(r['presenter'])})" + (f" <{r['link']}>" if r["link"] else "") for r in rows]

    section("Wins", listed(content["wins"]))
    section("COEs reviewed", listed(content["coes"]))
    if content.get("coes_not_reviewed"):
        section("COEs not marked reviewed", [f"- {_md(why)}" for why in content["coes_not_reviewed"]])
    rows = []
    for p in content["presented"]:
        where = p["dashboard_url"] or (p["links"][0]["url"] if p["links"] else "")
        rows.append(f"- Slot {p['slot']}: {_md(p['team'])}" + (f" <{where}>" if where else ""))
        rows += [f"  - {_md(h)}" for h in p["highlights"]]
    section("Teams that presented", rows)
    section("Follow-ups reported", [f"- {_md(f['title'])} ({_md(f['owner'])}): {f['outcome']}"
                                    + (f", now due {f['new_due_on']}" if f["new_due_on"] else "")
                                    + (f": {_md(f['note'])}" if f["note"] else "") for f in content["follow_ups"]])
    section("Action items created",
            [f"- {_md(a['title'])}: {_md(a['owner'])}, due {a['due_on']}" for a in content["action_items"]])
    section("Org-wide items and announcements", listed(content["org_items"]))
    section("Deferred", [f"- {_md(d['title'])} ({d['kind']}), moved to {d['to']}" for d in content["deferred"]])
    return "\n".join(lines)


def recipients() -> list[str]:
    return list(current_app.config.get("MINUTES_RECIPIENTS") or ())


def send(minutes: Minutes) -> bool:
    """Mail the minutes to MINUTES_RECIPIENTS; False when mail or the list is not configured, or sending failed."""
    to = recipients()
    if not to or not mail.configured():
        return False
    content = minutes.content
    link = url_for("room.minutes", meeting_id=minutes.meeting_id, _external=True)
    body = markdown(content) + f"\n\nOn the web: {link}\n"
    subject = f"Minutes: {' '.join(content['meeting']['title'].split())}, {content['meeting']['held_on']}"
    if not mail.send(", ".join(to), subject, body):
        return False
    minutes.mailed_to, minutes.mailed_at = ", ".join(to), now_utc()
    record("mail", "minutes", minutes.meeting_id, after={"to": minutes.mailed_to}, summary="minutes mailed")
    db.session.commit()
    return True
