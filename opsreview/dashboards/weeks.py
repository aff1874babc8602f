"""The window a dashboard shows: one week beside the week before, in one 14-day fetch.

``week=None`` is the last seven days to the current hour; ``week="2026-W46"`` is that ISO week
(Monday 00:00 UTC to the next Monday). Both edges fall on the hour, so a week-long CloudWatch period
splits the window exactly into "previous week" and "this week".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

WEEK = timedelta(days=7)
WEEK_SECONDS = 7 * 24 * 3600
FIRST_YEAR, LAST_YEAR = 1971, 9998  # room for the week before and after, in any zone
MAX_EVENT = timedelta(days=14)
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    """``day``'s ISO week as ``YYYY-Www``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> date:
    """The Monday of an ISO week written ``YYYY-Www``; ValueError for anything else."""
    match = _ISO_WEEK.match(text)
    if not match:
        raise ValueError("Write the week as YYYY-Www, for example 2026-W46.")
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ValueError(f"Pick a week between {FIRST_YEAR} and {LAST_YEAR}.")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"{text} is not a week of the calendar.") from None


@dataclass(frozen=True)
class Window:
    week: str
    start: datetime  # the previous week starts here
    split: datetime  # this week starts here
    end: datetime
    rolling: bool

    @property
    def complete(self) -> bool:
        """A finished week never changes, so its numbers may be cached for hours."""
        return not self.rolling

    @property
    def seconds(self) -> int:
        """How long each half is: the period of the headline numbers."""
        return int((self.split - self.start).total_seconds())

    def key(self) -> str:
        return f"{self.start:%Y%m%dT%H%M}-{self.split:%Y%m%dT%H%M}-{self.end:%Y%m%dT%H%M}"


def window_for(week: str | None, now: datetime) -> Window:
    """The window for ``week`` (an ISO week) or, without one, the seven days to this hour."""
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if week is None:
        return Window(iso_week(hour.date()), hour - 2 * WEEK, hour - WEEK, hour, rolling=True)
    monday = parse_week(week)
    split = datetime(monday.year, monday.month, monday.day, tzinfo=UTC)
    if split > hour:
        raise ValueError(f"{week} has not started yet.")
    if split + WEEK > hour:  # the week in progress: the last seven days
        return Window(week, hour - 2 * WEEK, hour - WEEK, hour, rolling=True)
    return Window(week, split - WEEK, split, split + WEEK, rolling=False)


def event_window(start: datetime, end: datetime) -> Window:
    """An event's hours beside the same length of time just before it (for a COE's snapshot).

    Raises ValueError for an event that ends before it starts, lasts over 14 days, or is out of range.
    """
    if end <= start:
        raise ValueError("The event must end after it starts.")
    if end - start > MAX_EVENT:
        raise ValueError("A snapshot covers at most 14 days; pick the worst part of the event.")
    if not (FIRST_YEAR <= start.year and end.year <= LAST_YEAR):
        raise ValueError(f"Pick times between {FIRST_YEAR} and {LAST_YEAR}.")
    first = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    last = end.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if last < end.astimezone(UTC) or last == first:
        last += timedelta(hours=1)
    return Window(iso_week(first.date()), first - (last - first), first, last, rolling=False)
