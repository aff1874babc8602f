"""The non-draft COEs as similarity reads them: read once per process, read again whenever they change.

Every request reads a cheap fingerprint of those COEs (how many, the sum of their ids, the latest
edit); while it matches, the corpus already read is used again, so a page view tokenises at most the
COE it shows (a draft). Each worker process keeps its own corpus and checks the fingerprint itself,
so a change made through any worker is seen by every worker at its next request. Drafts are left
out, so saving one as you type never throws the corpus away.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy.orm import selectinload

from opsreview.coes import similarity
from opsreview.coes.models import Coe, CoeStatus
from opsreview.extensions import db

EXTENSION = "opsreview.coes.similarity_index"


def document(coe: Coe) -> str:
    """What similarity reads: the words that describe the problem, the title counted twice."""
    whys = " ".join(f"{w.question} {w.answer}" for w in coe.whys)
    return "\n".join([coe.title, coe.title, coe.service, coe.summary, coe.customer_impact, whys,
                      coe.contributing_factors])


@dataclass(frozen=True)
class PastCoes:
    fingerprint: tuple[Any, ...]
    corpus: similarity.Corpus
    started: dict[int, datetime | None]  # each COE's event start, to tell earlier ones from later ones


@dataclass
class _Slot:
    """One app's corpus in this process; the lock lets one request read the COEs while others wait."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    past: PastCoes | None = None


def fingerprint() -> tuple[Any, ...]:
    """Changes whenever a COE becomes or stops being a draft, is added or deleted, or is saved
    (saving is the only way to change its text, and it sets ``updated_at``)."""
    counted = db.select(db.func.count(Coe.id), db.func.coalesce(db.func.sum(Coe.id), 0), db.func.max(Coe.updated_at))
    return tuple(db.session.execute(counted.where(Coe.status != CoeStatus.DRAFT)).one())


def past_coes() -> PastCoes:
    """The corpus of every non-draft COE as the database has it now."""
    key = fingerprint()
    slot: _Slot = current_app.extensions.setdefault(EXTENSION, _Slot())
    with slot.lock:
        if slot.past is None or slot.past.fingerprint != key:
            slot.past = _read(key)
        return slot.past


def _read(key: tuple[Any, ...]) -> PastCoes:
    coes = db.session.scalars(
        db.select(Coe).where(Coe.status != CoeStatus.DRAFT).order_by(Coe.id).options(selectinload(Coe.whys))
    ).all()
    return PastCoes(key, similarity.Corpus({c.id: document(c) for c in coes}), {c.id: c.event_start_at for c in coes})
