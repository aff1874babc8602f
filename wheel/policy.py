"""The fair wheel's policy: how odds grow with waiting, and the hard bound.

Plain data in, plain numbers out; no Flask, no database, no randomness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def default_bound(teams: int, slots: int) -> int:
    """No team waits more than this many meetings between two presentations."""
    if teams <= 0 or slots <= 0:
        return 1
    return max(1, math.ceil(1.5 * teams / slots))


@dataclass(frozen=True)
class Policy:
    """How a team's odds grow with the meetings it has waited.

    weight = waited ** wait_power + deadline_weight * (bound / meetings_to_spare) ** deadline_power

    The first term makes a team that just presented very unlikely and a team
    that has waited long likely; the second adds pressure as a team nears the
    bound, so the deadline check in ``wheel.pick`` rarely has to force a pick.
    The defaults were chosen with ``python -m wheel.simulate`` (see README).
    """

    bound: int
    wait_power: float = 4.0
    deadline_weight: float = 30.0
    deadline_power: float = 2.0
    cooling_share: float = 0.34

    @classmethod
    def for_wheel(cls, teams: int, slots: int, bound: int | None = None, **tuning: float) -> "Policy":
        """The default policy for ``teams`` sharing ``slots`` per meeting."""
        return cls(bound=bound if bound is not None else default_bound(teams, slots), **tuning)

    def weight(self, waited: int) -> float:
        """Relative odds of a team that presented ``waited`` meetings ago."""
        waited = max(0, waited)
        to_spare = max(1, self.bound + 1 - waited)
        return waited**self.wait_power + self.deadline_weight * (self.bound / to_spare) ** self.deadline_power

    def weight_array(self, waits: np.ndarray) -> np.ndarray:
        """``weight`` for many waits at once (the hot path).

        Waits are small whole numbers shared by many teams, so the formula is
        worked out once per possible wait and looked up.
        """
        if len(waits) == 0:
            return np.zeros(0)
        low, high = int(waits.min()), int(waits.max())
        if low < 0:
            waits = np.maximum(0, waits)
        waited = np.arange(max(0, high) + 1, dtype=np.float64)
        to_spare = np.maximum(1, self.bound + 1 - waited)
        table = waited**self.wait_power + self.deadline_weight * (self.bound / to_spare) ** self.deadline_power
        return table[waits]

    def is_cooling_down(self, waited: int) -> bool:
        """Whether a team presented so recently that its odds are negligible."""
        return waited <= max(1, round(self.cooling_share * self.bound))
