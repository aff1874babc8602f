"""Filters the templates use."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from opsreview.accounts.models import Role
from opsreview.clock import today


def percent(value: float) -> str:
    if value <= 0:
        return "0%"
    if value < 0.001:
        return "<0.1%"
    return f"{value * 100:.1f}%"


def day(value: date | datetime | None) -> str:
    return f"{value:%a %d %b %Y}" if value else ""


def moment(value: datetime | None) -> str:
    return f"{value:%d %b %Y %H:%M} UTC" if value else ""


def last_presented(count: int | None) -> str:
    """How long ago a team presented, in held meetings."""
    if count is None:
        return "never presented"
    if count == 0:
        return "presented at the latest meeting"
    return "presented 1 meeting ago" if count == 1 else f"presented {count} meetings ago"


def init_app(app: Flask) -> None:
    app.add_template_filter(percent)
    app.add_template_filter(day)
    app.add_template_filter(moment)
    app.add_template_filter(last_presented)
    app.context_processor(lambda: {"today": today(), "roles": Role})
