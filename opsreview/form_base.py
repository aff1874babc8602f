"""The base of every form: Flask-WTF's, plus input hygiene every field needs."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField

# Fields that hold other fields: the filter goes on the fields inside (WTForms refuses it here).
CONTAINERS = (FieldList, FormField)


def strip_nul(value: Any) -> Any:
    """Drop NUL characters: PostgreSQL text cannot hold them, and no person types one."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            if issubclass(unbound_field.field_class, CONTAINERS):
                return unbound_field.bind(form=form, **options)
            filters = [*unbound_field.kwargs.get("filters", ()), strip_nul]
            return unbound_field.bind(form=form, filters=filters, **options)
