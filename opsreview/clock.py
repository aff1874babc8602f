"""The app's sense of time, in one place (UTC everywhere)."""

from datetime import UTC, date, datetime


def now_utc() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now_utc().date()


def aware(moment: datetime) -> datetime:
    """A stored moment with its zone: SQLite hands datetimes back without one (they are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str | None:
    """A moment as ISO 8601 with its zone."""
    return aware(moment).isoformat() if moment is not None else None
