"""A mixed load for minutes on the production server (`motcua serve`): citizens and officers at once, with locust.

Citizens browse the catalog and look up their dossiers while officers receive dossiers and take them through
assign, forward, approve and return (the users and their proportions: bench/mixed_locust.py and
docs/load-test.md). Locust runs headless in its own process on the same machine as the server, so it takes CPU
from it. Printed per endpoint: requests, failures, p50/p95/p99; beside them the bare endpoint (/healthz) measured
alone on the same server before the load, the ceiling; and the memory (RSS) of each server worker at the start,
the middle and the end of the load, to show it stays flat. The dossiers in the database come from the demo's
history generator, as for the other dossier benchmarks (reused when they are there).
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from django.test import Client

from bench.dossiers import AGENCY, DEFAULT_SIZE, _pct, _procedure, grow_to
from bench.lookup import _free_port, _lookup_pairs, _serve, _wait_until_up, _workers
from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.core.services import issue_api_token
from motcua.dossiers.models import Dossier

HERE = Path(__file__).resolve().parent
MINUTES = 10.0
USERS = 46  # 26 citizens and 20 officers' journeys (weights 13 and 10 in bench/mixed_locust.py)
SPAWN_RATE = 5  # users started a second
PEOPLE = {"counter": "motcua", "specialist": "tuphap.chuyenvien", "leader": "tuphap.lanhdao"}
QUERIES = ("khai sinh", "kết hôn", "lý lịch tư pháp", "đất đai", "hộ kinh doanh", "xây dựng", "chứng thực", "con dấu")


def run(size: int = DEFAULT_SIZE, minutes: float = MINUTES, users: int = USERS) -> None:
    grow_to(size)
    workdir = Path(tempfile.mkdtemp(prefix="motcua-mixed-"))
    data = workdir / "data.json"
    data.write_text(json.dumps(_data()), encoding="utf-8")
    port = _free_port()
    server = _serve(port)
    try:
        _wait_until_up(port)
        bare = _bare(port)
        start_dossiers = Dossier.objects.count()
        memory, stats = _locust(port, data, workdir, minutes, users, server.pid)
        received = Dossier.objects.count() - start_dossiers
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"mixed load: {start_dossiers:,} dossiers at the start, {received:,} received during the load; "
        f"motcua serve ({_workers()} workers), locust {users} users ({SPAWN_RATE}/s), {minutes:g} min, same machine"
    )
    print(
        f"  ceiling: bare /healthz alone before the load, one keep-alive connection, {BARE_REQUESTS} requests: "
        f"p50 {bare[1]:.1f} ms, p99 {bare[2]:.1f} ms"
    )
    print(
        f"  {'endpoint':<44} {'requests':>8} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95/bare p99':>12}"
    )
    for row in stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        p50, p95, p99 = (float(row[p] or 0) for p in ("50%", "95%", "99%"))
        print(
            f"  {name:<44} {int(row['Request Count']):>8,} {int(row['Failure Count']):>5} "
            f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {p95 / max(bare[2], 0.1):>11.0f}x"
        )
    print("  server workers' memory (RSS, MB) at the start, the middle, the end of the load:")
    for pid, samples in sorted(memory.items()):
        print(f"    worker {pid}: " + " → ".join(f"{s / 2**20:.0f}" for s in samples))
    failures = sum(int(row["Failure Count"]) for row in stats if row["Name"] == "Aggregated")
    print(f"  target: 0 failures ({failures} seen); p95 < 500 ms for every endpoint under the load; flat memory")


BARE_REQUESTS = 500


def _bare(port: int) -> tuple[float, float, float]:
    """The server's floor: /healthz one request after another on one connection; (requests/s, p50, p99 ms)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(BARE_REQUESTS):
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        times.append((time.perf_counter() - started) * 1000)
    connection.close()
    return len(times) / (sum(times) / 1000), _pct(times, 50), _pct(times, 99)


def _data() -> dict:
    """What the locust users need, written to a file for their process."""
    procedure_code, documents, fee = _procedure()
    procedures = list(
        Procedure.objects.filter(published_version__isnull=False).order_by("code").values_list("code", flat=True)
    )
    random.Random(2026).shuffle(procedures)
    sessions = {}
    for who in ("specialist", "counter"):
        client = Client()
        client.force_login(User.objects.get(username=PEOPLE[who]))
        sessions[who] = {"sessionid": client.cookies["sessionid"].value}
    tokens = {
        who: issue_api_token(user=User.objects.get(username=username), name="mixed load", rate_limit=10**6)[1]
        for who, username in PEOPLE.items()
    }
    return {
        "procedures": procedures[:500],
        "queries": list(QUERIES),
        "lookups": _lookup_pairs(),
        "tokens": tokens,
        "sessions": sessions,
        "reception": {
            "procedure": procedure_code,
            "agency": AGENCY,
            "documents": [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in documents],
            "fees": [{"label": fee.label, "amount": fee.amount, "method": fee.method, "receipt_number": "BL-LOAD"}],
        },
    }


def _locust(
    port: int, data: Path, workdir: Path, minutes: float, users: int, server_pid: int
) -> tuple[dict[int, list[int]], list[dict[str, str]]]:
    """Runs locust headless for `minutes`; samples the workers' RSS at the start, the middle and the end."""
    locust = Path(sys.executable).with_name("locust")
    prefix = workdir / "locust"
    command = [
        str(locust), "-f", str(HERE / "mixed_locust.py"), "--headless", "--only-summary",
        "-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{int(minutes * 60)}s",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--stop-timeout", "30",
    ]  # fmt: skip
    env = {**os.environ, "MOTCUA_MIXED_DATA": str(data)}
    log = open(workdir / "locust.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    memory: dict[int, list[int]] = {}
    stop = threading.Event()

    def sample() -> None:
        for pid, rss in _worker_rss(server_pid).items():
            memory.setdefault(pid, []).append(rss)

    def sampler() -> None:
        seconds = minutes * 60
        for at in (SPAWN_RATE and users / SPAWN_RATE + 5, seconds / 2, seconds - 5):
            if stop.wait(max(0.0, at - (time.monotonic() - began))):
                return
            sample()

    began = time.monotonic()
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    code = process.wait()
    stop.set()
    log.close()
    if code not in (0, 1):  # locust exits 1 when some requests failed: reported below, not raised
        raise RuntimeError(f"locust failed ({code}): {(workdir / 'locust.log').read_text()[-2000:]}")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        stats = list(csv.DictReader(f))
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(failures.open(encoding="utf-8")))[:10]:
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error'][:300]} ({row['Occurrences']}x)")
    return memory, stats


def _worker_rss(server_pid: int) -> dict[int, int]:
    """RSS of each process under the server (gunicorn's workers; the master has children, they do not)."""
    rss = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if not child.children():
                rss[child.pid] = child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return rss
