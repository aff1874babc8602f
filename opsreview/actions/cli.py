"""`flask actions remind`: the daily digest."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from opsreview.actions.reminders import remind as send_reminders
from opsreview.notify import chat, mail

actions = AppGroup("actions", help="Action item chores.")


@actions.command("remind")
def remind() -> None:
    """Mail (and post to chat) each owner's items due within 3 days and overdue, once a day."""
    if not mail.configured() and not chat.configured():
        click.echo("Neither SMTP_HOST nor CHAT_WEBHOOK_URL is set: no reminders can be sent.")
    result = send_reminders()
    click.echo(
        f"{result.owners} owners with {result.items} new items: {result.mailed} mailed, {result.posted} posted to chat."
    )
