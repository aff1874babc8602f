"""JSON bodies through the same forms the pages use, so a rule lives in one place."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, make_response, request
from opsreview.form_base import Form as FlaskForm
from werkzeug.datastructures import MultiDict


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a clear 400."""
    payload = request.get_json(silent=True)
    if payload is None and request.content_length:
        abort(make_response(jsonify({"error": {"message": "The body must be JSON.", "field": "body"}}), 400))
    if payload is not None and not isinstance(payload, dict):
        abort(make_response(jsonify({"error": {"message": "The body must be a JSON object.", "field": "body"}}), 422))
    return payload or {}


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else ""
    return str(value).replace("\x00", "")  # PostgreSQL text cannot hold NUL


def bind(form_class: type[FlaskForm], values: dict[str, Any], **kwargs: Any) -> FlaskForm:
    """A form filled as if a person had typed ``values`` into the page."""
    formdata = MultiDict({k: _as_text(v) for k, v in values.items()})
    return form_class(formdata=formdata, meta={"csrf": False}, **kwargs)


def validated(form_class: type[FlaskForm], values: dict[str, Any], **kwargs: Any) -> FlaskForm:
    """The bound form if it is valid; otherwise stop with a 422 naming the failing fields."""
    form = bind(form_class, values, **kwargs)
    if not form.validate():
        fields = {name: messages[0] for name, messages in form.errors.items()}
        first = next(iter(fields))
        body = {"error": {"message": f"{first}: {fields[first]}", "field": first, "fields": fields}}
        abort(make_response(jsonify(body), 422))
    return form
