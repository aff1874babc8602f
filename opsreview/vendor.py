"""Browser libraries served by the app itself, from their Python packages (no CDN)."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, Response, abort, send_file

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ONE_YEAR = 365 * 24 * 3600


@bp.get("/plotly-<version>.min.js")
def plotly_js(version: str) -> Response:
    """plotly.js; the version is in the address, so it can be cached for a year.

    Any other version is a 404: today's file under another version's address would be cached as that
    version for a year.
    """
    if version != plotly_version():
        abort(404)
    response = send_file(PLOTLY_JS, mimetype="text/javascript", max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def plotly_version() -> str:
    return plotly.__version__
