"""The opsreview app factory: a table of contents for the whole app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from opsreview import config
from opsreview.extensions import csrf, db, migrate
from opsreview.sessions import SecureWhenHttps
from opsreview.urls import RowIdConverter

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Create the app: configuration, extensions, features, commands, errors."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("OPSREVIEW_INSTANCE", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.url_map.converters["int"] = RowIdConverter
    app.session_interface = SecureWhenHttps()
    app.config.from_mapping(config.from_environment(app.instance_path))
    if overrides:
        app.config.update(overrides)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    from opsreview import database
    from opsreview.accounts import gate

    db.init_app(app)
    # Batch mode lets migrations alter SQLite tables (it has no ALTER COLUMN).
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    database.tune_connections(app)
    gate.init_app(app)


def register_blueprints(app: Flask) -> None:
    from opsreview import home, security, static_files, vendor
    from opsreview.accounts import api as accounts_api
    from opsreview.accounts import views as accounts
    from opsreview.actions import api as actions_api
    from opsreview.actions import calendar
    from opsreview.actions import views as actions
    from opsreview.agenda import api as agenda_api
    from opsreview.agenda import reviews as agenda_reviews
    from opsreview.agenda import services as agenda_services
    from opsreview.agenda import room
    from opsreview.agenda import views as agenda
    from opsreview.audit import views as audit
    from opsreview.coes import api as coes_api
    from opsreview.coes import export as coe_export
    from opsreview.coes import review as coe_review
    from opsreview.coes import views as coes
    from opsreview.dashboards import api as dashboards_api
    from opsreview.dashboards import views as dashboards
    from opsreview.dashboards import display, warming
    from opsreview import openapi
    from opsreview.meetings import api as meetings_api
    from opsreview.meetings import views as meetings
    from opsreview.spins import api as spins_api
    from opsreview.spins import views as spins
    from opsreview.teams import api as teams_api
    from opsreview.teams import views as teams

    app.register_blueprint(home.bp)
    app.register_blueprint(vendor.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(actions.bp)
    app.register_blueprint(actions_api.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(coes.bp)
    app.register_blueprint(coe_review.bp)
    app.register_blueprint(coe_export.bp)
    app.register_blueprint(coes_api.bp)
    app.register_blueprint(teams.bp)
    app.register_blueprint(meetings.bp)
    app.register_blueprint(spins.bp)
    app.register_blueprint(teams_api.bp)
    app.register_blueprint(meetings_api.bp)
    app.register_blueprint(accounts_api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(spins_api.bp)
    app.register_blueprint(agenda.bp)
    app.register_blueprint(room.bp)
    app.register_blueprint(agenda_api.bp)
    app.register_blueprint(dashboards.bp)
    app.register_blueprint(dashboards_api.bp)
    agenda_services.init_app(app)
    agenda_reviews.init_app(app)
    warming.init_app(app)
    display.init_app(app)
    security.init_app(app)
    static_files.init_app(app)


def register_commands(app: Flask) -> None:
    from opsreview.accounts.cli import users
    from opsreview.actions.cli import actions
    from opsreview.agenda.cli import agenda
    from opsreview.coes.cli import coes
    from opsreview.demo import commands as demo

    app.cli.add_command(demo.seed_demo)
    app.cli.add_command(users)
    app.cli.add_command(actions)
    app.cli.add_command(agenda)
    app.cli.add_command(coes)


def register_errorhandlers(app: Flask) -> None:
    from opsreview import errors

    errors.init_app(app)


def register_template_helpers(app: Flask) -> None:
    from opsreview import template_helpers

    template_helpers.init_app(app)
