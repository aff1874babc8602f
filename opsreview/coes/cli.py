"""`flask coes reindex`: rebuild the full-text search copy (SQLite) after a restore or a bulk edit."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from opsreview.coes import search

coes = AppGroup("coes", help="COE chores.")


@coes.command("reindex")
def reindex() -> None:
    """Gather every COE's words again and rebuild the search index."""
    click.echo(f"Indexed {search.rebuild()} COEs.")
