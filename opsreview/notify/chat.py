"""A Slack-compatible incoming webhook (a JSON POST with "text"). Not configured: nothing is sent."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from flask import current_app

log = logging.getLogger(__name__)


def configured() -> bool:
    return bool(current_app.config.get("CHAT_WEBHOOK_URL"))


def post(text: str) -> bool:
    """Post one message; False (and a log line) if the webhook is not set up or did not take it."""
    url = current_app.config.get("CHAT_WEBHOOK_URL")
    if not url:
        return False
    request = urllib.request.Request(
        url, data=json.dumps({"text": text}).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return 200 <= response.status < 300
    except (OSError, urllib.error.URLError) as error:
        log.warning("chat message not posted: %s", error)
        return False
