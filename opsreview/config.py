"""Configuration from the environment, with safe defaults for the embedded install."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def database_url(instance_path: str) -> str:
    """DATABASE_URL, or a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "opsreview.sqlite3")
    # Hosted PostgreSQL often hands out postgres:// URLs; SQLAlchemy wants a driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY, or one generated on first run and kept in the instance folder.

    Never a fixed default: a key in the source would let anyone forge sessions.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another worker starting at the same moment wrote it first: use theirs.
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def from_environment(instance_path: str) -> dict[str, object]:
    """Everything the app reads from its environment."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        "WHEEL_BOUND": int(os.environ["WHEEL_BOUND"]) if os.environ.get("WHEEL_BOUND") else None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "").lower() in {"1", "true", "yes"},
        # The wheel page stays open on the projector for the whole two-hour
        # meeting; tokens live as long as the session instead of one hour.
        "WTF_CSRF_TIME_LIMIT": None,
        # Single sign-on through a reverse proxy: the header it sets, and the only
        # addresses it is believed from. Off unless both are set.
        "SSO_EMAIL_HEADER": os.environ.get("SSO_EMAIL_HEADER", "").strip() or None,
        # Reminders: SMTP and a Slack-compatible webhook, each off unless set.
        "SMTP_HOST": os.environ.get("SMTP_HOST", "").strip() or None,
        "SMTP_PORT": int(os.environ.get("SMTP_PORT", "25")),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "").lower() in {"1", "true", "yes"},
        "MAIL_FROM": os.environ.get("MAIL_FROM", "opsreview@localhost"),
        # Minutes of each closed meeting go to these addresses (comma-separated); none: not mailed.
        "MINUTES_RECIPIENTS": tuple(
            a.strip() for a in os.environ.get("MINUTES_RECIPIENTS", "").split(",") if a.strip()
        ),
        # Where people reach the app, for links in mail sent by commands (e.g. https://ops.example.com).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").strip() or None,
        # The weekly ops-wins digest (`flask agenda wins-digest`); the minutes' list when not set.
        "WINS_DIGEST_RECIPIENTS": tuple(
            a.strip() for a in os.environ.get("WINS_DIGEST_RECIPIENTS", "").split(",") if a.strip()
        ),
        "CHAT_WEBHOOK_URL": os.environ.get("CHAT_WEBHOOK_URL", "").strip() or None,
        # Dashboards: CloudWatch through the standard AWS credential chain. The endpoints are
        # for an emulator; the cache times say how long fetched numbers are shared.
        "AWS_REGION": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "",
        "CLOUDWATCH_ENDPOINT_URL": os.environ.get("CLOUDWATCH_ENDPOINT_URL", "").strip(),
        "STS_ENDPOINT_URL": os.environ.get("STS_ENDPOINT_URL", "").strip(),
        "CLOUDWATCH_MAX_ATTEMPTS": int(os.environ.get("CLOUDWATCH_MAX_ATTEMPTS", "3")),
        "CLOUDWATCH_TIMEOUT": float(os.environ.get("CLOUDWATCH_TIMEOUT", "10")),
        "DASHBOARD_CACHE_SECONDS": int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300")),
        "DASHBOARD_PAST_WEEK_CACHE_SECONDS": int(os.environ.get("DASHBOARD_PAST_WEEK_CACHE_SECONDS", str(6 * 3600))),
        "DASHBOARD_WARM_ON_PICK": os.environ.get("DASHBOARD_WARM_ON_PICK", "background"),
        "SSO_TRUSTED_PROXIES": tuple(
            a.strip() for a in os.environ.get("SSO_TRUSTED_PROXIES", "").split(",") if a.strip()
        ),
    }
