"""Full-text search over COEs: SQLite FTS5 on the default database, PostgreSQL full text otherwise.

Each COE's words are gathered into ``Coe.search_text`` by the service. On PostgreSQL a GIN
index over ``to_tsvector`` of that column serves ``plainto_tsquery``; on SQLite an FTS5
table holds a copy, rewritten by the service in the same transaction as the COE. Neither object
is in the models' metadata, so migration checks are told to leave them alone (``include_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import DDL, event, text

from opsreview.coes.models import Coe, CoeStatus, Severity
from opsreview.extensions import db

FTS_TABLE = "coe_fts"
PG_INDEX = "ix_coe_search_text_fulltext"
SQLITE_CREATE = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='porter unicode61')"
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
PG_CREATE = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON coe USING gin (to_tsvector('english', search_text))"
PG_DROP = f"DROP INDEX IF EXISTS {PG_INDEX}"

event.listen(Coe.__table__, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite"))
event.listen(Coe.__table__, "after_create", DDL(PG_CREATE).execute_if(dialect="postgresql"))
event.listen(Coe.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:  # type: ignore[type-arg]
    """For Alembic: the search objects live outside the models, so autogenerate must not drop them."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_INDEX)


def gather_text(coe: Coe) -> str:
    """Every word a person might search a COE by."""
    parts = [coe.title, coe.service, coe.summary, coe.customer_impact, coe.contributing_factors,
             coe.lessons_learned, coe.related]
    parts += [f"{w.question} {w.answer}" for w in coe.whys]
    parts += [row.text for row in coe.timeline]
    return "\n".join(p for p in parts if p)


def reindex(coe: Coe) -> None:
    """Bring the search copy of ``coe`` up to date (call before the commit)."""
    coe.search_text = gather_text(coe)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.flush()
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": coe.id})
        db.session.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (:id, :body)"),
                           {"id": coe.id, "body": coe.search_text})


def rebuild() -> int:
    """Rebuild the SQLite copy from the COEs (after a restore, say); returns how many were indexed."""
    coes = list(db.session.scalars(db.select(Coe)))
    for coe in coes:
        reindex(coe)
    db.session.commit()
    return len(coes)


@dataclass(frozen=True)
class Filters:
    query: str = ""
    team_id: int | None = None
    severity: Severity | None = None
    status: CoeStatus | None = None
    since: date | None = None
    until: date | None = None


def _words(text: str) -> list[str]:
    """The words of the user's text; quotes, operators and punctuation are not search syntax here."""
    return re.findall(r"\w+", text)


def _fts_query(words: list[str]) -> str:
    """Words as an FTS5 query that cannot be a syntax error: each word quoted, all required."""
    return " ".join(f'"{w}"' for w in words)


def search(filters: Filters, limit: int = 200) -> list[Coe]:
    """COEs matching the words (best first) and the filters (newest first without words)."""
    query = db.select(Coe)
    dialect = db.session.get_bind().dialect.name
    words = _words(filters.query)
    if filters.query.strip() and not words:
        return []
    if words and dialect == "sqlite":
        ranked = text(f"SELECT rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q")
        hits = ranked.bindparams(q=_fts_query(words)).columns(id=db.Integer, rank=db.Float).subquery()
        query = query.join(hits, hits.c.id == Coe.id).order_by(hits.c.rank)
    elif words:
        # The same words, all required, as on SQLite (websearch_to_tsquery would read OR and -x as operators).
        vector = db.func.to_tsvector("english", Coe.search_text)
        wanted = db.func.plainto_tsquery("english", " ".join(words))
        query = query.where(vector.op("@@")(wanted)).order_by(db.func.ts_rank(vector, wanted).desc())
    if filters.team_id:
        query = query.where(Coe.team_id == filters.team_id)
    if filters.severity:
        query = query.where(Coe.severity == filters.severity)
    if filters.status:
        query = query.where(Coe.status == filters.status)
    if filters.since:
        query = query.where(Coe.event_start_at >= datetime.combine(filters.since, time()))
    if filters.until and filters.until < date.max:  # the last day of the calendar has no day after: no limit
        query = query.where(Coe.event_start_at < datetime.combine(filters.until + timedelta(days=1), time()))
    query = query.order_by(Coe.event_start_at.desc().nulls_last(), Coe.id.desc()).limit(limit)
    return list(db.session.scalars(query))
