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
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST_MOVE_EVERY = 3.0
POLL_EVERY = 0.75
ROUNDS = 3  # throughput rounds, alternating trivial / live / live full
PASSWORD = "bench passphrase, long enough"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env: dict[str, str]) -> tuple[int, str]:
    """The database the server will use; returns the meeting id and the host's API token."""
    os.environ.update(env)
    from opsreview import create_app
    from opsreview.accounts.models import Role, TokenScope
    from opsreview.accounts.services import create_token, create_user
    from opsreview.agenda.models import AgendaItem, ItemStatus, Kind
    from opsreview.agenda.planning import plan_meeting
    from opsreview.extensions import db
    from opsreview.teams.models import Team, TeamLink

    app = create_app()
    with app.app_context():
        db.create_all()
        host = create_user("host@example.com", "Hosting Person", Role.HOST, PASSWORD)
        create_user("viewer@example.com", "Following Person", Role.VIEWER, PASSWORD)
        for n in range(12):
            team = Team(name=f"Team {n:02d}", slug=f"team-{n:02d}", org="Bench")
            team.links = [TeamLink(label="Runbook", url=f"https://wiki.example.com/team-{n:02d}", position=0)]
            db.session.add(team)
        meeting = plan_meeting(date.today())
        for n, kind in enumerate([Kind.WIN] * 4 + [Kind.COE] * 2 + [Kind.ORG_ITEM] * 2):
            db.session.add(AgendaItem(meeting_id=meeting.id, kind=kind, title=f"{kind.value} {n}", presenter="Sam",
                                      status=ItemStatus.ACCEPTED, position=n, timebox_minutes=5))
        db.session.commit()
        _, token = create_token(host, "bench", TokenScope.READ_WRITE)
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    return meeting_id, token


def sign_in(port: int) -> str:
    """The viewer's session cookie, through the real sign-in page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    csrf = next(g for g in token.groups() if g) if token else ""
    body = urlencode({"csrf_token": csrf, "email": "viewer@example.com", "password": PASSWORD})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"sign-in failed: {response.status}")
    conn.close()
    return response.getheader("Set-Cookie", "").split(";")[0]


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


@dataclass
class Tally:
    """Answers by status ("failed": no answer at all) over some seconds of hammering."""

    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def __iadd__(self, other: Tally) -> Tally:
        self.statuses.update(other.statuses)
        self.seconds += other.seconds
        return self

    @property
    def answered(self) -> int:
        return self.statuses["200"] + self.statuses["304"]

    @property
    def errors(self) -> int:
        return sum(self.statuses.values()) - self.answered

    @property
    def rps(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


def hammer(port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> Tally:
    """What ``clients`` keep-alive threads get through ``path`` in ``seconds``, back to back."""
    counts: list[Counter[str]] = [Counter() for _ in range(clients)]
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                counts[i][str(response.status)] += 1
            except (OSError, http.client.HTTPException):
                counts[i]["failed"] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Tally(sum(counts, Counter()), time.monotonic() - started)


def throughput(port: int, live_path: str, cookie: str, etag: str, clients: int, seconds: float) -> dict[str, Tally]:
    """The trivial page, the live state's 304 and its full 200, warmed up, then in alternating rounds."""
    polled = {"Cookie": cookie, "If-None-Match": etag}  # what follow.js sends; /healthz ignores the ETag
    paths = {"trivial": ("/healthz", polled), "live": (live_path, polled), "live_full": (live_path, {"Cookie": cookie})}
    for path, headers in paths.values():
        hammer(port, path, headers, clients, 1.0)  # every worker and thread has served both before counting
    tallies = {name: Tally() for name in paths}
    for _ in range(ROUNDS):
        for name, (path, headers) in paths.items():
            tallies[name] += hammer(port, path, headers, clients, seconds / ROUNDS)
    return tallies


async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str,
              headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 GET on a kept-alive connection: status, headers (lower-case names), body."""
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    writer.write("\r\n".join(lines).encode("latin-1"))
    status = int((await reader.readline()).split()[1])
    answer: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        answer[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(answer.get("content-length", 0)))
    return status, answer, body


class Follow:
    """Followers polling and a host moving; what each saw and when."""

    def __init__(self, port: int, meeting_id: int, cookie: str, token: str, followers: int, seconds: float) -> None:
        self.port, self.cookie, self.token = port, cookie, token
        self.path = f"/api/v1/meetings/{meeting_id}/live"
        self.followers, self.seconds = followers, seconds
        self.latencies: list[float] = []
        self.latencies_200: list[float] = []  # the polls that brought a new state
        self.statuses: Counter[str] = Counter()  # "failed": no answer at all
        self.host_refused = 0
        self.moves: dict[int, float] = {}  # version -> when the host sent the move that made it
        self.seen: list[dict[int, float]] = [dict() for _ in range(followers)]  # version -> first seen

    async def follower(self, i: int, stop: float) -> None:
        """One laptop: a keep-alive connection, a poll every 0.75 s, If-None-Match after the first."""
        await asyncio.sleep(POLL_EVERY * i / self.followers)  # laptops are not in step
        connection = None
        etag = None
        while time.monotonic() < stop:
            began = time.monotonic()
            headers = {"Cookie": self.cookie, **({"If-None-Match": etag} if etag else {})}
            try:
                connection = connection or await asyncio.open_connection("127.0.0.1", self.port)
                status, answer, body = await asyncio.wait_for(get(*connection, self.path, headers), 10)
                done = time.monotonic()
                self.latencies.append(done - began)
                self.statuses[str(status)] += 1
                if status == 200:
                    self.latencies_200.append(done - began)
                    etag = answer.get("etag")
                    self.seen[i].setdefault(json.loads(body)["version"], done)
                if answer.get("connection", "").lower() == "close":
                    connection[1].close()
                    connection = None
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                self.statuses["failed"] += 1
                if connection is not None:
                    connection[1].close()
                connection = None
            await asyncio.sleep(max(0.0, POLL_EVERY - (time.monotonic() - began)))
        if connection is not None:
            connection[1].close()

    async def followers_(self, stop: float) -> None:
        await asyncio.gather(*(self.follower(i, stop) for i in range(self.followers)))

    def host(self, stop: float) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}

        def send(action: str, **extra) -> dict:  # type: ignore[no-untyped-def]
            sent = time.monotonic()
            conn.request("POST", self.path, json.dumps({"action": action, **extra}), headers)
            response = conn.getresponse()
            state = json.loads(response.read())
            if response.status == 200:
                self.moves.setdefault(state["version"], sent)
            else:
                self.host_refused += 1
            return state

        state = send("start")
        time.sleep(HOST_MOVE_EVERY)
        while time.monotonic() < stop - HOST_MOVE_EVERY:
            current = state.get("current") or {}
            if current.get("in_wheel") and current.get("team") is None:
                state = send("spin")
            elif state.get("next") is None and state.get("items"):
                state = send("go", item_id=state["items"][0]["id"])
            else:
                state = send("next")
            time.sleep(HOST_MOVE_EVERY)
        conn.close()

    def run(self) -> None:
        stop = time.monotonic() + self.seconds
        host = threading.Thread(target=self.host, args=(stop,))
        self.started = time.monotonic()
        host.start()
        asyncio.run(self.followers_(stop))  # hundreds of laptops in one thread: the client stays light
        self.ended = time.monotonic()  # every poll has had its answer by now
        host.join()
        self.elapsed = self.ended - self.started

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.requests - self.statuses["200"] - self.statuses["304"] + self.host_refused

    def staleness(self) -> tuple[list[float], int]:
        """Seconds each follower went on showing an older state after each move; and how many it never caught up with.

        One figure per (move, follower) pair: the first answer showing that version or a later
        one, minus when the host sent the move. A follower that skipped a version (its next 200
        was already the move after) counts until it saw the later one. A pair with no such
        answer by the time the followers stopped counts as ``ended - sent``, a lower bound (it
        was still stale then), and is counted in ``missed`` as well.
        """
        delays, missed = [], 0
        for version, sent in self.moves.items():
            for seen in self.seen:
                later = [t for v, t in seen.items() if v >= version]
                if later:
                    delays.append(max(0.0, min(later) - sent))
                else:
                    delays.append(self.ended - sent)
                    missed += 1
        return delays, missed


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


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
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
         "--keep-alive", "5", "--log-level", "warning", "app:app"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(port, time.monotonic() + 30)
        cookie = sign_in(port)
        live_path = f"/api/v1/meetings/{meeting_id}/live"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", live_path, headers={"Cookie": cookie})
        first = conn.getresponse()
        first.read()
        etag = first.getheader("ETag") or ""
        conn.close()
        if first.status != 200:
            raise SystemExit(f"the live state answered {first.status}")
        tallies = throughput(port, live_path, cookie, etag, args.hammer_clients, args.hammer_seconds)
        follow = Follow(port, meeting_id, cookie, token, args.followers, args.seconds)
        follow.run()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    result = summary(args, tallies, follow)
    print(f"opsreview live follow: {args.followers} followers for {args.seconds:.0f} s, "
          f"gunicorn {result['gunicorn']}, SQLite")
    for label, value in table(result):
        print(f"{label:<50}{value:>26}")
    print(json.dumps(result))


def answers(statuses: dict[str, int]) -> str:
    other = sum(n for status, n in statuses.items() if status not in ("200", "304"))
    return f"{statuses.get('200', 0)} / {statuses.get('304', 0)} / {other}"


def summary(args: argparse.Namespace, tallies: dict[str, Tally], follow: Follow) -> dict:  # type: ignore[type-arg]
    """The run's figures, as the JSON line reports them."""
    delays, missed = follow.staleness()
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
