"""Who is acting, for records of who did what."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

SYSTEM = "system"


def _user():  # type: ignore[no-untyped-def]
    if not has_request_context():
        return None
    return current_user if current_user.is_authenticated else None


def actor_id() -> int | None:
    user = _user()
    return user.id if user is not None else None


def actor_name() -> str:
    """The name recorded on spins and changes: the signed-in person, else the system."""
    user = _user()
    return f"{user.name} <{user.email}>" if user is not None else SYSTEM
