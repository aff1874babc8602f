"""Accounts: passwords, sign-in limits, single sign-on users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from opsreview.accounts.models import ApiToken, FailedSignIn, Role, TokenScope, User
from opsreview.audit.log import record, snapshot
from opsreview.clock import aware, now_utc
from opsreview.extensions import db

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_ADDRESS = 20
USER_FIELDS = ("email", "name", "role", "team_id", "active")
TOKEN_PREFIX = "opsr_"


def hash_password(password: str) -> str:
    """Salted and slow (werkzeug's scrypt)."""
    return generate_password_hash(password)


def find_user(email: str) -> User | None:
    email = email.strip().lower()
    return db.session.scalars(db.select(User).where(db.func.lower(User.email) == db.func.lower(email))).first()


def create_user(email: str, name: str, role: Role, password: str | None = None, team_id: int | None = None) -> User:
    user = User(email=email.strip().lower(), name=name.strip(), role=role, team_id=team_id)
    user.password_hash = hash_password(password) if password else None
    db.session.add(user)
    db.session.flush()
    record("create", "user", user.id, after=snapshot(user, USER_FIELDS), summary=f"{user.name}, {role.value}")
    db.session.commit()
    return user


def update_user(user: User, name: str, role: Role, team_id: int | None, active: bool) -> None:
    before = snapshot(user, USER_FIELDS)
    user.name, user.role, user.team_id, user.active = name.strip(), role, team_id, active
    record("update", "user", user.id, before, snapshot(user, USER_FIELDS), summary=user.name)
    db.session.commit()


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    record("update", "user", user.id, {"password": "(old)"}, {"password": "(changed)"}, summary="password changed")
    db.session.commit()


def too_many_failures(email: str, address: str) -> bool:
    since = now_utc() - FAILURE_WINDOW
    by_email = db.session.scalar(
        db.select(db.func.count(FailedSignIn.id)).where(FailedSignIn.email == email.lower(), FailedSignIn.at > since)
    )
    by_address = db.session.scalar(
        db.select(db.func.count(FailedSignIn.id)).where(FailedSignIn.address == address, FailedSignIn.at > since)
    )
    return (by_email or 0) >= MAX_FAILURES_PER_EMAIL or (by_address or 0) >= MAX_FAILURES_PER_ADDRESS


def authenticate(email: str, password: str, address: str) -> User | None:
    """The user whose email and password match, or None (the failure is counted)."""
    user = find_user(email)
    if user is not None and user.active and user.password_hash and check_password_hash(user.password_hash, password):
        db.session.execute(db.delete(FailedSignIn).where(FailedSignIn.email == user.email))
        db.session.commit()
        return user
    db.session.add(FailedSignIn(email=email.strip().lower()[:254], address=address[:64]))
    db.session.execute(db.delete(FailedSignIn).where(FailedSignIn.at < now_utc() - FAILURE_WINDOW))
    db.session.commit()
    return None


def single_sign_on_user(email: str) -> User | None:
    """The user a trusted proxy vouches for; someone new becomes a viewer."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        return None
    user = find_user(email)
    if user is None:
        user = create_user(email, email.split("@", 1)[0], Role.VIEWER)
    return user if user.active else None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str, scope: TokenScope) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=_digest(secret), prefix=secret[:12], scope=scope)
    db.session.add(token)
    db.session.flush()
    record("create", "api_token", token.id, after={"name": token.name, "scope": scope.value}, summary=token.name)
    db.session.commit()
    return token, secret


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = now_utc()
        record("revoke", "api_token", token.id, before={"revoked": False}, after={"revoked": True}, summary=token.name)
        db.session.commit()


def token_user(secret: str) -> tuple[User, ApiToken] | None:
    token = db.session.scalars(
        db.select(ApiToken).where(ApiToken.token_hash == _digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    if token is None or not token.user.active:
        return None
    now = now_utc()
    last = token.last_used_at
    # "Last used" to the minute is enough; a write on every API request is not.
    if last is None or aware(last) < now - timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return token.user, token


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.name)))
