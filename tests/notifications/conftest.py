"""A local fake SMS gateway (a real HTTP server on 127.0.0.1) and the dossier test province."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dossiers.conftest import Api, api, province  # noqa: F401 (fixtures)

__all__ = ["Api"]


@dataclass
class Gateway:
    """Answers each request with the next status of `answers` (the last one repeats) and records it."""

    url: str
    answers: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [r["query"].get("text", [r["json"].get("text") if r["json"] else None])[0] for r in self.requests]


@pytest.fixture
def gateway():
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            parts = urlsplit(self.path)
            state.requests.append(
                {
                    "method": self.command,
                    "path": parts.path,
                    "query": parse_qs(parts.query),
                    "json": json.loads(raw) if raw else None,
                }
            )
            number = len(state.requests)
            status = state.answers[min(number, len(state.answers)) - 1]
            time.sleep(state.delay)
            body = f"OK id=GW{number}" if status < 300 else "ERROR"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def sms_gateway(settings, gateway):
    """The HTTP SMS adapter pointed at the fake gateway with a GET URL template."""
    settings.NOTIFY_SMS_BACKEND = "http"
    settings.NOTIFY_SMS_URL = gateway.url + "/send?user={user}&pass={password}&to={to}&text={text}"
    settings.NOTIFY_SMS_USER = "motcua"
    settings.NOTIFY_SMS_PASSWORD = "s3cret&x"
    settings.NOTIFY_SMS_SUCCESS = "OK"
    settings.NOTIFY_SMS_ID_PATTERN = r"id=(\w+)"
    settings.NOTIFY_BACKOFF = 60
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.PUBLIC_URL = "https://dichvucong.hoaan.gov.vn"
    return gateway
