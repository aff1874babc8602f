"""Who may do what: one decorator, used by every view that changes something.

``require(Role.HOST)`` marks the view with the role it needs; a test walks the
URL map and fails for any state-changing route without a mark.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, request
from flask_login import current_user

from opsreview.accounts.models import Role, TokenScope

View = TypeVar("View", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require(role: Role) -> Callable[[View], View]:
    """Refuse the request (401 signed out, 403 below ``role``) before the view runs."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if not current_user.has_role(role):
                abort(403, description=f"This needs the {role.value} role; you are {current_user.role.value}.")
            token = g.get("api_token")
            if token is not None and request.method not in SAFE_METHODS and token.scope != TokenScope.READ_WRITE:
                abort(403, description="This API token is read-only.")
            return view(*args, **kwargs)

        checked.required_role = role  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


def signed_in(view: View) -> View:
    """Any signed-in person (a viewer or above): for one's own things, such as tokens."""
    return require(Role.VIEWER)(view)
