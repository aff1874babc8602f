"""The app's sense of time, in one place (UTC everywhere)."""

from datetime import UTC, date, datetime


def now_utc() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now_utc().date()
