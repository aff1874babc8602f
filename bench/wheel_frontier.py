"""The trade-off the wheel's defaults were chosen from: fairness against unpredictability.

    python bench/wheel_frontier.py

Runs the issue's simulation (50 teams, 6 a meeting, 2000 meetings, seed 7)
for a grid of policy settings and prints one row each, then one JSON object.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wheel.policy import Policy  # noqa: E402
from wheel.simulate import run  # noqa: E402

GRID = [(power, weight) for power in (2.0, 3.0, 3.5, 4.0, 5.0) for weight in (0.0, 30.0, 300.0)]


def main() -> None:
    rows = []
    print(f"{'wait_power':>10} {'deadline_w':>10} {'max':>5} {'p99':>5} {'cov_min':>8} {'cov_mean':>9} {'entropy':>8} {'forced':>7}")
    for power, weight in GRID:
        policy = Policy.for_wheel(50, 6, wait_power=power, deadline_weight=weight)
        f = run("ours", 50, 6, 2000, 7, policy)
        default = " <- default" if (power, weight) == (Policy.wait_power, Policy.deadline_weight) else ""
        print(
            f"{power:>10.1f} {weight:>10.0f} {f.max_wait:>5.0f} {f.p99_wait:>5.0f} {f.coverage_min:>8.2f}"
            f" {f.coverage_mean:>9.3f} {f.entropy_fraction:>8.3f} {f.forced_share:>7.3f}{default}"
        )
        rows.append({"wait_power": power, "deadline_weight": weight, **f.as_dict()})
    print(json.dumps({"frontier": rows}))


if __name__ == "__main__":
    main()
