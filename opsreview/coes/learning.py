"""Learning from other COEs: the most similar past ones (and whether their fixes got done), later ones
apart, and this week in COE history for the meeting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import selectinload

from opsreview.actions.models import ActionItem
from opsreview.coes import similarity
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db


def document(coe: Coe) -> str:
    """What similarity reads: the words that describe the problem, the title counted twice."""
    whys = " ".join(f"{w.question} {w.answer}" for w in coe.whys)
    return "\n".join([coe.title, coe.title, coe.service, coe.summary, coe.customer_impact, whys,
                      coe.contributing_factors])


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


def _began_before(other: Coe, coe: Coe) -> bool:
    if other.event_start_at and coe.event_start_at and other.event_start_at != coe.event_start_at:
        return other.event_start_at < coe.event_start_at
    return other.id < coe.id


def similar(coe: Coe, limit: int = 3) -> SimilarCoes:
    """The ``limit`` earlier and the ``limit`` later COEs most like ``coe``, never drafts (half-written,
    unchecked), with the shared words and their still-open fixes."""
    others = db.session.scalars(
        db.select(Coe).where(Coe.status != CoeStatus.DRAFT, Coe.id != coe.id).options(selectinload(Coe.whys))
    ).all()
    by_id = {c.id: c for c in others}
    documents = {c.id: document(c) for c in others} | {coe.id: document(coe)}
    earlier = {c.id for c in others if _began_before(c, coe)}
    pools = [earlier, set(by_id) - earlier]
    found = []
    for matches in similarity.rank(coe.id, documents, limit=limit, pools=pools):
        found.append([])
        for match in matches:
            other = by_id[match.id]
            still_open = [item for item in other.action_items if not item.status.is_closed]
            found[-1].append(SimilarCoe(other, match.score, match.shared, still_open, other.id in earlier))
    return SimilarCoes(*found)


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
