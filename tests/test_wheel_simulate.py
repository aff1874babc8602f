"""The simulator: our policy against uniform, round robin and aws-ops-wheel."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wheel.simulate import POLICY_NAMES, run


def test_simulate_prints_a_table_then_one_json_object_of_every_policy() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "wheel.simulate", "--teams", "20", "--per-meeting", "3", "--meetings", "60", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip().splitlines()
    assert "policy" in out[1]
    figures = json.loads(out[-1])["policies"]
    assert set(figures) == set(POLICY_NAMES)
    for numbers in figures.values():
        assert set(numbers) >= {
            "mean_wait", "p50_wait", "p90_wait", "p99_wait", "max_wait",
            "coverage_min", "coverage_mean", "entropy_fraction",
        }


@pytest.fixture(scope="module")
def issue_run() -> dict[str, object]:
    """The run the issue names: 50 teams, 6 a meeting, 2000 meetings, seed 7."""
    return {name: run(name, 50, 6, 2000, 7) for name in POLICY_NAMES}


def test_ours_keeps_every_wait_within_the_bound(issue_run) -> None:  # type: ignore[no-untyped-def]
    assert issue_run["ours"].max_wait <= 13
    assert issue_run["ours"].p99_wait <= 12


def test_ours_beats_aws_ops_wheel_on_max_wait_and_coverage(issue_run) -> None:  # type: ignore[no-untyped-def]
    ours, aws = issue_run["ours"], issue_run["aws_ops_wheel"]
    assert ours.max_wait < aws.max_wait
    assert ours.coverage_min > aws.coverage_min
    assert ours.coverage_min >= 0.85


def test_ours_stays_unpredictable(issue_run) -> None:  # type: ignore[no-untyped-def]
    assert issue_run["ours"].entropy_fraction >= 0.75
    assert issue_run["round_robin"].entropy_fraction == 0
    assert issue_run["uniform"].entropy_fraction == pytest.approx(1.0)


def test_every_policy_shares_the_same_mean_wait(issue_run) -> None:  # type: ignore[no-untyped-def]
    # Six of fifty a meeting is a turn every 50/6 meetings on average, whatever the policy.
    for figures in issue_run.values():
        assert figures.mean_wait == pytest.approx(50 / 6, rel=0.02)
