"""Security headers on every response: no inline script, no framing (but by this site, of the few
pages it shows inside itself), no sniffing."""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # plotly.js injects its own <style> rules; scripts stay strictly 'self'.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Pages the projector and the follow page show inside themselves, with ``?embed=1``, from this
# site only: the presenting team's dashboard under the meeting's timer.
EMBEDDABLE = frozenset({"dashboards.show"})
EMBEDDED_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
assert EMBEDDED_POLICY != CONTENT_SECURITY_POLICY, "the embedded policy must differ in frame-ancestors only"


def _embedded() -> bool:
    return request.endpoint in EMBEDDABLE and request.args.get("embed") == "1"


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        embedded = _embedded()
        response.headers.setdefault("Content-Security-Policy", EMBEDDED_POLICY if embedded else CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN" if embedded else "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
