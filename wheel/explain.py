"""Why each team has the odds it has: the table shown beside the wheel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wheel.pick import Candidate, Draw
from wheel.policy import Policy


@dataclass(frozen=True)
class TeamOdds:
    """One row of the odds table."""

    team_id: int
    waited: int
    probability: float
    status: str  # eligible, due, overdue, cooling down, picked, away
    reason: str


def explain(
    candidates: Sequence[Candidate],
    policy: Policy,
    slots_per_meeting: int,
    slots_left: int,
    picked: Iterable[int] = (),
) -> list[TeamOdds]:
    """Every team's probability of being the next pick, and why, most likely first."""
    taken = set(picked)
    draw = Draw(candidates, policy, slots_per_meeting, slots_left, picked=taken)
    odds = draw.odds() if slots_left > 0 else {}
    threshold = draw.urgent_threshold() if slots_left > 0 else None
    rows = []
    for c in candidates:
        meetings = "meeting" if c.waited == 1 else "meetings"
        if c.team_id in taken:
            status, reason = "picked", "already picked in this meeting"
        elif not c.available:
            status, reason = "away", "away: the wheel skips this team"
        elif c.waited >= policy.bound:
            status = "overdue"
            reason = f"waited {c.waited} {meetings}: at the bound of {policy.bound}, picked first"
        elif threshold is not None and c.waited >= threshold:
            status = "due"
            reason = f"waited {c.waited} {meetings}: due soon to stay within {policy.bound}"
        elif policy.is_cooling_down(c.waited):
            status, reason = "cooling down", f"presented {c.waited} {meetings} ago"
        else:
            status, reason = "eligible", f"waited {c.waited} {meetings}"
        rows.append(TeamOdds(c.team_id, c.waited, odds.get(c.team_id, 0.0), status, reason))
    rows.sort(key=lambda r: (-r.probability, -r.waited, r.team_id))
    return rows
