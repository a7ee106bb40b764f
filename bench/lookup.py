"""Public look-up over HTTP with the production server (`motcua serve`, gunicorn) and a million dossiers.

Requests per second and p50/p99 latency of /tra-cuu/?ma=...&bi-mat=... (the receipt's QR link: the whole page,
the shared rate limiter's write included) from concurrent keep-alive clients, beside a bare endpoint (/healthz)
on the same server. The clients run on the same machine as the server (stdlib threads, one connection each), so
they take CPU from it: the figures are a floor. The dossiers come from the demo's history generator; when
bench/dossiers.py filled the database in the same run, they are reused.
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.dossiers import DEFAULT_SIZE, HISTORY_EVERY, _demo, _pct
from motcua.core.models import User
from motcua.demo.history import generate_history
from motcua.dossiers.models import Dossier, DossierEvent

CLIENTS = 8
SECONDS = 10.0
WARM_UP = 2.0
SAMPLE = 5_000  # dossiers looked up, at random


def run(size: int = DEFAULT_SIZE, clients: int = CLIENTS, seconds: float = SECONDS) -> None:
    have = Dossier.objects.count()
    if have < size:
        if not User.objects.filter(username="giamsat").exists():
            _demo()
        started = time.perf_counter()
        generate_history(count=size - have, history_every=HISTORY_EVERY)
        print(f"build: {size - have:,} dossiers in {time.perf_counter() - started:.0f} s")
    paths = _lookup_paths()
    port = _free_port()
    server = _serve(port)
    try:
        _wait_until_up(port)
        lookup = _load(port, paths, clients, seconds)
        bare = _load(port, ["/healthz"], clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"look-up over HTTP: {Dossier.objects.count():,} dossiers, motcua serve (gunicorn, {_workers()} workers), "
        f"{clients} keep-alive clients on the same machine, {seconds:.0f} s each"
    )
    print("                      requests/s   p50 ms   p99 ms")
    for name, (rate, times) in {"look-up /tra-cuu/": lookup, "bare /healthz": bare}.items():
        print(f"  {name:<20} {rate:10,.0f} {_pct(times, 50):8.2f} {_pct(times, 99):8.2f}")
    print(f"  ratio look-up / bare: {lookup[0] / bare[0]:.0%} of the requests/s")
    print("  target: >= 1,000 look-ups/s and p99 < 50 ms")


def _lookup_paths() -> list[str]:
    """QR links of random dossiers with their full history (the generator keeps it for one in ten)."""
    rows = list(
        DossierEvent.objects.filter(sequence=1)
        .order_by("-dossier_id")
        .values_list("dossier__code", "dossier__lookup_secret")[:SAMPLE]
    )
    random.Random(2026).shuffle(rows)
    return [f"/tra-cuu/?{urlencode({'ma': code, 'bi-mat': secret})}" for code, secret in rows]


def _workers() -> int:
    return int(os.environ.get("MOTCUA_BENCH_WORKERS", "4"))


def _serve(port: int) -> subprocess.Popen:
    env = {**os.environ, "MOTCUA_LOOKUP_RATE_PER_MINUTE": str(10**9), "MOTCUA_LOG_LEVEL": "WARNING"}
    motcua = Path(sys.executable).with_name("motcua")
    command = [str(motcua), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(_workers())]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"motcua serve did not answer on port {port}")


def _load(port: int, paths: list[str], clients: int, seconds: float) -> tuple[float, list[float]]:
    """Each client sends requests one after another on its keep-alive connection; returns the requests per second
    after the warm-up and the latencies in ms."""
    start = time.monotonic()
    measure_from, stop_at = start + WARM_UP, start + WARM_UP + seconds
    results: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n
        while True:
            began = time.monotonic()
            if began >= stop_at:
                return
            connection.request("GET", paths[i % len(paths)])
            response = connection.getresponse()
            response.read()
            ended = time.monotonic()
            if response.status != 200:
                errors.append(f"{paths[i % len(paths)]}: {response.status}")
                return
            if began >= measure_from:
                results[n].append((ended - began) * 1000)
            i += clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    times = [t for r in results for t in r]
    return len(times) / seconds, times
