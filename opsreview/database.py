"""Connection settings that depend on the database behind the app."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from opsreview.extensions import db


def tune_connections(app: Flask) -> None:
    """On SQLite: WAL and a busy timeout, so concurrent requests wait instead of failing."""
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


__all__ = ["Engine", "is_unique_violation", "tune_connections"]
