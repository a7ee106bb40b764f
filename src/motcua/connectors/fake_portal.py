"""A local stand-in for the national public service portal, so the demo and the tests synchronise for real over
HTTP. Stdlib only, state in memory.

  POST /api/dongbo/hoso        a status change (Bearer token; Idempotency-Key): 200, recorded once per key
  GET  /api/hoso/moi           the dossiers submitted on the portal not yet acknowledged ({"HoSo": [...]})
  POST /api/hoso/da-nhan       acknowledge them ({"HoSo": [{"MaHoSoQG", "MaHoSo"}]})
  POST /webhook                any webhook (kept with its headers, for a look; no signature check here)
Switches (POST, for the tests and the demo):
  /_fake/mode?sync=ok|fail|slow    answer 500, or wait `slow_seconds` before answering (?seconds=N)
  /_fake/mode?twice=1              list every new dossier twice and ignore acknowledgements once
  /_fake/inbound                   a dossier "submitted on the portal" (JSON body), to be listed
  GET /_fake/state                 what was received (sync messages per key, deliveries, acks, webhooks)"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

MAX_BODY = 32 * 1024 * 1024


@dataclass
class Portal:
    token: str
    sync_mode: str = "ok"  # ok | fail | slow
    slow_seconds: float = 3.0
    twice: bool = False
    received: dict[str, dict[str, Any]] = field(default_factory=dict)  # Idempotency-Key → the first body
    deliveries: list[str] = field(default_factory=list)  # every key as it arrived (repeats included)
    inbound: dict[str, dict[str, Any]] = field(default_factory=dict)  # MaHoSoQG → the dossier
    acked: dict[str, str] = field(default_factory=dict)  # MaHoSoQG → our code
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {
                "received": self.received,
                "deliveries": self.deliveries,
                "acked": self.acked,
                "webhooks": self.webhooks,
                "sync_mode": self.sync_mode,
            }

    def new_dossiers(self, limit: int) -> list[dict[str, Any]]:
        with self.lock:
            waiting = [d for key, d in self.inbound.items() if key not in self.acked][:limit]
            return waiting + waiting if self.twice else waiting


class Handler(BaseHTTPRequestHandler):
    portal: Portal
    raw: bytes = b""

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests read the state
        pass

    def _json(self, obj: Any, status: int = 200) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == f"Bearer {self.portal.token}":
            return True
        self._json({"error": "unauthorised"}, 401)
        return False

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("too large")
        self.raw = self.rfile.read(length)
        return json.loads(self.raw or b"{}")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        if url.path == "/_fake/state":
            return self._json(self.portal.state())
        if url.path == "/api/hoso/moi":
            if not self._authorised():
                return
            limit = int(query["limit"]) if query.get("limit", "").isdigit() else 50
            return self._json({"HoSo": self.portal.new_dossiers(limit)})
        self._json({"error": "not found"}, 404)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        portal = self.portal
        try:
            body = self._body()
        except ValueError:
            return self._json({"error": "bad body"}, 400)
        if url.path == "/api/dongbo/hoso":
            return self._sync(body)
        if url.path == "/api/hoso/da-nhan":
            if not self._authorised():
                return
            with portal.lock:
                if portal.twice:  # this acknowledgement is lost: the same dossiers are listed again
                    portal.twice = False
                    return self._json({"ok": True})
                for ack in body.get("HoSo", []):
                    portal.acked[str(ack.get("MaHoSoQG"))] = str(ack.get("MaHoSo"))
            return self._json({"ok": True})
        if url.path == "/webhook":
            with portal.lock:
                portal.webhooks.append({"headers": dict(self.headers.items()), "raw": self.raw.decode(), "body": body})
            return self._json({"ok": True})
        if url.path == "/_fake/mode":
            with portal.lock:
                if query.get("sync") in ("ok", "fail", "slow"):
                    portal.sync_mode = query["sync"]
                if query.get("seconds"):
                    portal.slow_seconds = float(query["seconds"])
                if "twice" in query:
                    portal.twice = query["twice"] == "1"
            return self._json({"sync_mode": portal.sync_mode, "twice": portal.twice})
        if url.path == "/_fake/inbound":
            with portal.lock:
                portal.inbound[str(body["MaHoSoQG"])] = body
            return self._json({"ok": True})
        self._json({"error": "not found"}, 404)

    def _sync(self, body: Any) -> None:
        portal = self.portal
        if not self._authorised():
            return
        key = self.headers.get("Idempotency-Key", "")
        if portal.sync_mode == "fail":
            return self._json({"error": "internal"}, 500)
        if portal.sync_mode == "slow":
            time.sleep(portal.slow_seconds)  # received, then too slow: the sender times out and sends again
        if not key or not isinstance(body, dict) or "MaHoSo" not in body or "TrangThaiHoSo" not in body:
            return self._json({"error": "MaHoSo, TrangThaiHoSo and Idempotency-Key are required"}, 400)
        with portal.lock:
            portal.deliveries.append(key)
            portal.received.setdefault(key, body)  # a repeat of a key is taken as a no-op
        self._json({"ok": True, "MaHoSo": body["MaHoSo"]})


def make_server(*, host: str, port: int, token: str) -> ThreadingHTTPServer:
    handler = type("FakePortalHandler", (Handler,), {"portal": Portal(token=token)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
