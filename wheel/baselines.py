"""The policies ours is measured against, each as a tiny class with one method.

``choose(meeting, slots, rng)`` returns the team indexes picked in a meeting and
the probability distribution behind each pick (for the entropy figure).
"""

from __future__ import annotations

from random import Random


class Uniform:
    """Every team equally likely, every meeting, whatever its history."""

    name = "uniform"

    def __init__(self, teams: int) -> None:
        self.teams = teams

    def choose(self, meeting: int, slots: int, rng: Random) -> tuple[list[int], list[list[float]]]:
        left = list(range(self.teams))
        picks, dists = [], []
        for _ in range(min(slots, self.teams)):
            dists.append([1.0 / len(left)] * len(left))
            picks.append(left.pop(rng.randrange(len(left))))
        return picks, dists


class RoundRobin:
    """A fixed order, ``slots`` teams at a time: fair, and perfectly predictable."""

    name = "round_robin"

    def __init__(self, teams: int) -> None:
        self.teams = teams
        self.next = 0

    def choose(self, meeting: int, slots: int, rng: Random) -> tuple[list[int], list[list[float]]]:
        picks = []
        for _ in range(min(slots, self.teams)):
            picks.append(self.next)
            self.next = (self.next + 1) % self.teams
        return picks, [[1.0] for _ in picks]


class AwsOpsWheel:
    """The redistribution described for aws-ops-wheel, rebuilt from that description.

    Every team starts at weight 1. The chosen team's weight drops to 0 and what
    it had is shared equally among all the other teams.
    """

    name = "aws_ops_wheel"

    def __init__(self, teams: int) -> None:
        self.weights = [1.0] * teams

    def choose(self, meeting: int, slots: int, rng: Random) -> tuple[list[int], list[list[float]]]:
        picks: list[int] = []
        dists = []
        for _ in range(min(slots, len(self.weights))):
            weights = [0.0 if i in picks else w for i, w in enumerate(self.weights)]
            total = sum(weights)
            if total <= 0:
                weights = [0.0 if i in picks else 1.0 for i in range(len(self.weights))]
                total = sum(weights)
            dists.append([w / total for w in weights if w > 0])
            target = rng.random() * total
            chosen = len(weights) - 1
            running = 0.0
            for i, w in enumerate(weights):
                running += w
                if w > 0 and running > target:
                    chosen = i
                    break
            picks.append(chosen)
            share = self.weights[chosen] / (len(self.weights) - 1)
            self.weights = [0.0 if i == chosen else w + share for i, w in enumerate(self.weights)]
        return picks, dists
