"""Display boards over HTTP with the production server (`motcua serve`): the time from a call at a counter to its
appearance on 50 connected boards (p50/p99), beside its ceiling, and the pages' speed with those 50 boards open.

The calls go through the services (a recall of the counter's number each 0.3 s: each is a new call to announce);
the boards are raw sockets reading the server-sent events in one asyncio loop on the same machine. The ceiling
is the wake-up's own delay: on SQLite a poll every 250 ms (a change waits 125 ms on average for it); on
PostgreSQL a NOTIFY delivered at commit. The pages are measured against the same server with the boards open, and
against gunicorn's gthread workers serving the WSGI application (`motcua serve` before ADR 0010) without boards.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.dossiers import _pct
from bench.lookup import _free_port, _load, _wait_until_up

BOARDS = 50
CALLS = 40
EVERY = 0.3
PAGE_CLIENTS = 4
PAGE_SECONDS = 8.0
EVENT_ID = re.compile(rb"id: (\d+)\nevent: board\ndata: [^\n]*\"calls\": \[\{")


def run(boards: int = BOARDS, calls: int = CALLS) -> None:
    from django.db import connection
    from tests.queue.floor import build_floor

    from motcua.catalog.models import Procedure
    from motcua.queue.models import BoardChange
    from motcua.queue.services import calling, tickets

    floor = build_floor()
    tickets.issue_ticket(centre=floor.centre, request=tickets.TicketRequest(area_code="A"), device=floor.kiosk)
    officer, counter = floor.officers[1], floor.counters[1]
    calling.call_next(officer=officer, counter=counter)
    path = f"/bang-goi/{floor.centre.code}/su-kien/"
    procedure = Procedure.objects.values_list("code", flat=True).first()
    pages = ["/healthz"] + ([f"/thu-tuc/{procedure}/"] if procedure else [])
    workers = int(os.environ.get("MOTCUA_BENCH_WORKERS", "2"))

    before = _pages_on(
        ["gunicorn", "-k", "gthread", "-w", str(workers), "--threads", "4", "motcua.config.wsgi:application"], pages
    )
    # The same server without boards: what the ASGI server costs the pages, apart from what 50 boards cost.
    plain = _pages_on([str(Path(sys.executable).with_name("motcua")), "serve", "--workers", str(workers)], pages)
    port = _free_port()
    server = _start([str(Path(sys.executable).with_name("motcua")), "serve", "--workers", str(workers)], port)
    try:
        _wait_until_up(port)
        arrivals: dict[int, list[float]] = {}
        ready, stop = threading.Event(), threading.Event()
        thread = threading.Thread(target=lambda: asyncio.run(_boards(port, path, boards, arrivals, ready, stop)))
        thread.start()
        if not ready.wait(60):
            raise RuntimeError("the boards did not connect")
        sent: dict[int, float] = {}
        for _ in range(calls):
            started = time.monotonic()
            calling.recall(officer=officer, counter=counter)
            sent[BoardChange.objects.filter(centre=floor.centre).latest("id").pk] = started
            time.sleep(EVERY)
        time.sleep(2)
        after = {page: _load(port, [page], PAGE_CLIENTS, PAGE_SECONDS) for page in pages}
        stop.set()
        thread.join(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=60)
    latencies = [(t - sent[i]) * 1000 for i, times in arrivals.items() if i in sent for t in times]
    missed = boards * len(sent) - len(latencies)
    ceiling = "NOTIFY at commit" if connection.vendor == "postgresql" else "a poll each 250 ms (125 ms on average)"
    print(f"boards: {boards} open on motcua serve ({workers} workers), {len(sent)} calls, {connection.vendor}")
    print(f"  call -> shown on every board   p50 {_pct(latencies, 50):7.1f} ms   p99 {_pct(latencies, 99):7.1f} ms"
          f"   missed {missed}")  # fmt: skip
    print(f"  ceiling: the wake-up, {ceiling}; target: every board within 1 s")
    print(f"  pages ({PAGE_CLIENTS} keep-alive clients, {PAGE_SECONDS:.0f} s)   requests/s  p50 ms  p99 ms")
    for page in pages:
        rows = (
            ("gthread, no boards", before[page]),
            ("serve, no boards", plain[page]),
            (f"serve, {boards} boards", after[page]),
        )
        for name, (rate, p50, p99) in rows:
            print(f"    {page:<24} {name:<20} {rate:8,.0f} {p50:7.2f} {p99:7.2f}")
        print(
            f"    ratio to gthread: serve {plain[page][0] / before[page][0]:.0%}, "
            f"serve with boards {after[page][0] / before[page][0]:.0%} of the requests/s"
        )


def _start(command: list[str], port: int) -> subprocess.Popen:
    env = {**os.environ, "MOTCUA_LOG_LEVEL": "WARNING", "PYTHONPATH": os.pathsep.join(sys.path)}
    if command[0] == "gunicorn":
        command = [str(Path(sys.executable).with_name("gunicorn")), *command[1:], "-b", f"127.0.0.1:{port}"]
    else:
        command = [*command, "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _pages_on(command: list[str], pages: list[str]) -> dict[str, tuple[float, float, float]]:
    port = _free_port()
    server = _start(command, port)
    try:
        _wait_until_up(port)
        return {page: _load(port, [page], PAGE_CLIENTS, PAGE_SECONDS) for page in pages}
    finally:
        server.terminate()
        server.wait(timeout=60)


async def _boards(port, path, count, arrivals, ready, stop) -> None:
    connected = 0

    async def board() -> None:
        nonlocal connected
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        buffer = b""
        first = True
        while not stop.is_set():
            try:
                chunk = await asyncio.wait_for(reader.read(65536), timeout=0.5)
            except TimeoutError:
                continue
            if not chunk:  # the stream ended (its few minutes are over): reconnect, as EventSource does
                writer.close()
                return await board()
            now = time.monotonic()
            buffer += chunk
            if first and b"event: board" in buffer:
                first, connected = False, connected + 1
                if connected == count:
                    ready.set()
                buffer = b""
                continue
            for match in EVENT_ID.finditer(buffer):
                arrivals.setdefault(int(match.group(1)), []).append(now)
            buffer = buffer[buffer.rfind(b"\n\n") + 2 :] if b"\n\n" in buffer else buffer
        writer.close()

    await asyncio.gather(*(board() for _ in range(count)))
