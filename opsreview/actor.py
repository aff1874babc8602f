"""Who is acting, for the record. Accounts replace this when sign-in lands."""

from __future__ import annotations

from flask import request

ANONYMOUS = "anonymous"


def current_actor() -> str:
    """The name recorded on spins and changes made by this request."""
    # Until sign-in exists every change is recorded as anonymous plus the
    # client address, so the record at least tells two clicks apart.
    return f"{ANONYMOUS} ({request.remote_addr or 'unknown'})"
