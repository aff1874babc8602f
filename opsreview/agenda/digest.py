"""The weekly ops-wins digest: the wins submitted in an ISO week, as a page and as a mail."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask import current_app, has_request_context, url_for

from opsreview.agenda.models import AgendaItem, Kind
from opsreview.audit.log import record
from opsreview.extensions import db
from opsreview.notify import mail


def week_label(day: date) -> str:
    """The ISO week of ``day``, like 2030-W02."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(week: str) -> date | None:
    """The Monday of an ISO week like 2030-W02; None for text that is not one."""
    found = re.fullmatch(r"(\d{4})-W(\d{2})", week)
    try:
        return date.fromisocalendar(int(found[1]), int(found[2]), 1) if found else None
    except ValueError:
        return None


def wins_of(monday: date) -> list[AgendaItem]:
    """The wins submitted from ``monday`` (UTC) for seven days, newest first."""
    start = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    return list(db.session.scalars(
        db.select(AgendaItem)
        .where(AgendaItem.kind == Kind.WIN, AgendaItem.created_at >= start, AgendaItem.created_at < start + timedelta(days=7))
        .order_by(AgendaItem.created_at.desc())
    ))


def text_of(monday: date, wins: list[AgendaItem]) -> str:
    """The digest as plain text (user text stays as typed: a plain-text mail renders nothing)."""
    lines = [f"Ops wins, week {week_label(monday)}", ""]
    for win in wins:
        lines.append(f"- {' '.join(win.title.split())}" + (f" ({win.presenter})" if win.presenter else ""))
        if win.body:
            lines.append(f"  {' '.join(win.body.split())}")
        if win.link:
            lines.append(f"  {win.link}")
    if not wins:
        lines.append("No wins were submitted this week.")
    link = _web_link(week_label(monday))
    return "\n".join(lines + ["", f"On the web: {link}" if link else "", ""])


def _web_link(week: str) -> str:
    """The digest's page: from the request, or from PUBLIC_URL when run as a command; else none."""
    if has_request_context():
        return url_for("agenda.wins", week=week, _external=True)
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return ""
    with current_app.test_request_context(base_url=base):
        return url_for("agenda.wins", week=week, _external=True)


def recipients() -> list[str]:
    config = current_app.config
    return list(config.get("WINS_DIGEST_RECIPIENTS") or config.get("MINUTES_RECIPIENTS") or ())


def send(monday: date) -> tuple[int, list[str]]:
    """Mail the week's digest; the number of wins and who it went to (nobody: not configured or not sent)."""
    wins, to = wins_of(monday), recipients()
    if not to or not mail.configured():
        return len(wins), []
    if not mail.send(", ".join(to), f"Ops wins, week {week_label(monday)}: {len(wins)}", text_of(monday, wins)):
        return len(wins), []
    record("mail", "wins_digest", 0, after={"week": week_label(monday), "to": to}, summary=f"ops wins {week_label(monday)}")
    db.session.commit()
    return len(wins), to
