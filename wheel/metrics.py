"""Figures of a simulated schedule: waits, coverage and entropy."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figures:
    mean_wait: float
    p50_wait: float
    p90_wait: float
    p99_wait: float
    max_wait: float
    coverage_min: float
    coverage_mean: float
    entropy_fraction: float
    forced_share: float = 0.0  # picks the bound decided (only a bounded policy has any)

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}


def percentile(sorted_values: list[int], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return float(sorted_values[rank - 1])


def entropy_bits(dist: list[float]) -> float:
    return -sum(p * math.log2(p) for p in dist if p > 0)


def figures(schedule: list[list[int]], teams: int, dists: list[list[float]], window: int) -> Figures:
    """Measure a schedule (the teams picked in each meeting, in order).

    A wait is the number of meetings between two presentations of a team. The
    wait before a team's first presentation depends on how the run started, so
    it is left out; but a team still waiting at the end (or never picked)
    counts in ``max_wait``, so starvation cannot hide.
    """
    last: dict[int, int] = {}
    waits: list[int] = []
    for meeting, picks in enumerate(schedule):
        for team in picks:
            if team in last:
                waits.append(meeting - last[team])
            last[team] = meeting
    open_waits = [len(schedule) - last.get(t, 0) for t in range(teams)]
    waits.sort()
    coverage = []
    for first in range(0, len(schedule) - window + 1):
        seen = set()
        for picks in schedule[first : first + window]:
            seen.update(picks)
        coverage.append(len(seen) / teams)
    entropy = []
    picked_in_meeting = [len(p) for p in schedule]
    i = 0
    for count in picked_in_meeting:
        for k in range(count):
            left = teams - k
            entropy.append(entropy_bits(dists[i]) / math.log2(left) if left > 1 else 1.0)
            i += 1
    return Figures(
        mean_wait=sum(waits) / len(waits) if waits else 0.0,
        p50_wait=percentile(waits, 0.50),
        p90_wait=percentile(waits, 0.90),
        p99_wait=percentile(waits, 0.99),
        max_wait=float(max(waits + open_waits, default=0)),
        coverage_min=min(coverage, default=0.0),
        coverage_mean=sum(coverage) / len(coverage) if coverage else 0.0,
        entropy_fraction=sum(entropy) / len(entropy) if entropy else 0.0,
    )
