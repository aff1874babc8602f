"""The base of every form: Flask-WTF's, plus input hygiene every field needs."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm


def strip_nul(value: Any) -> Any:
    """Drop NUL characters: PostgreSQL text cannot hold them, and no person types one."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = [*unbound_field.kwargs.get("filters", ()), strip_nul]
            return unbound_field.bind(form=form, filters=filters, **options)
