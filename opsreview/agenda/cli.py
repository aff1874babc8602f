"""`flask agenda wins-digest`: mail the weekly ops-wins digest."""

from __future__ import annotations

import re
from datetime import date, timedelta

import click
from flask.cli import AppGroup

from opsreview.agenda import digest
from opsreview.clock import today

agenda = AppGroup("agenda", help="Meeting chores.")


def _monday(week: str | None) -> date:
    if week is None:  # the week that ended: run it on Monday morning
        this_monday = today() - timedelta(days=today().weekday())
        return this_monday - timedelta(days=7)
    found = re.fullmatch(r"(\d{4})-W(\d{2})", week)
    try:
        return date.fromisocalendar(int(found[1]), int(found[2]), 1) if found else _bad(week)
    except ValueError:
        return _bad(week)


def _bad(week: str) -> date:
    raise click.BadParameter(f"{week!r} is not an ISO week like 2030-W02.", param_hint="--week")


@agenda.command("wins-digest")
@click.option("--week", help="ISO week, like 2030-W02; the week that ended by default.")
def wins_digest(week: str | None) -> None:
    """Mail the week's ops wins to WINS_DIGEST_RECIPIENTS (or MINUTES_RECIPIENTS)."""
    monday = _monday(week)
    count, sent_to = digest.send(monday)
    label = digest.week_label(monday)
    if sent_to:
        click.echo(f"Ops wins {label}: {count} wins mailed to {', '.join(sent_to)}.")
    else:
        click.echo(f"Ops wins {label}: {count} wins; not mailed (set SMTP_HOST and WINS_DIGEST_RECIPIENTS "
                   "or MINUTES_RECIPIENTS, or the SMTP server refused it).")
