"""`flask users ...`: accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from opsreview.accounts import services
from opsreview.accounts.models import Role

users = AppGroup("users", help="Manage accounts.")


@users.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--name", prompt=True, help="The admin's name.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create the first admin (or another one)."""
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters", param_hint="--password")
    if services.find_user(email):
        raise click.ClickException(f"{email} already has an account.")
    user = services.create_user(email, name, Role.ADMIN, password)
    click.echo(f"Admin {user.email} created.")


@users.command("set-password")
@click.option("--email", prompt=True)
@click.password_option()
def set_password(email: str, password: str) -> None:
    """Set someone's password."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    services.set_password(user, password)
    click.echo(f"Password of {user.email} changed.")
