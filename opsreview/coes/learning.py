"""Learning from other COEs: the most similar past ones (and whether their fixes got done), later ones
apart, and this week in COE history for the meeting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import selectinload

from opsreview.actions.models import ActionItem
from opsreview.coes.models import Coe
from opsreview.coes.similarity_index import document, past_coes
from opsreview.extensions import db


@dataclass(frozen=True)
class SimilarCoe:
    coe: Coe
    score: float
    shared: list[str]
    open_items: list[ActionItem]
    earlier: bool  # the other event began before this one (or, without both times, was written first)

    @property
    def closed_items(self) -> int:
        return len(self.coe.action_items) - len(self.open_items)


@dataclass(frozen=True)
class SimilarCoes:
    """Past COEs like this one (what helped before, and whether its fixes got done), and, apart, later
    ones (it happened again)."""

    earlier: list[SimilarCoe]
    later: list[SimilarCoe]

    def __iter__(self) -> Iterator[SimilarCoe]:
        return iter(self.earlier + self.later)


def _began_before(other_id: int, other_start: datetime | None, coe: Coe) -> bool:
    if other_start and coe.event_start_at and other_start != coe.event_start_at:
        return other_start < coe.event_start_at
    return other_id < coe.id


def similar(coe: Coe, limit: int = 3) -> SimilarCoes:
    """The ``limit`` earlier and the ``limit`` later COEs most like ``coe``, never drafts (half-written,
    unchecked), with the shared words and their still-open fixes."""
    past = past_coes()
    if coe.id in past.corpus:  # read already: nothing to tokenise
        ranking = past.corpus.closest_to(coe.id)
    else:  # a draft, one more document beside the others
        ranking = past.corpus.closest_to_text(document(coe))
    picked: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    for other_id, score in ranking:  # best first: fill both lists, then stop
        pool = picked[_began_before(other_id, past.started[other_id], coe)]
        if len(pool) < limit:
            pool.append((other_id, score))
        if all(len(p) == limit for p in picked.values()):
            break
    wanted = [other_id for pool in picked.values() for other_id, _ in pool]
    found = {c.id: c for c in db.session.scalars(
        db.select(Coe).where(Coe.id.in_(wanted)).options(selectinload(Coe.action_items)))}

    def shown(earlier: bool) -> list[SimilarCoe]:
        entries = []
        for other_id, score in picked[earlier]:
            if (other := found.get(other_id)) is not None:  # None: deleted since the corpus was read
                still_open = [item for item in other.action_items if not item.status.is_closed]
                entries.append(SimilarCoe(other, round(score, 3), ranking.shared(other_id), still_open, earlier))
        return entries

    return SimilarCoes(shown(True), shown(False))


def this_week_in_history(on: date) -> list[Coe]:
    """COEs whose event began in the same ISO week as ``on`` in earlier years, the most recent first."""
    year, week, _ = on.isocalendar()
    weeks = []
    for earlier in range(year - 1, year - 21, -1):
        try:
            monday = datetime.combine(date.fromisocalendar(earlier, week, 1), time())
        except ValueError:  # that year has no week 53
            continue
        weeks.append(db.and_(Coe.event_start_at >= monday, Coe.event_start_at < monday + timedelta(days=7)))
    if not weeks:
        return []
    return list(db.session.scalars(db.select(Coe).where(db.or_(*weeks)).order_by(Coe.event_start_at.desc())))


def referenced(coe: Coe) -> list[Coe]:
    """Earlier COEs named in the related items as "COE 12" (so they can be linked)."""
    ids = {int(n) for n in re.findall(r"\bCOE[ #-]?(\d{1,9})\b", coe.related or "", re.IGNORECASE)} - {coe.id}
    if not ids:
        return []
    return list(db.session.scalars(db.select(Coe).where(Coe.id.in_(ids)).order_by(Coe.id)))
