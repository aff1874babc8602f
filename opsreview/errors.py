"""Error pages for people and JSON errors for API clients."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be understood.",
    401: "Sign in first (an API client sends Authorization: Bearer <token>).",
    403: "Your role does not allow this.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The upload is too large.",
}


def wants_json() -> bool:
    """An API client, or a page's script that asks for JSON first (not a person's browser navigating)."""
    if request.path.startswith("/api/"):
        return True
    # Named outright, not through a wildcard: "application/json, */*" is a script; a browser
    # navigating names text/html first.
    named = dict(request.accept_mimetypes)
    return named.get("application/json", 0) > named.get("text/html", 0)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        message = (
            "The form's security token is missing or out of date, so nothing was saved. "
            "Reload the page and try again."
        )
        return _respond(400, message, detail=error.description)

    @app.errorhandler(500)
    def _crash(error: Exception) -> ResponseReturnValue:
        return _respond(500, "Something went wrong on our side; nothing you did. It has been logged.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if code == 413:
            limit_mb = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
            return _respond(413, f"The upload is too large: at most {limit_mb:g} MB is accepted.")
        custom = error.description if error.description != type(error).description else None
        return _respond(code, custom or MESSAGES.get(code, error.name))


def _respond(code: int, message: str, detail: str = "") -> ResponseReturnValue:
    if wants_json():
        return jsonify({"error": {"message": message, "status": code}}), code
    return render_template("errors/error.html", code=code, message=message, detail=detail), code
