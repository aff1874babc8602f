"""A cache of fetched dashboards in the database, so every viewer and worker process shares it.

Single-flight: the first viewer of an expired window takes a lease and fetches; everybody else
waits for that fetch instead of starting their own. A failed fetch keeps the last good numbers
(shown as stale) and is retried after a short pause, never on every page view.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from opsreview.clock import now_utc
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


def shared(key: str, team_id: int, ttl: timedelta, fetch: Callable[[], Fetched], draw: Callable[[Fetched], str]) -> Cached | None:
    """The numbers for ``key``: from the cache while fresh, else fetched by exactly one caller."""
    row = _read(key)
    if row is not None and _fresh(row):
        return _cached(row)
    if _take_lease(key, team_id, exists=row is not None):
        return _fetch_and_store(key, ttl, fetch, draw)
    if row is not None and row.payload is not None:
        return _cached(row)  # someone is refreshing these: show the numbers we have meanwhile
    return _wait_for_fetch(key)


def _fetch_and_store(key: str, ttl: timedelta, fetch: Callable[[], Fetched], draw: Callable[[Fetched], str]) -> Cached | None:
    try:
        fetched = fetch()
    except BaseException:
        _release(key)
        raise
    now = now_utc()
    row = db.session.get(FetchedNumbers, key)
    if row is None:  # the dashboard was edited meanwhile; these numbers are for the old version
        return Cached(fetched.payload, draw(fetched), now, None, "", fetched)
    if fetched.failed and row.payload is not None:
        row.failed_at, row.problem = now, fetched.problems["metrics"]
        row.fresh_until, row.lease_until = now + RETRY_FAILED, None
    else:
        row.payload, row.figures = _json(fetched.payload), draw(fetched)
        row.fetched_at, row.lease_until = now, None
        row.fresh_until = now + (ttl if not fetched.failed else RETRY_FAILED)
        row.failed_at, row.problem = (now, fetched.problems["metrics"]) if fetched.failed else (None, "")
    db.session.commit()
    cached = _cached(row)
    if cached is not None:
        cached.fetched_now = fetched
    return cached


def _wait_for_fetch(key: str) -> Cached | None:
    """Someone else is fetching: wait for their result (a while), then show what there is.

    Never a second fetch from here: a slow CloudWatch would otherwise get one call per viewer.
    """
    deadline = time.monotonic() + WAIT.total_seconds()
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        row = _read(key)
        done = row is None or row.lease_until is None or _aware(row.lease_until) < now_utc()
        db.session.rollback()  # hand the connection back while waiting
        if done:
            break
    row = _read(key)
    return _cached(row) if row is not None else None


def _read(key: str) -> FetchedNumbers | None:
    db.session.rollback()  # end any read snapshot, so another process's commit is visible
    return db.session.get(FetchedNumbers, key, populate_existing=True)


def _take_lease(key: str, team_id: int, exists: bool) -> bool:
    """Atomically become the one fetcher of ``key``; False when someone else already is."""
    now = now_utc()
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
    """Drop a team's cached numbers (its dashboard changed)."""
    db.session.execute(db.delete(FetchedNumbers).where(FetchedNumbers.team_id == team_id))


def _fresh(row: FetchedNumbers) -> bool:
    return row.payload is not None and row.fresh_until is not None and _aware(row.fresh_until) > now_utc()


def _cached(row: FetchedNumbers) -> Cached | None:
    if row.payload is None or row.fetched_at is None:
        return None
    stale = row.failed_at is not None and row.fetched_at is not None and _aware(row.failed_at) > _aware(row.fetched_at)
    return Cached(_loads(row.payload), row.figures or "[]", _aware(row.fetched_at), _aware(row.fetched_at) if stale else None, row.problem)


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"), allow_nan=False)


def _loads(text: str) -> dict[str, Any]:
    return json.loads(text)
