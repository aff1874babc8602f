"""A cache of fetched dashboards in the database, so every viewer and worker process shares it.

Single-flight: the first viewer of an expired window takes a lease and fetches; everybody else
waits for that fetch instead of starting their own. A failed fetch keeps the last good numbers
(shown as stale) and is retried after a short pause, never on every page view. When a window has
no good numbers of its own (the rolling window moved on an hour, or the dashboard was edited), the
team's newest good numbers for the same view stand in, marked stale.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from opsreview import clock
from opsreview.clock import aware
from opsreview.dashboards.fetch import Fetched
from opsreview.dashboards.models import FetchedNumbers
from opsreview.extensions import db

# Longer than a slow fetch (three calls at the default timeout and retries); a fetcher that died
# (a killed worker) frees the numbers for another viewer when its lease runs out.
LEASE = timedelta(seconds=90)
WAIT = timedelta(seconds=20)  # a viewer waits this long for someone else's fetch, then is told to retry
RETRY_FAILED = timedelta(seconds=60)
KEEP = timedelta(days=7)
POLL_SECONDS = 0.1
PARSED_KEPT = 32  # the newest windows whose parsed numbers a process keeps: a few teams, a few weeks

_parsed: OrderedDict[str, tuple[str, dict[str, Any]]] = OrderedDict()  # cache key -> (payload text, parsed)
_parsed_lock = threading.Lock()


class StillFetching(Exception):
    """Someone else's fetch of these numbers is taking long; ask again in a few seconds."""


@dataclass
class Cached:
    payload: dict[str, Any]
    figures: str
    fetched_at: datetime
    stale_since: datetime | None
    problem: str
    fetched_now: Fetched | None = None  # set for the one request that did the fetch

    @property
    def stale(self) -> bool:
        return self.stale_since is not None


def key(team_id: int, revision: int, period: int, view: str, window: str) -> str:
    """The cache key of one window of one version of a dashboard; ``view`` is "last7" or an ISO week."""
    return f"{team_id}:{revision}:{period}:{view}:{window}"


def shared(key: str, team_id: int, ttl: timedelta, fetch: Callable[[], Fetched], draw: Callable[[Fetched], str]) -> Cached | None:
    """The numbers for ``key``: from the cache while fresh, else fetched by exactly one caller."""
    # Read inside this request's transaction: on SQLite and on PostgreSQL's READ COMMITTED a
    # statement sees every commit made before it, and a snapshot would be this request's own, a
    # moment old. Ending the transaction first would expire the user, team and dashboard already
    # loaded, and a warm page would read them all again.
    row = db.session.get(FetchedNumbers, key, populate_existing=True)
    if row is not None and _fresh(row):
        return _cached(row)
    row = _read(key)  # not fresh: look again past any snapshot, as another worker may just have stored them
    if row is not None and _fresh(row):
        return _cached(row)
    if _take_lease(key, team_id, exists=row is not None):
        return _fetch_and_store(key, ttl, fetch, draw)
    if row is not None and (row.payload is not None or row.failed_at is not None):
        return _shown(row)  # someone is refreshing these, or the last try failed: show what there is
    return _wait_for_fetch(key)


def _fetch_and_store(key: str, ttl: timedelta, fetch: Callable[[], Fetched], draw: Callable[[Fetched], str]) -> Cached | None:
    try:
        fetched = fetch()
    except BaseException:
        _release(key)
        raise
    now = clock.now_utc()
    row = db.session.get(FetchedNumbers, key)
    if row is None:  # dropped meanwhile (numbers nobody asked for in a week): show these once
        return Cached(fetched.payload, draw(fetched), now, None, "", fetched)
    row.lease_until = None
    if fetched.failed:
        row.failed_at, row.problem, row.fresh_until = now, fetched.problems["metrics"], now + RETRY_FAILED
        if not _good(row):
            # Numbers that say what failed, unless older good numbers can stand in for them.
            has_standin = _standin(row) is not None
            row.payload = None if has_standin else _json(fetched.payload)
            row.figures = None if has_standin else draw(fetched)
            row.fetched_at = None if has_standin else now
    else:
        row.payload, row.figures, row.fetched_at = _json(fetched.payload), draw(fetched), now
        row.fresh_until, row.failed_at, row.problem = now + ttl, None, ""
    db.session.commit()
    cached = _shown(row)
    if cached is not None:
        cached.fetched_now = fetched
    return cached


def _shown(row: FetchedNumbers) -> Cached | None:
    """The row's numbers; for a window whose fetch failed with no numbers of its own, a stand-in."""
    if row.payload is not None:
        return _cached(row)
    if row.failed_at is None:
        return None
    standin = _standin(row)
    if standin is None:
        return None
    fetched_at = aware(standin.fetched_at)  # type: ignore[arg-type]
    return Cached(_payload(standin), standin.figures or "[]", fetched_at, fetched_at, row.problem)  # type: ignore[arg-type]


def _standin(row: FetchedNumbers) -> FetchedNumbers | None:
    """The team's newest good numbers for the same view (the last seven days, or the same week)."""
    view = row.key.split(":")[3]
    candidates = db.session.scalars(
        db.select(FetchedNumbers)
        .where(FetchedNumbers.team_id == row.team_id, FetchedNumbers.key != row.key)
        .where(FetchedNumbers.key.like(f"{row.team_id}:%:{view}:%"), FetchedNumbers.payload.is_not(None))
        .order_by(FetchedNumbers.fetched_at.desc())
        .limit(20)
    )
    return next((found for found in candidates if _good(found)), None)


def _good(row: FetchedNumbers) -> bool:
    """Numbers that came back, rather than a record of what failed."""
    return row.payload is not None and "metrics" not in _payload(row).get("problems", {})


def _wait_for_fetch(key: str) -> Cached | None:
    """Someone else is fetching: wait for their result (a while), then show what there is.

    Never a second fetch from here: a slow CloudWatch would otherwise get one call per viewer.
    """
    deadline = time.monotonic() + WAIT.total_seconds()
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        row = _read(key)
        done = row is None or row.lease_until is None or aware(row.lease_until) < clock.now_utc()
        db.session.rollback()  # hand the connection back while waiting
        if done:
            break
    row = _read(key)
    return _shown(row) if row is not None else None


def _read(key: str) -> FetchedNumbers | None:
    db.session.rollback()  # end any read snapshot, so another process's commit is visible
    return db.session.get(FetchedNumbers, key, populate_existing=True)


def _take_lease(key: str, team_id: int, exists: bool) -> bool:
    """Atomically become the one fetcher of ``key``; False when someone else already is."""
    now = clock.now_utc()
    if not exists:
        try:
            # Windows roll on every hour; numbers nobody has asked for in a week go.
            db.session.execute(
                db.delete(FetchedNumbers).where(FetchedNumbers.team_id == team_id, FetchedNumbers.fresh_until < now - KEEP)
            )
            db.session.add(FetchedNumbers(key=key, team_id=team_id))
            db.session.commit()
        except IntegrityError:  # another viewer created it first
            db.session.rollback()
    taken = db.session.execute(
        update(FetchedNumbers)
        .where(FetchedNumbers.key == key)
        .where(or_(FetchedNumbers.lease_until.is_(None), FetchedNumbers.lease_until < now))
        .where(or_(FetchedNumbers.fresh_until.is_(None), FetchedNumbers.fresh_until <= now))
        .values(lease_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return taken.rowcount == 1


def _release(key: str) -> None:
    db.session.rollback()
    db.session.execute(
        update(FetchedNumbers).where(FetchedNumbers.key == key).values(lease_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def forget(team_id: int) -> None:
    """Expire a team's cached numbers (its dashboard changed); they stay to stand in if CloudWatch fails."""
    db.session.execute(
        update(FetchedNumbers).where(FetchedNumbers.team_id == team_id).values(fresh_until=clock.now_utc())
        .execution_options(synchronize_session=False)
    )


def _fresh(row: FetchedNumbers) -> bool:
    return row.payload is not None and row.fresh_until is not None and aware(row.fresh_until) > clock.now_utc()


def _cached(row: FetchedNumbers) -> Cached | None:
    if row.payload is None or row.fetched_at is None:
        return None
    stale = row.failed_at is not None and row.fetched_at is not None and aware(row.failed_at) > aware(row.fetched_at)
    return Cached(_payload(row), row.figures or "[]", aware(row.fetched_at), aware(row.fetched_at) if stale else None, row.problem)


def _json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"), allow_nan=False)


def _payload(row: FetchedNumbers) -> dict[str, Any]:
    """The row's numbers; parsed again only when its text is not what this process parsed last.

    Every view still reads the row. Comparing the text just read with the text parsed before is a
    memory compare; parsing it again took a tenth of a warm page's time. Callers share the result,
    so nobody may change it.
    """
    text: str = row.payload  # type: ignore[assignment]
    seen = _parsed.get(row.key)
    if seen is not None and seen[0] == text:
        return seen[1]
    payload: dict[str, Any] = json.loads(text)
    with _parsed_lock:
        _parsed[row.key] = (text, payload)
        while len(_parsed) > PARSED_KEPT:
            _parsed.popitem(last=False)
    return payload
