"""The shared test fixtures (zhenxing.testing): shipped data and people once per package; a
local HTTP receiver standing in for a unit's robot or the SMS gateway."""

import http.server
import threading

import pytest

from zhenxing.testing import (  # noqa: F401
    mechanism,
    people,
    personas,
    shipped_data_fixture,
    superuser,
)

shipped_data = shipped_data_fixture("package", autouse=False)


@pytest.fixture
def robot():
    """A local robot: records each request; answers the status codes queued in `answers`
    (200 once they run out)."""
    received, answers = [], []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(answers.pop(0) if answers else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "url": f"http://127.0.0.1:{server.server_port}/hook",
        "received": received,
        "answers": answers,
    }
    server.shutdown()
    server.server_close()
