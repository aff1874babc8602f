"""How teams keep their word: on-time completion, age of open items and slips, over a quarter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

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
    items = db.session.scalars(db.select(ActionItem).where(ActionItem.created_at >= start - QUARTER))
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
