"""Public look-up over HTTP with the production server (`motcua serve`, gunicorn) and a million dossiers.

Requests per second and p50/p99 latency of /tra-cuu/?ma=...&bi-mat=... (the receipt's QR link: the whole page,
the shared rate limiter's write included) and of the JSON look-up /api/v1/lookup, from concurrent keep-alive
clients, beside a bare endpoint (/healthz) on the same server. The clients run on the same machine as the server
and take CPU from it, so the figures are a floor: `wrk` (written in C; Debian's package) when it is installed,
else stdlib threads (one connection each; they take more). The dossiers come from the demo's history generator;
when bench/dossiers.py filled the database in the same run, they are reused.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.dossiers import DEFAULT_SIZE, _pct, grow_to
from motcua.dossiers.models import Dossier, DossierEvent

CLIENTS = 8
SECONDS = 10.0
WARM_UP = 2.0
SAMPLE = 5_000  # dossiers looked up, at random


def run(size: int = DEFAULT_SIZE, clients: int = CLIENTS, seconds: float = SECONDS) -> None:
    grow_to(size)
    pairs = _lookup_pairs()
    pages = [f"/tra-cuu/?{urlencode({'ma': code, 'bi-mat': secret})}" for code, secret in pairs]
    api = [f"/api/v1/lookup?{urlencode({'code': code, 'secret': secret})}" for code, secret in pairs]
    load = _wrk if shutil.which("wrk") else _load
    port = _free_port()
    server = _serve(port)
    try:
        _wait_until_up(port)
        figures = {
            "look-up page /tra-cuu/": load(port, pages, clients, seconds),
            "look-up JSON /api/v1": load(port, api, clients, seconds),
            "bare /healthz": load(port, ["/healthz"], clients, seconds),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    client = "wrk" if load is _wrk else "stdlib threads (install wrk for a lighter client)"
    print(
        f"look-up over HTTP: {Dossier.objects.count():,} dossiers, motcua serve (gunicorn, {_workers()} workers), "
        f"{clients} keep-alive connections from {client} on the same machine, {seconds:.0f} s each"
    )
    print("                         requests/s   p50 ms   p99 ms")
    for name, (rate, p50, p99) in figures.items():
        print(f"  {name:<24} {rate:10,.0f} {p50:8.2f} {p99:8.2f}")
    bare = figures["bare /healthz"][0]
    for name in ("look-up page /tra-cuu/", "look-up JSON /api/v1"):
        print(f"  ratio {name} / bare: {figures[name][0] / bare:.0%} of the requests/s")
    print("  target: >= 1,000 look-ups/s and p99 < 50 ms")


def _lookup_pairs() -> list[tuple[str, str]]:
    """(code, secret) of random dossiers with their full history (the generator keeps it for one in ten)."""
    rows = list(
        DossierEvent.objects.filter(sequence=1)
        .order_by("-dossier_id")
        .values_list("dossier__code", "dossier__lookup_secret")[:SAMPLE]
    )
    random.Random(2026).shuffle(rows)
    return rows


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
    return len(times) / seconds, _pct(times, 50), _pct(times, 99)


WRK_SCRIPT = """
local paths, i = {}, 0
for line in io.lines(os.getenv("MOTCUA_BENCH_PATHS")) do paths[#paths + 1] = line end
request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
response = function(status) if status ~= 200 then error("HTTP " .. status) end end
"""


def _wrk(port: int, paths: list[str], clients: int, seconds: float) -> tuple[float, float, float]:
    """The same load from wrk: a warm-up run, then the measured one; (requests/s, p50 ms, p99 ms)."""
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths))
        env = {**os.environ, "MOTCUA_BENCH_PATHS": str(listing)}
        base = [
            "wrk",
            "-t2",
            f"-c{clients}",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ]
        subprocess.run([*base[:3], f"-d{WARM_UP:.0f}s", *base[3:]], env=env, capture_output=True, check=True)
        out = subprocess.run(
            [*base[:3], f"-d{seconds:.0f}s", *base[3:]], env=env, capture_output=True, text=True, check=True
        ).stdout
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if "Non-2xx" in out or (socket_errors and any(int(n) for n in socket_errors.groups())):
        raise RuntimeError(f"failed requests:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, _latency(out, "50%"), _latency(out, "99%")


def _latency(out: str, pct: str) -> float:
    value, unit = re.search(rf"{pct}\s+([\d.]+)(us|ms|s)\b", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
