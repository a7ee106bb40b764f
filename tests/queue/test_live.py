"""Live display boards: the stream sends the board and then each call; a board that reconnects gets the calls it
missed; a call that rolls back never shows; the ASGI listener (PostgreSQL NOTIFY or the SQLite poll); the real
`motcua serve` with two boards open."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, transaction
from django.utils import timezone

from motcua.queue import live
from motcua.queue.services import calling, tickets
from tests.queue.floor import build_floor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _quick_streams(settings):
    settings.BOARD_POLL_SECONDS = 0.01
    settings.BOARD_HEARTBEAT_SECONDS = 0.3
    settings.BOARD_STREAM_SECONDS = 5


def issue(floor, area="A", now=None):
    request = tickets.TicketRequest(area_code=area, priority="")
    return tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk, now=now).ticket


def events(chunks):
    """The stream's chunks as (event name, id, data), the retry line skipped."""
    for chunk in chunks:
        fields = dict(line.split(": ", 1) for line in chunk.decode().strip().split("\n") if ": " in line)
        if "event" in fields:
            yield fields["event"], int(fields.get("id", 0)), json.loads(fields["data"])


def open_board(client, floor, **headers):
    response = client.get(f"/bang-goi/{floor.centre.code}/su-kien/", **headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/event-stream")
    return events(response.streaming_content)


def next_board(stream):
    for name, change, data in stream:
        if name == "board":
            return change, data
    raise AssertionError("the stream ended")


@pytest.mark.django_db
def test_the_board_shows_the_state_then_each_call_as_it_happens(client):
    floor = build_floor()
    issue(floor), issue(floor)
    stream = open_board(client, floor)
    change, data = next_board(stream)
    assert data["calls"] == [] and data["board"]["areas"][0] == {"code": "A", "name": "Tư pháp", "waiting": 2}
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
    later, data = next_board(stream)
    assert later > change
    assert [(c["label"], c["counter"], c["text"]) for c in data["calls"]] == [("A001", 1, "Mời số A001 đến quầy số 1")]
    assert data["calls"][0]["clips"][:3] == ["chime", "moi-so", "chu-a"]
    assert data["board"]["serving"][0]["label"] == "A001" and data["board"]["areas"][0]["waiting"] == 1


@pytest.mark.django_db
def test_a_board_that_reconnects_gets_the_calls_it_missed_but_not_old_ones(client):
    floor = build_floor()
    issue(floor), issue(floor), issue(floor, "B")
    calling.call_next(officer=floor.officers[3], counter=floor.counters[3], now=timezone.now() - timedelta(minutes=5))
    seen, _ = next_board(open_board(client, floor))
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
    calling.recall(officer=floor.officers[1], counter=floor.counters[1])
    _, data = next_board(open_board(client, floor, HTTP_LAST_EVENT_ID=str(seen)))
    assert [c["label"] for c in data["calls"]] == ["A001", "A001"]  # the call and its recall
    _, data = next_board(open_board(client, floor, HTTP_LAST_EVENT_ID="0"))
    assert "B001" not in [c["label"] for c in data["calls"]]  # called five minutes ago: not announced again


@pytest.mark.django_db
def test_a_call_that_rolls_back_never_shows(client):
    floor = build_floor()
    issue(floor)
    stream = open_board(client, floor)
    next_board(stream)
    with pytest.raises(RuntimeError), transaction.atomic():
        calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
        raise RuntimeError("the reception failed")
    name, _, _ = next(stream)
    assert name == "ping"  # only the heartbeat: nothing changed


@pytest.mark.django_db
def test_an_area_board_and_an_unknown_area(client):
    floor = build_floor()
    page = client.get(f"/bang-goi/{floor.centre.code}/?khu=B")
    assert page.status_code == 200 and 'id="board-audio"' in page.content.decode()
    assert client.get(f"/bang-goi/{floor.centre.code}/?khu=Q").status_code == 404
    assert client.get("/bang-goi/NO-SUCH-CENTRE/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_asgi_listener_wakes_every_board_of_the_centre_once_a_call_commits():
    """PostgreSQL: pg_notify at commit wakes the listener; SQLite: its 250 ms poll. One build for both boards."""
    floor = build_floor()
    issue(floor)

    def call():
        try:
            calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
        finally:
            connection.close()  # this thread's own: the test database can be dropped afterwards

    async def two_boards():
        boards = [live.HUB.stream(floor.centre), live.HUB.stream(floor.centre)]
        for board in boards:
            assert await board.__anext__() == live.RETRY
            await board.__anext__()
        await sync_to_async(call, thread_sensitive=False)()
        seen = []
        for board in boards:
            while True:
                chunk = await asyncio.wait_for(board.__anext__(), timeout=20)
                if chunk.startswith(b"id:"):
                    seen.append(next(events([chunk]))[2])
                    break
            await board.aclose()
        return seen

    try:
        seen = asyncio.run(two_boards())
    finally:
        live.HUB.stop()
    assert [[c["label"] for c in data["calls"]] for data in seen] == [["A001"], ["A001"]]


def test_uvicorns_access_log_is_masked():
    from motcua.config.serve import mask_uvicorn_access_log

    mask_uvicorn_access_log()
    written: list[str] = []
    capture = logging.Handler()
    capture.emit = lambda record: written.append(record.getMessage())  # type: ignore[method-assign]
    access = logging.getLogger("uvicorn.access")
    access.addHandler(capture)
    try:  # the arguments uvicorn's h11 protocol logs a request with
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/tra-cuu/?ma=H99-1&bi-mat=AB3K9PQR", "1.1", 200)
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/desk/ho-so/?q=001190012345", "1.1", 200)
    finally:
        access.removeHandler(capture)
    assert "AB3K9PQR" not in written[0] and "001190012345" not in written[1] and "/tra-cuu/" in written[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETUP = """
from tests.queue.floor import build_floor
from motcua.queue.services import tickets
floor = build_floor()
tickets.issue_ticket(centre=floor.centre, request=tickets.TicketRequest(area_code="A"), device=floor.kiosk)
print(floor.centre.code)
"""
CALL = """
from motcua.core.models import Counter, User
from motcua.queue.services import calling
counter = Counter.objects.get(number=1, centre__code="TTHCC-H99")
calling.call_next(officer=User.objects.get(username="quay1"), counter=counter)
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the served database is a SQLite file of its own")
def test_the_real_server_brings_a_call_to_two_open_boards(tmp_path):
    motcua = Path(sys.executable).with_name("motcua")
    env = {**os.environ, "MOTCUA_VAR_DIR": str(tmp_path), "MOTCUA_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "MOTCUA_LOG_LEVEL": "WARNING"}  # fmt: skip

    def run(*args):
        return subprocess.run([str(motcua), *args], env=env, capture_output=True, text=True, check=True).stdout

    run("migrate", "-v0")
    centre = run("shell", "-c", SETUP).strip().splitlines()[-1]
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(motcua), "serve", "--port", str(port), "--workers", "1"], env=env, stdout=out,
                                  stderr=subprocess.STDOUT)  # fmt: skip
    try:
        boards = [_open_stream(port, f"/bang-goi/{centre}/su-kien/?bi-mat=SECRET42") for _ in range(2)]
        for board in boards:
            assert b'"waiting": 1' in _read_event(board)
        run("shell", "-c", CALL)
        for board in boards:
            assert b"A001" in _read_event(board)
            board.close()
        # An idle keep-alive connection outlives a person's pause (gunicorn's 2 s closed it as clients reused it).
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for pause in (0, 3):
            time.sleep(pause)
            page.request("GET", "/healthz")
            assert page.getresponse().read() and page.sock is not None
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert "SECRET42" not in log.read_text() and "/su-kien/" in log.read_text()


def _open_stream(port: int, path: str) -> socket.socket:
    deadline = time.monotonic() + 60
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    return sock


def _read_event(sock: socket.socket) -> bytes:
    """Bytes up to the end of the next board event (chunked transfer framing left in: only contents are checked)."""
    data = b""
    while b"event: board" not in data or not data.split(b"event: board", 1)[1].count(b"\n\n"):
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"the stream closed: {data[-300:]!r}")
        data += chunk
    return data


@pytest.mark.django_db
def test_the_board_and_its_events_take_the_same_few_queries_however_busy_the_day(client, django_assert_max_num_queries):
    floor = build_floor()
    for _ in range(12):
        issue(floor), issue(floor, "B")
    for number in (1, 2, 3):
        calling.call_next(officer=floor.officers[number], counter=floor.counters[number])
    with django_assert_max_num_queries(7):
        assert client.get(f"/bang-goi/{floor.centre.code}/?khu=A").status_code == 200
    stream = open_board(client, floor, HTTP_LAST_EVENT_ID="1")
    with django_assert_max_num_queries(8):
        _, data = next_board(stream)  # the board and the calls missed since change 1
    assert len(data["calls"]) == 3 and len(data["board"]["serving"]) == 3
