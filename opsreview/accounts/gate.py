"""Who is asking: a session, an API token or a trusted single sign-on proxy.

Every request except the sign-in page, static files and the health check needs
someone signed in; every unsafe request from a browser session needs its CSRF
token (API token requests carry no cookies, so CSRF does not apply to them).
"""

from __future__ import annotations

from flask import Flask, abort, g, request
from flask_login import LoginManager, current_user

from opsreview.accounts import services
from opsreview.accounts.models import User
from opsreview.errors import wants_json
from opsreview.extensions import csrf, db

# The calendar feed is guarded by the secret in its address (calendar apps cannot sign in).
PUBLIC_ENDPOINTS = {"accounts.login", "static", "home.healthz", "openapi.openapi", "calendar.feed", "vendor.plotly_js"}
# Read-only endpoints polled by hundreds of browsers every second: they check the
# signed-in session themselves, in the same database read as their data (see
# ``session_user_id``). A request with an API token takes the usual path.
SELF_CHECKED_ENDPOINTS = {"agenda_api.live_state"}

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Sign in to continue."
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


@login_manager.request_loader
def _load_from_request(req) -> User | None:  # type: ignore[no-untyped-def]
    header = req.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        found = services.token_user(header[len("Bearer ") :].strip())
        if found is None:
            return None
        g.api_token = found[1]
        return found[0]
    return _single_sign_on(req)


def _single_sign_on(req) -> User | None:  # type: ignore[no-untyped-def]
    from flask import current_app

    header = current_app.config.get("SSO_EMAIL_HEADER")
    proxies = current_app.config.get("SSO_TRUSTED_PROXIES") or ()
    if not header or req.remote_addr not in proxies:
        return None  # the header is honoured only from the configured proxy addresses
    email = req.headers.get(header, "")
    return services.single_sign_on_user(email) if email else None


def session_user_id() -> int | None:
    """The user id a browser session claims (not yet checked against the database), for self-checked endpoints."""
    from flask import session

    if request.headers.get("Authorization"):
        return None
    claimed = session.get("_user_id")
    return int(claimed) if isinstance(claimed, str) and claimed.isdigit() else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked below, after we know who is asking

    def protect_from_forgery() -> None:
        if app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()  # only checks unsafe methods

    @app.before_request
    def _gate():  # type: ignore[no-untyped-def]
        if request.endpoint in SELF_CHECKED_ENDPOINTS and request.method == "GET" and session_user_id() is not None:
            return None
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            if request.endpoint == "accounts.login":
                protect_from_forgery()
            return None
        if not current_user.is_authenticated:
            if wants_json():
                abort(401)  # a script cannot follow a redirect to the sign-in page (fetch reads it as a 200)
            return login_manager.unauthorized()
        if g.get("api_token") is None:
            protect_from_forgery()
        return None
