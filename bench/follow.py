"""300 followers on loopback polling a live meeting served by gunicorn, while the host moves it on.

    .venv/bin/python bench/follow.py [--followers 300] [--seconds 20] [--workers 4] [--threads 8]
                                     [--hammer-clients 16] [--hammer-seconds 6]

It seeds a temporary SQLite database (a host, a viewer, 12 teams, a meeting
with wins, COEs, wheel slots and follow-ups), starts gunicorn on 127.0.0.1 on a
free port, and signs the viewer in once (every follower shares that session, as
a browser would send its cookie). Then:

1. Throughput. ``--hammer-clients`` keep-alive threads send back-to-back GETs,
   every one with the same headers: the viewer's session cookie and the live
   state's current ETag in If-None-Match, as a follower's poll sends them.
   - trivial: /healthz, which answers 200 with 16 bytes of JSON through the same
     Flask request path (the session cookie is opened, the security headers are
     added) but reads no database and checks no sign-in. It has no ETag, so it
     ignores If-None-Match.
   - live: the live state. The meeting does not move meanwhile, so every answer
     is a 304 with no body: what follow.js gets on all but one poll per move.
   - live, full: the live state without If-None-Match, every answer a 200 with the
     whole state (from the process's built-state cache). Shown, not in the ratio.
   After one warm-up second on each, the three alternate in rounds so neither
   gets the cold workers; ``throughput_ratio`` = live / trivial. The table and
   the JSON count the answers by status, so it shows what was measured.
2. Following. Each follower polls the live state every 0.75 s (If-None-Match,
   keep-alive) for ``--seconds``; the host moves every 3 seconds through the API
   (next, or spin in the wheel section). Answers are counted as 200 (a move
   seen) and 304 (nothing new); latency is over all of them, and over the 200s.
   ``staleness`` is, for every (move, follower) pair, the time from the host
   sending the move to that follower's first answer showing it or a later state.
   A pair never seen by the time the followers stop counts as stale for all of
   that time (a lower bound: it was still stale then) and is also counted in
   ``missed_moves``, so a follower that falls behind raises p99 instead of
   vanishing from it.

Everything runs on 127.0.0.1 and is bounded in count and time; the client
shares the machine's CPUs with gunicorn. Prints a table, then one JSON object
as the last line.

The server side (seeding, gunicorn, sign-in) is in follow_server.py; the load client
(keep-alive GETs, the hammer, the followers and the host) in follow_load.py.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules, however this file is run
from follow_load import POLL_EVERY, Follow, Tally, throughput  # noqa: E402
from follow_server import free_port, gunicorn, live_etag, seed, sign_in  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--hammer-clients", type=int, default=16)
    parser.add_argument("--hammer-seconds", type=float, default=6.0, help="per path, over all rounds")
    args = parser.parse_args()
    if not (1 <= args.followers <= 1000 and 1 <= args.seconds <= 120):
        raise SystemExit("keep it bounded: at most 1000 followers and 120 seconds")

    work = Path(tempfile.mkdtemp(prefix="opsreview-bench-"))
    env = {
        "OPSREVIEW_INSTANCE": str(work / "instance"),
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "SECRET_KEY": secrets.token_hex(32),
    }
    meeting_id, token = seed(env)
    port = free_port()
    with gunicorn(port, env, args.workers, args.threads):
        cookie = sign_in(port)
        live_path = f"/api/v1/meetings/{meeting_id}/live"
        etag = live_etag(port, live_path, cookie)
        tallies = throughput(port, live_path, cookie, etag, args.hammer_clients, args.hammer_seconds)
        follow = Follow(port, meeting_id, cookie, token, args.followers, args.seconds)
        follow.run()

    result = summary(args, tallies, follow)
    print(f"opsreview live follow: {args.followers} followers for {args.seconds:.0f} s, "
          f"gunicorn {result['gunicorn']}, SQLite")
    for label, value in table(result):
        print(f"{label:<50}{value:>26}")
    print(json.dumps(result))


def staleness(follow: Follow) -> tuple[list[float], int]:
    """Seconds each follower went on showing an older state after each move; and how many it never caught up with.

    One figure per (move, follower) pair: the first answer showing that version or a later
    one, minus when the host sent the move. A follower that skipped a version (its next 200
    was already the move after) counts until it saw the later one. A pair with no such
    answer by the time the followers stopped counts as ``ended - sent``, a lower bound (it
    was still stale then), and is counted in ``missed`` as well.
    """
    delays, missed = [], 0
    for version, sent in follow.moves.items():
        for seen in follow.seen:
            later = [t for v, t in seen.items() if v >= version]
            if later:
                delays.append(max(0.0, min(later) - sent))
            else:
                delays.append(follow.ended - sent)
                missed += 1
    return delays, missed


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def answers(statuses: dict[str, int]) -> str:
    other = sum(n for status, n in statuses.items() if status not in ("200", "304"))
    return f"{statuses.get('200', 0)} / {statuses.get('304', 0)} / {other}"


def summary(args: argparse.Namespace, tallies: dict[str, Tally], follow: Follow) -> dict:  # type: ignore[type-arg]
    """The run's figures, as the JSON line reports them."""
    delays, missed = staleness(follow)
    trivial, live, full = tallies["trivial"], tallies["live"], tallies["live_full"]
    return {
        "followers": args.followers,
        "seconds": args.seconds,
        "gunicorn": f"{args.workers} workers x {args.threads} threads",
        "database": "sqlite",
        "requests": follow.requests,
        "requests_per_second": round(follow.requests / follow.elapsed, 1),
        "responses": dict(sorted(follow.statuses.items())),
        "p50_ms": round(percentile(follow.latencies, 50) * 1e3, 2),
        "p99_ms": round(percentile(follow.latencies, 99) * 1e3, 2),
        "p50_ms_200": round(percentile(follow.latencies_200, 50) * 1e3, 2),
        "p99_ms_200": round(percentile(follow.latencies_200, 99) * 1e3, 2),
        "errors": follow.errors + sum(t.errors for t in tallies.values()),
        "host_moves": len(follow.moves),
        "trivial_rps": round(trivial.rps, 1),
        "trivial_responses": dict(sorted(trivial.statuses.items())),
        "live_rps": round(live.rps, 1),
        "live_responses": dict(sorted(live.statuses.items())),
        "throughput_ratio": round(live.rps / trivial.rps, 3) if trivial.rps else 0.0,
        "live_full_rps": round(full.rps, 1),
        "live_full_responses": dict(sorted(full.statuses.items())),
        "staleness_p50": round(percentile(delays, 50), 3),
        "staleness_p99": round(percentile(delays, 99), 3),
        "staleness_max": round(max(delays), 3) if delays else None,
        "staleness_pairs": len(delays),
        "missed_moves": missed,
    }


def table(result: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    offered = result["followers"] / POLL_EVERY
    return [
        ("throughput /healthz (req/s)", f"{result['trivial_rps']:.1f}"),
        ("  answers 200 / 304 / other", answers(result["trivial_responses"])),
        ("throughput live state, If-None-Match (req/s)", f"{result['live_rps']:.1f}"),
        ("  answers 200 / 304 / other", answers(result["live_responses"])),
        ("throughput_ratio (target >= 0.5)", f"{result['throughput_ratio']:.3f}"),
        ("throughput live state, full 200s (req/s)", f"{result['live_full_rps']:.1f}"),
        ("  answers 200 / 304 / other", answers(result["live_full_responses"])),
        (f"follower requests / s (offered {offered:.0f})", f"{result['requests_per_second']:.1f}"),
        ("  answers 200 / 304 / other", answers(result["responses"])),
        ("latency p50 / p99, all answers (ms)", f"{result['p50_ms']:.1f} / {result['p99_ms']:.1f}"),
        ("latency p50 / p99, 200s only (ms)", f"{result['p50_ms_200']:.1f} / {result['p99_ms_200']:.1f}"),
        ("errors", str(result["errors"])),
        ("host moves", str(result["host_moves"])),
        ("(move, follower) pairs / never seen", f"{result['staleness_pairs']} / {result['missed_moves']}"),
        ("staleness p50 / p99 (s, target p99 <= 2)", f"{result['staleness_p50']:.2f} / {result['staleness_p99']:.2f}"),
    ]


if __name__ == "__main__":
    main()
