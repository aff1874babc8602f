"""Drawing teams: one recorded draw per pick, the bound kept by a deadline check."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from random import Random

from wheel.policy import Policy


@dataclass(frozen=True)
class Candidate:
    """A team as the wheel sees it: how long it has waited and whether it can present."""

    team_id: int
    waited: int
    available: bool = True


@dataclass(frozen=True)
class Pick:
    """One recorded pick: the team, the draw that chose it, and whether the bound forced it."""

    team_id: int
    draw: float
    forced: bool


class Draw:
    """The state of one meeting's wheel between picks.

    Built once from the candidates; each ``choose`` takes one draw in [0, 1)
    and removes the chosen team. Teams already picked in the meeting are
    passed in ``picked`` and are never chosen again.
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
        self.policy = policy
        self.slots_per_meeting = slots_per_meeting
        self.slots_left = slots_left
        self.teams = [c for c in candidates if c.available and c.team_id not in taken]
        self.waits = [c.waited for c in self.teams]
        self.weights = policy.weights(self.waits)
        self.cum = list(accumulate(self.weights))
        self.removed: list[int] = []  # indexes chosen so far, kept sorted
        self.slack_counts: dict[int, int] = {}
        for w in self.waits:
            slack = max(0, policy.bound - w)
            self.slack_counts[slack] = self.slack_counts.get(slack, 0) + 1

    def urgent_threshold(self) -> int | None:
        """The shortest wait that the next pick must come from, if the bound is tight.

        A team that has waited ``w`` may wait ``bound - w`` more meetings; all
        teams with at most ``j`` to spare need this meeting's remaining slots
        plus ``j`` future meetings. Where that is exactly full, the next pick
        must be one of them.
        """
        if self.slack_counts.get(0):
            return self.policy.bound  # a team at the bound is picked first
        running = 0
        for slack in sorted(self.slack_counts):
            running += self.slack_counts[slack]
            if running >= slack * self.slots_per_meeting + self.slots_left:
                return self.policy.bound - slack
        return None

    def odds(self) -> dict[int, float]:
        """Every remaining team's probability of being the next pick."""
        weights, _ = self._distribution()
        total = sum(weights)
        if total <= 0:
            return {}
        return {t.team_id: w / total for t, w in zip(self.teams, weights) if w > 0}

    def choose(self, draw: float) -> Pick:
        """Pick the team whose share of the odds holds ``draw``, and remove it."""
        if not self.teams or len(self.removed) >= len(self.teams):
            raise LookupError("no team is left to pick")
        threshold = self.urgent_threshold()
        if threshold is None:
            index = self._locate(draw)
            forced = False
        else:
            weights, _ = self._distribution(threshold)
            index = _index_of(list(accumulate(weights)), draw)
            forced = True
        self._remove(index)
        return Pick(team_id=self.teams[index].team_id, draw=draw, forced=forced)

    def _distribution(self, threshold: int | None = None) -> tuple[list[float], bool]:
        if threshold is None:
            threshold = self.urgent_threshold()
        removed = set(self.removed)
        if threshold is None:
            weights = [0.0 if i in removed else w for i, w in enumerate(self.weights)]
            return weights, False
        weights = [
            0.0 if i in removed or wait < threshold else w
            for i, (w, wait) in enumerate(zip(self.weights, self.waits))
        ]
        return weights, True

    def _locate(self, draw: float) -> int:
        # Walk the stretches between removed teams (a handful per meeting),
        # searching the full running totals shifted by the mass removed before
        # each stretch, so no total is rebuilt between picks.
        removed_mass = sum(self.weights[i] for i in self.removed)
        remaining = self.cum[-1] - removed_mass
        if remaining <= 0:
            raise LookupError("no team is left to pick")
        target = min(draw * remaining, remaining * (1 - 1e-12))
        offset = 0.0
        start = 0
        for stop in [*self.removed, len(self.cum)]:
            if stop > start and self.cum[stop - 1] - offset > target:
                return bisect_right(self.cum, target + offset, start, stop - 1)
            if stop < len(self.cum):
                offset += self.weights[stop]
            start = stop + 1
        return max(set(range(len(self.cum))) - set(self.removed))

    def _remove(self, index: int) -> None:
        self.removed.append(index)
        self.removed.sort()
        slack = max(0, self.policy.bound - self.waits[index])
        self.slack_counts[slack] -= 1
        if not self.slack_counts[slack]:
            del self.slack_counts[slack]
        self.slots_left = max(0, self.slots_left - 1)


def _index_of(cum: list[float], draw: float) -> int:
    index = min(bisect_right(cum, draw * cum[-1]), len(cum) - 1)
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
    picks = []
    for _ in range(min(slots, len(draw.teams))):
        picks.append(draw.choose(rng.random()))
    return picks
