"""How teams keep their word: on-time completion, age of open items and slips, over a quarter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

from sqlalchemy.orm import selectinload

from opsreview.actions.models import ActionItem, Status
from opsreview.extensions import db

QUARTER = timedelta(days=91)


@dataclass(frozen=True)
class TeamRecord:
    team: str
    due: int  # items due in the quarter (up to today)
    on_time: int  # of those, done on or before their due date
    median_open_age_days: float | None  # of items still open
    slips: int  # due-date moves of items created in the quarter

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


def team_records(on: date) -> list[TeamRecord]:
    """One record per team (and "No team"), worst on-time rate first."""
    start = on - QUARTER
    # Due in the quarter, still open, or created in it: whatever its age.
    items = db.session.scalars(
        db.select(ActionItem)
        .options(selectinload(ActionItem.team))
        .where(
            db.or_(
                ActionItem.due_on.between(start, on),
                ActionItem.status.in_([Status.OPEN, Status.IN_PROGRESS]),
                ActionItem.created_at >= datetime.combine(start, time.min, tzinfo=UTC),
            )
        )
    )
    due, on_time, slips = defaultdict(int), defaultdict(int), defaultdict(int)
    ages: dict[str, list[int]] = defaultdict(list)
    for item in items:
        team = item.team.name if item.team else "No team"
        if start <= item.due_on <= on:
            due[team] += 1
            if item.status == Status.DONE and item.closed_at and item.closed_at.date() <= item.due_on:
                on_time[team] += 1
        if not item.status.is_closed:
            ages[team].append((on - item.created_at.date()).days)
        if item.created_at.date() >= start:
            slips[team] += item.slips
    teams = set(due) | set(ages) | set(slips)
    records = [
        TeamRecord(t, due[t], on_time[t], float(median(ages[t])) if ages[t] else None, slips[t]) for t in teams
    ]
    return sorted(records, key=lambda r: (r.on_time_rate if r.on_time_rate is not None else 2, r.team))
