"""Live display boards (ADR 0010): what a board receives, and how a process learns that a centre's board changed.

A board's stream is server-sent events. Each message carries the whole board (a snapshot) and the calls to
announce since the board's last message; its id is the last BoardChange id, so a board that reconnects with
Last-Event-ID gets the calls it missed (announced only if under a minute old).

Two ways to wait for a change:
- under ASGI (`motcua serve`), one Hub per process: a thread that LISTENs on PostgreSQL (pg_notify at commit) or
  polls the last change id every 250 ms on SQLite, then builds each followed board's snapshot once, for all the
  boards that follow it; streams wait on an asyncio event;
- under WSGI (runserver, the test live server), each stream polls for itself in its own thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.db.models import Max
from django.utils import timezone

from motcua.core.models import Centre
from motcua.queue import selectors
from motcua.queue.models import BoardChange
from motcua.queue.services.board import CHANNEL
from motcua.queue.speech import announce

logger = logging.getLogger(__name__)
ANNOUNCED = (BoardChange.Kind.CALLED, BoardChange.Kind.RECALLED)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def stream_seconds() -> float:
    return _setting("BOARD_STREAM_SECONDS", 300)  # then the browser reconnects (EventSource does it by itself)


def heartbeat_seconds() -> float:
    return _setting("BOARD_HEARTBEAT_SECONDS", 15)


def poll_seconds() -> float:
    return _setting("BOARD_POLL_SECONDS", 0.25)


def announce_within() -> timedelta:
    return timedelta(seconds=_setting("BOARD_ANNOUNCE_SECONDS", 60))


def snapshot(centre: Centre, area_code: str = "") -> dict:
    """The board as JSON-ready data, times in Vietnam time (HH:MM). No personal data: numbers and counters."""
    data = asdict(selectors.board(centre, area_code=area_code))
    for call in data["serving"] + data["last_calls"]:
        call["at"] = timezone.localtime(call["at"]).strftime("%H:%M")
    return data


def calls_since(centre_id: int, after: int, *, area_code: str = "", now: datetime | None = None) -> list[dict]:
    """The calls and recalls after change `after` (at most a minute old: older ones are not worth announcing)."""
    since = (now or timezone.now()) - announce_within()
    changes = (
        BoardChange.objects.filter(centre_id=centre_id, pk__gt=after, kind__in=ANNOUNCED, at__gte=since)
        .select_related("ticket__counter", "ticket__area")
        .order_by("pk")[:50]
    )
    return [c for c in (_call(change) for change in changes) if not area_code or c["area"] == area_code]


def _call(change: BoardChange) -> dict:
    ticket = change.ticket
    number = ticket.counter.number if ticket.counter else 0
    spoken = announce(ticket.label, number)
    return {"id": change.pk, "label": ticket.label, "area": ticket.area.code, "counter": number,
            "text": spoken.text, "clips": list(spoken.clips)}  # fmt: skip


def latest_change(centre_id: int) -> int:
    return BoardChange.objects.filter(centre_id=centre_id).aggregate(last=Max("id"))["last"] or 0


def event(change: int, board_json: str, calls: list[dict]) -> bytes:
    return f'id: {change}\nevent: board\ndata: {{"board": {board_json}, "calls": {json.dumps(calls)}}}\n\n'.encode()


RETRY = b"retry: 2000\n\n"  # reconnect after 2 s (a restarting server), not EventSource's default 3
PING = b"event: ping\ndata: {}\n\n"  # an event, not a comment: the page's watchdog sees it


def sync_stream(centre: Centre, *, area_code: str = "", after: int | None = None) -> Iterator[bytes]:
    """The WSGI stream: polls in its own thread (one per board: fine for runserver and tests, not for a hall)."""
    deadline = time.monotonic() + stream_seconds()
    yield RETRY
    board = snapshot(centre, area_code)
    mine = board["change"]
    yield event(mine, json.dumps(board), calls_since(centre.pk, after, area_code=area_code) if after else [])
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(poll_seconds())
        last = latest_change(centre.pk)
        if last > mine:
            board = snapshot(centre, area_code)
            yield event(board["change"], json.dumps(board), calls_since(centre.pk, mine, area_code=area_code))
            mine, quiet_since = board["change"], time.monotonic()
        elif time.monotonic() - quiet_since >= heartbeat_seconds():
            yield PING
            quiet_since = time.monotonic()


class _Follower:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop, self.event = loop, asyncio.Event()

    def wake(self) -> None:
        self.loop.call_soon_threadsafe(self.event.set)


class Hub:
    """One per ASGI process: a thread learns of changes (LISTEN or a 250 ms poll), builds each followed board
    once per change, and wakes the streams that follow it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._followers: dict[tuple[int, str], set[_Follower]] = {}
        self._centres: dict[int, Centre] = {}
        self._boards: dict[tuple[int, str], tuple[int, str]] = {}  # (centre, area) -> (change id, board JSON)
        self._recent: dict[int, deque[dict]] = {}  # centre -> its latest calls
        self._seen: dict[int, int] = {}  # centre -> the last change built
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._polled: int | None = None  # SQLite: the last change the poll has seen (None: not started)

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="motcua-board-hub", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            self._thread = None
            self._polled = None
            self._boards.clear(), self._seen.clear(), self._recent.clear()

    async def stream(self, centre: Centre, *, area_code: str = "", after: int | None = None) -> AsyncIterator[bytes]:
        from asgiref.sync import sync_to_async

        key, follower = (centre.pk, area_code), _Follower(asyncio.get_running_loop())
        deadline = time.monotonic() + stream_seconds()
        try:
            yield RETRY
            change, board_json, calls = await sync_to_async(self._follow, thread_sensitive=False)(
                centre, key, follower, after
            )
            yield event(change, board_json, calls)
            while time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(follower.event.wait(), timeout=heartbeat_seconds())
                except TimeoutError:
                    yield PING
                    continue
                follower.event.clear()
                with self._lock:
                    latest, board_json = self._boards.get(key, (change, ""))
                    calls = [c for c in self._recent.get(centre.pk, ()) if c["id"] > change]
                if latest > change:
                    calls = [c for c in calls if not area_code or c["area"] == area_code]
                    yield event(latest, board_json, calls)
                    change = latest
        finally:
            self._unfollow(key, follower)

    def _follow(self, centre: Centre, key: tuple[int, str], follower: _Follower, after: int | None):
        """Runs in a worker thread: the board now (built here if nobody followed it yet), the missed calls."""
        self.start()
        try:
            with self._lock:
                cached = self._boards.get(key)
            if cached is None:
                board = snapshot(centre, key[1])
                cached = (board["change"], json.dumps(board))
            calls = calls_since(centre.pk, after, area_code=key[1]) if after else []
        finally:
            connection.close()  # this thread's connection is not kept (a new context each time under ASGI)
        with self._lock:
            self._followers.setdefault(key, set()).add(follower)
            self._centres[centre.pk] = centre
            self._boards.setdefault(key, cached)
            self._seen.setdefault(centre.pk, cached[0])
        return cached[0], cached[1], calls

    def _unfollow(self, key: tuple[int, str], follower: _Follower) -> None:
        with self._lock:
            followers = self._followers.get(key, set())
            followers.discard(follower)
            if not followers:
                self._followers.pop(key, None)
                self._boards.pop(key, None)
                if not any(k[0] == key[0] for k in self._followers):
                    self._seen.pop(key[0], None), self._recent.pop(key[0], None), self._centres.pop(key[0], None)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen() if connection.vendor == "postgresql" else self._poll()
            except Exception:
                logger.exception("Display boards: waiting for changes failed; trying again in a second")
                self._stop.wait(1)
            finally:
                connections.close_all()

    def _poll(self) -> None:
        # Where the last poll got to is kept across a failed poll (SQLite: "table is locked" while a call is
        # written), so the poll that follows still brings the changes made meanwhile.
        if self._polled is None:
            self._polled = BoardChange.objects.aggregate(last=Max("id"))["last"] or 0
        while not self._stop.wait(poll_seconds()):
            close_old_connections()
            now = BoardChange.objects.aggregate(last=Max("id"))["last"] or 0
            if now != self._polled:
                centres = set(BoardChange.objects.filter(pk__gt=self._polled).values_list("centre_id", flat=True))
                self._refresh(centres)
                self._polled = now

    def _listen(self) -> None:
        import psycopg

        db = connection.settings_dict
        params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"],
                  "port": db["PORT"]}  # fmt: skip
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as listener:
            listener.execute(f"LISTEN {CHANNEL}")
            with self._lock:
                followed = set(self._centres)
            self._refresh(followed)  # what changed while nobody listened
            while not self._stop.is_set():
                centres = {int(n.payload) for n in listener.notifies(timeout=1.0, stop_after=1)}
                if centres:  # the other notifications of the same moment, built together
                    centres |= {int(n.payload) for n in listener.notifies(timeout=0.005)}
                    close_old_connections()
                    self._refresh(centres)

    def _refresh(self, centres: set[int]) -> None:
        """Builds the followed boards of these centres once, then wakes their streams."""
        for centre_id in centres:
            with self._lock:
                keys = [k for k in self._followers if k[0] == centre_id]
                centre, after = self._centres.get(centre_id), self._seen.get(centre_id, 0)
            if not keys or centre is None:
                continue
            calls = calls_since(centre_id, after)
            boards = {key: snapshot(centre, key[1]) for key in keys}
            with self._lock:
                recent = self._recent.setdefault(centre_id, deque(maxlen=100))
                recent.extend(calls)
                for key, board in boards.items():
                    self._boards[key] = (board["change"], json.dumps(board))
                self._seen[centre_id] = max([after, *(b["change"] for b in boards.values())])
                followers = [f for key in keys for f in self._followers.get(key, ())]
            for follower in followers:
                follower.wake()


HUB = Hub()
