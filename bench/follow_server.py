"""The follow bench's server side: a seeded SQLite database, gunicorn on loopback, a signed-in viewer."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


@contextmanager
def gunicorn(port: int, env: dict[str, str], workers: int, threads: int) -> Iterator[None]:
    """gunicorn serving ``app:app`` on 127.0.0.1:``port`` until the block ends, up before it begins."""
    binary = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(binary), "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--keep-alive", "5", "--log-level", "warning", "app:app"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(port, time.monotonic() + 30)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


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


def live_etag(port: int, live_path: str, cookie: str) -> str:
    """The live state's current ETag, as a follower's first poll gets it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", live_path, headers={"Cookie": cookie})
    first = conn.getresponse()
    first.read()
    etag = first.getheader("ETag") or ""
    conn.close()
    if first.status != 200:
        raise SystemExit(f"the live state answered {first.status}")
    return etag
