"""Simulate the wheel over many meetings and compare it with simpler policies.

    python -m wheel.simulate --teams 50 --per-meeting 6 --meetings 2000 --seed 7 --json
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import replace
from random import Random

from wheel.baselines import AwsOpsWheel, RoundRobin, Uniform
from wheel.metrics import Figures, figures
from wheel.pick import Candidate, Draw
from wheel.policy import Policy

POLICY_NAMES = ("ours", "uniform", "round_robin", "aws_ops_wheel")


class Ours:
    """Our policy, fed the meetings each team has waited, as the app feeds it."""

    name = "ours"

    def __init__(self, teams: int, slots: int, policy: Policy | None = None) -> None:
        self.policy = policy or Policy.for_wheel(teams, slots)
        # Start as if the organisation had been running round robin, so no
        # team begins the run already owed a turn.
        self.last = [-(i // slots) - 1 for i in range(teams)]
        self.forced = 0
        self.picks = 0

    def choose(self, meeting: int, slots: int, rng: Random) -> tuple[list[int], list[list[float]]]:
        candidates = [Candidate(i, meeting - last) for i, last in enumerate(self.last)]
        draw = Draw(candidates, self.policy, slots_per_meeting=slots, slots_left=slots)
        picks, dists = [], []
        for _ in range(min(slots, len(candidates))):
            dists.append(list(draw.odds().values()))
            pick = draw.choose(rng.random())
            picks.append(pick.team_id)
            self.forced += pick.forced
            self.picks += 1
        for team in picks:
            self.last[team] = meeting
        return picks, dists


def run(name: str, teams: int, slots: int, meetings: int, seed: int, policy: Policy | None = None) -> Figures:
    """Simulate one policy and return its figures."""
    rng = Random(f"{seed}:{name}")
    wheel = {
        "ours": lambda: Ours(teams, slots, policy),
        "uniform": lambda: Uniform(teams),
        "round_robin": lambda: RoundRobin(teams),
        "aws_ops_wheel": lambda: AwsOpsWheel(teams),
    }[name]()
    schedule, dists = [], []
    for meeting in range(meetings):
        picks, pick_dists = wheel.choose(meeting, slots, rng)
        schedule.append(picks)
        dists.extend(pick_dists)
    result = figures(schedule, teams, dists, window=math.ceil(teams / slots))
    if isinstance(wheel, Ours):
        result = replace(result, forced_share=wheel.forced / max(1, wheel.picks))
    return result


COLUMNS = (
    "mean_wait", "p50_wait", "p90_wait", "p99_wait", "max_wait",
    "coverage_min", "coverage_mean", "entropy_fraction", "forced_share",
)


def table(results: dict[str, Figures]) -> str:
    """A readable table, one policy a row."""
    head = f"{'policy':<14}" + "".join(f"{c:>17}" for c in COLUMNS)
    rows = [head, "-" * len(head)]
    for name, fig in results.items():
        rows.append(f"{name:<14}" + "".join(f"{getattr(fig, c):>17.3f}" for c in COLUMNS))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--per-meeting", type=int, default=6)
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="end with one JSON object of all figures")
    args = parser.parse_args(argv)
    results = {name: run(name, args.teams, args.per_meeting, args.meetings, args.seed) for name in POLICY_NAMES}
    print(f"{args.teams} teams, {args.per_meeting} per meeting, {args.meetings} meetings, seed {args.seed}")
    print(table(results))
    if args.json:
        print(json.dumps({"policies": {n: f.as_dict() for n, f in results.items()}}))


if __name__ == "__main__":
    main()
