"""`flask agenda wins-digest`: mail the weekly ops-wins digest."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask.cli import AppGroup

from opsreview.agenda import digest
from opsreview.clock import today

agenda = AppGroup("agenda", help="Meeting chores.")


def _monday(week: str | None) -> date:
    if week is None:  # the week that ended: run it on Monday morning
        return today() - timedelta(days=today().weekday() + 7)
    monday = digest.monday_of(week)
    if monday is None:
        raise click.BadParameter(f"{week!r} is not an ISO week like 2030-W02.", param_hint="--week")
    return monday


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
