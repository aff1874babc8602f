"""Time to pick 6 of 10,000 teams, against random.choices over the same weights.

    python bench/wheel_pick.py

Both sides start from plain lists: team ids and meetings waited. Ours builds
the weights from the waits, checks the bound and draws 6 distinct teams; the
baseline is one random.choices call over weights already made for it (and it
may repeat a team). The default policy and bound for 10,000 teams are used.
Prints a table, then one JSON object as the last line.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wheel import Draw, Policy  # noqa: E402

TEAMS, SLOTS, ROUNDS, REPEATS = 10_000, 6, 200, 7


def best_per_call(fn) -> float:  # type: ignore[no-untyped-def]
    """Best of REPEATS runs of ROUNDS calls, in seconds per call (the least disturbed run)."""
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(ROUNDS):
            fn()
        runs.append((time.perf_counter() - start) / ROUNDS)
    return min(runs), statistics.median(runs)


def main() -> None:
    rng = random.Random(7)
    policy = Policy.for_wheel(TEAMS, SLOTS)
    ids = list(range(TEAMS))
    waits = [rng.randint(1, TEAMS // SLOTS) for _ in ids]  # a rotation in full swing
    weights = policy.weight_array(__import__("numpy").array(waits)).tolist()

    def ours() -> list[int]:
        draw = Draw.from_columns(ids, waits, policy, SLOTS, SLOTS)
        return [draw.choose(rng.random()).team_id for _ in range(SLOTS)]

    ours_best, ours_median = best_per_call(ours)
    base_best, base_median = best_per_call(lambda: rng.choices(ids, weights=weights, k=SLOTS))
    ratio = ours_best / base_best

    print(f"pick {SLOTS} of {TEAMS:,} teams, best of {REPEATS} x {ROUNDS} calls")
    print(f"{'':<28}{'best ms':>10}{'median ms':>12}")
    print(f"{'ours (wheel.Draw)':<28}{ours_best * 1e3:>10.3f}{ours_median * 1e3:>12.3f}")
    print(f"{'random.choices baseline':<28}{base_best * 1e3:>10.3f}{base_median * 1e3:>12.3f}")
    print(f"ratio ours / baseline: {ratio:.2f} (target at most 3)")
    print(
        json.dumps(
            {
                "teams": TEAMS,
                "picks": SLOTS,
                "ours_ms": round(ours_best * 1e3, 4),
                "random_choices_ms": round(base_best * 1e3, 4),
                "ratio": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
