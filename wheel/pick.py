"""Drawing teams: one recorded draw per pick, the bound kept by a deadline check.

The arrays are numpy's so that a wheel of ten thousand teams still picks in
about the time ``random.choices`` takes over the same weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from random import Random

import numpy as np

from wheel.policy import Policy


@dataclass(frozen=True, slots=True)
class Candidate:
    """A team as the wheel sees it: how long it has waited and whether it can present."""

    team_id: int
    waited: int
    available: bool = True


@dataclass(frozen=True, slots=True)
class Pick:
    """One recorded pick: the team, the draw that chose it, and whether the bound forced it."""

    team_id: int
    draw: float
    forced: bool


class Draw:
    """The state of one meeting's wheel between picks.

    Built once; each ``choose`` takes one draw in [0, 1) and removes the chosen
    team. Teams walk in the order given, which is the order the wheel's sectors
    are drawn in, so ``draw * 360`` degrees is where the pointer lands.
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        policy: Policy,
        slots_per_meeting: int,
        slots_left: int,
        picked: Iterable[int] = (),
    ) -> None:
        taken = set(picked)
        eligible = [c for c in candidates if c.available and c.team_id not in taken]
        ids, waits = [c.team_id for c in eligible], [c.waited for c in eligible]
        self._setup(ids, waits, policy, slots_per_meeting, slots_left)

    @classmethod
    def from_columns(
        cls, team_ids: Sequence[int], waits: Sequence[int], policy: Policy, slots_per_meeting: int, slots_left: int
    ) -> Draw:
        """A draw over teams given as two parallel lists, all of them eligible (the fast path)."""
        draw = cls.__new__(cls)
        draw._setup(team_ids, waits, policy, slots_per_meeting, slots_left)
        return draw

    def _setup(
        self, team_ids: Sequence[int], waits: Sequence[int], policy: Policy, slots_per_meeting: int, slots_left: int
    ) -> None:
        self.policy = policy
        self.slots_per_meeting = slots_per_meeting
        self.slots_left = slots_left
        self.team_ids = team_ids
        self.waits = np.fromiter(waits, dtype=np.int64, count=len(team_ids))
        self.weights = policy.weight_array(self.waits)
        self.cum = np.cumsum(self.weights)
        self.removed: list[int] = []  # indexes chosen so far, kept sorted
        self.removed_mass = 0.0
        slack = policy.bound - self.waits
        np.maximum(slack, 0, out=slack)
        self.slack_counts = np.bincount(slack, minlength=1)
        self._capacity = np.arange(len(self.slack_counts)) * slots_per_meeting

    @property
    def teams_left(self) -> int:
        return len(self.team_ids) - len(self.removed)

    def urgent_threshold(self) -> int | None:
        """The shortest wait that the next pick must come from, if the bound is tight.

        A team that has waited ``w`` may wait ``bound - w`` more meetings; all
        teams with at most ``j`` to spare need this meeting's remaining slots
        plus ``j`` future meetings. Where that is exactly full, the next pick
        must be one of them. A team already at the bound is picked first.
        """
        if self.slack_counts[0]:
            return self.policy.bound
        # Only prefixes that could hold every team left can be tight.
        horizon = max(0, (self.teams_left - self.slots_left) // max(1, self.slots_per_meeting)) + 1
        running = np.cumsum(self.slack_counts[:horizon])
        tight = np.flatnonzero(running >= self._capacity[:horizon] + self.slots_left)
        return int(self.policy.bound - tight[0]) if len(tight) else None

    def odds(self) -> dict[int, float]:
        """Every remaining team's probability of being the next pick."""
        weights = self._weights(self.urgent_threshold())
        total = weights.sum()
        if total <= 0:
            return {}
        return {self.team_ids[i]: float(weights[i] / total) for i in np.flatnonzero(weights)}

    def choose(self, draw: float) -> Pick:
        """Pick the team whose share of the odds holds ``draw``, and remove it."""
        if self.teams_left <= 0:
            raise LookupError("no team is left to pick")
        threshold = self.urgent_threshold()
        if threshold is None:
            index, forced = self._locate(draw), False
        else:
            weights = self._weights(threshold)
            index = _index_of(np.cumsum(weights), draw)
            # Forced only if the bound actually ruled some team out of this pick.
            still_in = np.ones(len(self.team_ids), dtype=bool)
            still_in[self.removed] = False
            forced = bool(np.any(self.waits[still_in] < threshold))
        self._remove(index)
        return Pick(team_id=self.team_ids[index], draw=draw, forced=forced)

    def _weights(self, threshold: int | None) -> np.ndarray:
        weights = self.weights.copy()
        weights[self.removed] = 0.0
        if threshold is not None:
            weights[self.waits < threshold] = 0.0
        return weights

    def _locate(self, draw: float) -> int:
        # Walk the stretches between removed teams (a handful per meeting),
        # searching the full running totals shifted by the mass removed before
        # each stretch, so no total is rebuilt between picks.
        remaining = float(self.cum[-1]) - self.removed_mass
        if remaining <= 0:
            raise LookupError("no team is left to pick")
        target = min(draw * remaining, remaining * (1 - 1e-12))
        offset = 0.0
        start = 0
        for stop in [*self.removed, len(self.cum)]:
            # Compare with the very value searched for, so rounding cannot pick a
            # stretch whose search then runs off its end.
            if stop > start and self.cum[stop - 1] > target + offset:
                found = np.searchsorted(self.cum[start:stop], target + offset, side="right")
                return start + min(int(found), stop - start - 1)
            if stop < len(self.cum):
                offset += float(self.weights[stop])
            start = stop + 1
        left = [i for i in range(len(self.cum)) if i not in self.removed and self.weights[i] > 0]
        return left[-1]  # the draw fell past the last total by rounding: the last team with a chance

    def _remove(self, index: int) -> None:
        self.removed.append(index)
        self.removed.sort()
        self.removed_mass += float(self.weights[index])
        self.slack_counts[max(0, self.policy.bound - int(self.waits[index]))] -= 1
        self.slots_left = max(0, self.slots_left - 1)


def _index_of(cum: np.ndarray, draw: float) -> int:
    index = int(np.searchsorted(cum, draw * cum[-1], side="right"))
    index = min(index, len(cum) - 1)
    while index > 0 and cum[index] == cum[index - 1]:
        index -= 1
    return index


def pick_teams(
    candidates: Sequence[Candidate],
    slots: int,
    policy: Policy,
    rng: Random,
    picked: Iterable[int] = (),
) -> list[Pick]:
    """Fill ``slots`` picks for one meeting, each from one ``rng.random()`` draw."""
    draw = Draw(candidates, policy, slots_per_meeting=slots, slots_left=slots, picked=picked)
    return [draw.choose(rng.random()) for _ in range(min(slots, draw.teams_left))]
