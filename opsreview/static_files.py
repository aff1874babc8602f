"""Static files with their content's hash in the address, so browsers may keep them for a year."""

from __future__ import annotations

import hashlib
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.security import safe_join

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    folder = Path(app.static_folder or "static")

    @app.url_defaults
    def _versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = _version(folder, values["filename"])
            if version is not None:
                values["v"] = version

    @app.after_request
    def _cache_for_a_year(response: Response) -> Response:
        asked = request.args.get("v")
        if request.endpoint != "static" or not asked or response.status_code not in (200, 304):
            return response
        if asked == _version(folder, (request.view_args or {}).get("filename", "")):
            # A changed file gets a new address, so one with its version never needs asking again.
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        else:
            # An address from before a deploy or an edit (or a made-up one): today's file, but not to
            # be kept under that address, or the browser would hold the wrong file for a year. It
            # asks again next time, cheaply, with the ETag.
            response.headers["Cache-Control"] = "no-cache"
        return response


def _version(folder: Path, filename: str) -> str | None:
    """The hash of the file's content as it is now; None when there is no such file."""
    joined = safe_join(str(folder), filename)
    if joined is None:
        return None
    try:
        found = Path(joined).stat()
    except OSError:
        return None
    return _digest(joined, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
