"""Serve an app over real HTTP on 127.0.0.1, in a thread, for browsers and concurrent clients."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from opsreview.extensions import db


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        pass  # thousands of requests from schemathesis would drown the test output


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            # A client can have its response before the request's own thread has
            # handed its connection back; wait for that before closing the pool.
            deadline = time.monotonic() + 10
            while db.engine.pool.checkedout() and time.monotonic() < deadline:
                time.sleep(0.02)
            db.engine.dispose()
