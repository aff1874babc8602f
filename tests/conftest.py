"""Fixtures: an app on a fresh database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login import FlaskLoginClient
from sqlalchemy import create_engine, text

from opsreview import create_app
from opsreview.accounts.models import Role, User
from opsreview.extensions import db
from tests.factories import add_user

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def unavailable(what: str, why: str) -> None:
    """Skip with a visible notice on a developer's machine; fail under CI."""
    message = f"{what} is not available here ({why})"
    if IN_CI:
        pytest.fail(message + "; under CI=true it must run, not skip", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own on the local PostgreSQL for this test session, dropped at the end."""
    name = f"opsreview_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL"
        unavailable("PostgreSQL at 127.0.0.1:5432", str(error).splitlines()[0])
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'opsreview.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def make_app(database_url: str, tmp_path, **overrides) -> Flask:  # type: ignore[no-untyped-def]
    os.environ["OPSREVIEW_INSTANCE"] = str(tmp_path / "instance")
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": secrets.token_hex(16),
        "DASHBOARD_WARM_ON_PICK": "off",
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        db.create_all()
        if database_url.startswith("postgresql"):
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    return app


@pytest.fixture
def app(database_url: str, tmp_path, monkeypatch) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path / "instance"))
    app = make_app(database_url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def client_as(app: Flask, role: Role | None) -> FlaskClient:
    """A test client signed in with ``role`` (None: signed out)."""
    if role is None:
        return app.test_client()
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == f"{role.value}@example.com")).first()
        user = user or add_user(role)
        return app.test_client(user=user)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Signed in as an admin, who may do everything: for testing features, not permissions."""
    return client_as(app, Role.ADMIN)


@pytest.fixture
def anonymous(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield
