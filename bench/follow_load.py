"""The follow bench's client side: keep-alive GETs counted by status, the hammer, followers and a host."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

HOST_MOVE_EVERY = 3.0
POLL_EVERY = 0.75
ROUNDS = 3  # throughput rounds, alternating trivial / live / live full


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
