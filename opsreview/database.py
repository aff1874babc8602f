"""Connection settings that depend on the database behind the app."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from opsreview.extensions import db


def tune_connections(app: Flask) -> None:
    """On SQLite: WAL and a busy timeout, so concurrent requests wait instead of failing.

    On PostgreSQL: sessions in UTC, so timestamps read back as they were written
    whatever the server's own time zone.
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            pg_engine = db.engine

        @event.listens_for(pg_engine, "connect")
        def _utc(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'UTC'")
            dbapi_connection.commit()

        return
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def is_unique_violation(error: Exception) -> bool:
    """Whether a failed write broke a unique constraint (SQLite or PostgreSQL)."""
    text = str(getattr(error, "orig", error)).lower()
    return "unique" in text or "duplicate key" in text

