"""Sign in and out, personal API tokens, and the admin's list of people."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from opsreview.accounts import services
from opsreview.accounts.forms import SignInForm, TokenForm, UserForm
from opsreview.accounts.models import ApiToken, Role, TokenScope, User
from opsreview.accounts.roles import require, signed_in
from opsreview.extensions import db
from opsreview.teams.services import list_teams

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, so sign-in cannot redirect away."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("home.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Sign in with email and password."""
    form = SignInForm()
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        if services.too_many_failures(form.email.data, address):
            return render_template("accounts/login.html", form=form, locked=True), 429
        user = services.authenticate(form.email.data, form.password.data, address)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match.")
    return render_template("accounts/login.html", form=form, locked=False)


@bp.post("/logout")
@signed_in
def logout() -> Response:
    """Sign out."""
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/tokens", methods=["GET", "POST"])
@signed_in
def tokens() -> str:
    """List your API tokens and create one (its secret is shown once)."""
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        _, secret = services.create_token(current_user, form.name.data, TokenScope(form.scope.data))
        form = TokenForm(formdata=None)
    return render_template("accounts/tokens.html", form=form, secret=secret, tokens=services.tokens_of(current_user))


@bp.post("/account/tokens/<int:token_id>/revoke")
@signed_in
def revoke(token_id: int) -> Response:
    """Revoke one of your API tokens."""
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    services.revoke_token(token)
    flash(f"Token “{token.name}” revoked.", "success")
    return redirect(url_for("accounts.tokens"))


@bp.get("/admin/users")
@require(Role.ADMIN)
def users() -> str:
    """List everyone with an account and their role."""
    return render_template("accounts/users.html", users=services.list_users())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def create_user() -> str | Response:
    """Give someone an account."""
    form = UserForm(teams=list_teams())
    if form.validate_on_submit():
        user = services.create_user(
            form.email.data, form.name.data, Role(form.role.data), form.password.data or None, form.team_id.data
        )
        flash(f"{user.name} can now sign in as {user.role.value}.", "success")
        return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    """Change someone's name, role, team or access."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user, user=user, teams=list_teams())
    if not form.is_submitted():
        form.role.data = user.role.value
        form.team_id.data = user.team_id
    if form.validate_on_submit():
        services.update_user(user, form.name.data, Role(form.role.data), form.team_id.data, form.active.data)
        if form.password.data:
            services.set_password(user, form.password.data)
        flash("Saved.", "success")
        return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=user)
