"""The fake national portal on a free port of 127.0.0.1, the settings pointing at it, and helpers."""

import json
import socket
import threading
import urllib.request
from dataclasses import dataclass

import pytest

from motcua.connectors.fake_portal import make_server

TOKEN = "fake-portal-test-token"


@dataclass
class FakePortal:
    url: str

    def _call(self, path: str, body: dict | None = None, method: str = "POST") -> dict:
        data = json.dumps(body or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def mode(self, query: str) -> dict:
        return self._call(f"/_fake/mode?{query}")

    def state(self) -> dict:
        return self._call("/_fake/state", method="GET")

    def submit(self, dossier: dict) -> None:
        """A citizen submits a dossier on the national portal."""
        self._call("/_fake/inbound", dossier)


@pytest.fixture
def portal(settings):
    server = make_server(host="127.0.0.1", port=0, token=TOKEN)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.NATIONAL_PORTAL_URL = url
    settings.NATIONAL_PORTAL_TOKEN = TOKEN
    settings.CONNECTORS_TIMEOUT = 0.5
    settings.CONNECTORS_MAX_ATTEMPTS = 3
    yield FakePortal(url)
    server.shutdown()
    server.server_close()


def free_port() -> int:
    """A port nobody listens on (the portal "down")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
